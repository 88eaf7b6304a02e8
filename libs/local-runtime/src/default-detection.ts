import { alertFromRow, loadDetectionApplication } from '@surv/detection';
import { compileApplication } from '@surv/kav2-sql';
import type { StreamingApp } from '@surv/pipeline';
import type { DetectionFactory } from './detection-factory';

/**
 * The production detection runtime: the `@surv/detection` KAV2 SQL application compiled by
 * `@surv/kav2-sql`, ROWTIME from `event_time` in replay or the record's arrival time live.
 * `detected_at` is the window end, so a replay yields identical alerts.
 */
export const defaultDetection: DetectionFactory = ({ rowtime }) => {
  const application = loadDetectionApplication();
  const compiled = compileApplication(application.sql, application.inputSchema, { rowtime: rowtime === 'event' ? { field: 'event_time' } : 'arrival' });
  // The compiled app emits { rowtime, values }; the stages work on the column values.
  const app: StreamingApp = {
    push: (record, meta) => compiled.push(record, meta),
    flush: () => compiled.flush(),
    on: (stream, listener) => compiled.on(stream, (row) => listener(row.values as Record<string, unknown>)),
  };
  return {
    app,
    toAlert: (row) => alertFromRow(row, { detectedAt: row['WINDOW_END'] as number | Date | string }),
  };
};
