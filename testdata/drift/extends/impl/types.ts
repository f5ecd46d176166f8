interface Record {
  id: string;
  /** Seconds since the epoch. */
  createdAt: number;
}

export type JobState = "done" | "queued" | "running";

export interface Job extends Record {
  state: JobState;
  owner: {
    name: string;
    team?: string;
  };
}

interface AllJobHooks {
  onStart: JobHook;
  onDone: JobHook;
}

export type JobHook = (job: Job) => void;

export type JobHooks = Partial<AllJobHooks>;
