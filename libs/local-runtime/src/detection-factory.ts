import type { Alert } from '@surv/domain';
import type { StreamingApp } from '@surv/pipeline';

/** A fresh detection application and the mapping from its output rows to alerts. */
export interface DetectionRuntime {
  readonly app: StreamingApp;
  readonly toAlert: (row: Record<string, unknown>) => Alert;
  /** Output stream carrying alert rows. @default 'DESTINATION_SQL_STREAM' */
  readonly outputStream?: string;
}

/** Builds the detection runtime for a ROWTIME mode. */
export type DetectionFactory = (options: { rowtime: 'event' | 'arrival' }) => DetectionRuntime | Promise<DetectionRuntime>;
