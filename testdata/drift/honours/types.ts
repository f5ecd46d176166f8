// the implementation's own spec, written by hand

export type ExportFormat = 'csv' | 'json';

export type ExportStatus = 'pending' | 'running' | 'completed' | 'failed';

export interface ExportJob {
  id: string;
  customerId: string;
  format: ExportFormat;
  status: ExportStatus;
  createdAt: string;
  completedAt?: string;
  downloadUrl?: string;
}

/** What the admin console renders for one job. */
export interface ExportJobView {
  job: ExportJob;
  progressPercent: number;
  // ...
}
