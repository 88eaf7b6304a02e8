import type { MarketEvent } from '@surv/domain';
import { compileApplication } from '@surv/kav2-sql';
import { loadDetectionApplication } from '@surv/detection';
import { normalise, sortRows, type Row } from './batch-detection';

/** Runs the streaming application (the KAV2 engine, event-time ROWTIME) over the events, then flushes. */
export const runStreamingDetection = (events: readonly MarketEvent[]): { rows: Row[]; errors: unknown[] } => {
  const app = loadDetectionApplication();
  const engine = compileApplication(app.sql, app.inputSchema, { rowtime: { field: 'event_time' } });
  const rows: Row[] = [];
  const errors: unknown[] = [];
  engine.on('DESTINATION_SQL_STREAM', (r) => rows.push(Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, normalise(v)]))));
  engine.on('error_stream', (r) => errors.push(r.values));
  for (const e of events) engine.push(JSON.stringify(e));
  engine.flush();
  engine.close();
  return { rows: sortRows(rows), errors };
};
