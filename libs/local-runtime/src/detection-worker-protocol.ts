import type { Alert } from '@surv/domain';

/**
 * Main thread -> detection worker: one batch of JSON records in feeding order, or end of input. The
 * records come as `text`, their UTF-8 bytes joined by NUL (a byte valid JSON text never holds raw), in
 * one transferred buffer, or as `lines` when some record's bytes are not its exact text.
 */
export type DetectionWorkerCommand =
  | { readonly type: 'batch'; readonly text: Uint8Array; readonly arrivals: readonly number[] | undefined }
  | { readonly type: 'batch'; readonly lines: readonly string[]; readonly arrivals: readonly number[] | undefined }
  | { readonly type: 'flush' };

/** Separates records in a batch's `text`. */
export const RECORD_SEPARATOR = 0;

export type DetectionWorkerRequest = DetectionWorkerCommand & { readonly id: number };

/** Detection worker -> main thread: the alerts a request raised, or why it failed. */
export type DetectionWorkerReply =
  | { readonly id: number; readonly alerts: readonly Alert[]; readonly droppedRows: readonly string[] }
  | { readonly id: number; readonly error: string };

export interface DetectionWorkerData {
  readonly rowtime: 'event' | 'arrival';
}
