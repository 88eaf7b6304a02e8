import { alertFromRow, loadDetectionApplication, type DetectionApplication } from '@surv/detection';
import { compileApplication, type Application } from '@surv/kav2-sql';
import type { StreamingApp } from '@surv/pipeline';
import type { Alert } from '@surv/domain';

/** One compiled detection application plus the adapters the pipeline's `Detector` takes. */
export interface DetectionRuntime {
  readonly compiled: Application;
  readonly app: StreamingApp;
  readonly toAlert: (row: Record<string, unknown>) => Alert;
}

/**
 * Compiles the shared detection application with ROWTIME = `event_time`, so windows depend on the
 * events only (a redelivered batch gives the same alerts), and `detected_at` = window end.
 */
export const createDetectionRuntime = (application: DetectionApplication = loadDetectionApplication()): DetectionRuntime => {
  const compiled = compileApplication(application.sql, application.inputSchema, { rowtime: { field: 'event_time' } });
  const app: StreamingApp = {
    push: (record) => compiled.push(record),
    flush: () => compiled.flush(),
    on: (stream, listener) => {
      compiled.on(stream, (row) => listener(row.values as Record<string, unknown>));
    },
  };
  return { compiled, app, toAlert: (row) => alertFromRow(row, { detectedAt: row['WINDOW_END'] as number | Date | string }) };
};
