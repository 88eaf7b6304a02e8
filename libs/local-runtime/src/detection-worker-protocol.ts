import type { Alert } from '@surv/domain';

/** Main thread -> detection worker: one batch of JSON lines in feeding order, or end of input. */
export type DetectionWorkerCommand =
  | { readonly type: 'batch'; readonly lines: readonly string[]; readonly arrivals: readonly number[] | undefined }
  | { readonly type: 'flush' };

export type DetectionWorkerRequest = DetectionWorkerCommand & { readonly id: number };

/** Detection worker -> main thread: the alerts a request raised, or why it failed. */
export type DetectionWorkerReply =
  | { readonly id: number; readonly alerts: readonly Alert[]; readonly droppedRows: readonly string[] }
  | { readonly id: number; readonly error: string };

export interface DetectionWorkerData {
  readonly rowtime: 'event' | 'arrival';
}
