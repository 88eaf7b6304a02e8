import type { Alert } from '@surv/domain';
import type { EncodedEventBatch } from './event-batch-codec';

/**
 * Main thread -> detection worker: one batch of validated events in feeding order (see
 * EncodedEventBatch), or end of input.
 */
export type DetectionWorkerCommand =
  | { readonly type: 'batch'; readonly events: EncodedEventBatch; readonly arrivals: readonly number[] | undefined }
  | { readonly type: 'flush' };

export type DetectionWorkerRequest = DetectionWorkerCommand & { readonly id: number };

/** Detection worker -> main thread: the alerts a request raised, or why it failed. */
export type DetectionWorkerReply =
  | { readonly id: number; readonly alerts: readonly Alert[]; readonly droppedRows: readonly string[] }
  | { readonly id: number; readonly error: string };

export interface DetectionWorkerData {
  readonly rowtime: 'event' | 'arrival';
}
