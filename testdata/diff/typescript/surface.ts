// A declaration surface of every kind the TypeScript rules compare; the compiler
// cross-check (scripts/peer-check-typescript) mutates it.
export declare function parse(text: string): Date;
export declare function parse(epoch: number, utc?: boolean): Date;
export declare function format(date: Date, pattern: string): string;
export declare function retry<T>(run: () => Promise<T>, attempts: number): Promise<T>;

export enum Level {
  Low,
  Medium,
  High,
}

export enum Channel {
  Email = "email",
  Sms = "sms",
}

export const enum Flag {
  None = 0,
  Urgent = 1,
}

export type Priority = "low" | "normal" | "high";

export interface Page<T> {
  items: T[];
  next?: string;
  total: number;
}

export interface Notice {
  id: string;
  level: Level;
  channel: Channel;
  priority: Priority;
  sentAt?: Date;
  tags: readonly string[];
  meta: { source: string; attempt: number };
}

export declare class Mailer {
  constructor(host: string, port?: number);
  readonly host: string;
  send(notice: Notice): Promise<void>;
  close(): void;
  static create(host: string): Mailer;
}
