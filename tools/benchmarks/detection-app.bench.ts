import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileApplication } from '@surv/kav2-sql';
import { loadDetectionApplication } from '@surv/detection';
import { streamMarket } from '@surv/simulator';
import { heapMb, report } from './bench-report';

// The detection application (KDA SQL) on our streaming engine, fed pre-serialised JSON records,
// next to a loop that only JSON.parses the same records, on one core. Goal: >= 50% of the baseline,
// and heap flat as the input grows (sampled every million). Then the same events in DuckDB (batch).
const N = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const BASELINE_N = Math.min(N, 1_000_000);
const app = loadDetectionApplication();
const simulation = () => streamMarket({ seed: 3, durationMs: Math.ceil((N / 2_000) * 1000 * 1.05), eventsPerSecond: 2_000 });

// Baseline and engine on the same first million pre-serialised lines.
const lines: string[] = [];
for (const e of simulation()) {
  lines.push(JSON.stringify(e));
  if (lines.length >= BASELINE_N) break;
}
const baseStart = performance.now();
let checksum = 0;
for (const l of lines) checksum += (JSON.parse(l) as { price: number }).price;
const baseSeconds = (performance.now() - baseStart) / 1000;

const engine = compileApplication(app.sql, app.inputSchema, { rowtime: { field: 'event_time' } });
let alerts = 0;
engine.on('DESTINATION_SQL_STREAM', () => alerts++);
const engStart = performance.now();
for (const l of lines) engine.push(l);
const engSeconds = (performance.now() - engStart) / 1000;
report('detection', 'kda-engine-vs-json-parse', {
  records: BASELINE_N,
  json_parse_baseline_rps: Math.round(BASELINE_N / baseSeconds),
  engine_rps: Math.round(BASELINE_N / engSeconds),
  ratio_to_baseline: +(baseSeconds / engSeconds).toFixed(2),
  goal_ratio: 0.5,
  checksum_ok: checksum > 0,
});
lines.length = 0;

// Memory as the input grows: stream N events through a fresh app, serialising on the fly.
const flat = compileApplication(app.sql, app.inputSchema, { rowtime: { field: 'event_time' } });
flat.on('DESTINATION_SQL_STREAM', () => alerts++);
const samples: number[] = [];
const dir = mkdtempSync(join(tmpdir(), 'surv-bench-det-'));
const file = join(dir, 'events.jsonl');
const out = createWriteStream(file);
const duckRows = Math.min(N, 2_000_000);
let n = 0;
const flatStart = performance.now();
for (const e of simulation()) {
  const line = JSON.stringify(e);
  flat.push(line);
  if (n < duckRows && !out.write(line + '\n')) await once(out, 'drain');
  if (++n % 1_000_000 === 0) samples.push(heapMb());
  if (n >= N) break;
}
flat.flush();
const flatSeconds = (performance.now() - flatStart) / 1000;
out.end();
await once(out, 'finish');
report('detection', 'heap-as-input-grows', {
  records: n,
  seconds_incl_generation: +flatSeconds.toFixed(1),
  heap_mb_at_1m: samples[0] ?? heapMb(),
  heap_mb_at_end: samples[samples.length - 1] ?? heapMb(),
  heap_samples_mb: samples.join('/'),
  state_kb: Math.round(JSON.stringify(flat.snapshot()).length / 1024),
});

// The same rules as batch queries in DuckDB over the first events (read, then both rules).
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const cols = `{event_id: 'VARCHAR', event_type: 'VARCHAR', event_time: 'VARCHAR', symbol: 'VARCHAR', venue: 'VARCHAR', account_id: 'VARCHAR', trader_id: 'VARCHAR', beneficial_owner: 'VARCHAR', order_id: 'VARCHAR', side: 'VARCHAR', price: 'DOUBLE', quantity: 'DOUBLE', counterparty_account_id: 'VARCHAR', counterparty_beneficial_owner: 'VARCHAR', trade_id: 'VARCHAR'}`;
const duckStart = performance.now();
await connection.run(`CREATE TABLE events AS SELECT *, CAST(event_time AS TIMESTAMP) AS rowtime FROM read_json('${file}', format = 'newline_delimited', columns = ${cols})`);
const loaded = performance.now();
let batchRows = 0;
for (const q of [app.batch.washTrade, app.batch.spoofing]) batchRows += (await connection.runAndReadAll(q)).getRowObjects().length;
const duckEnd = performance.now();
connection.closeSync();
instance.closeSync();
rmSync(dir, { recursive: true, force: true });
report('detection', 'duckdb-batch', {
  records: duckRows,
  load_seconds: +((loaded - duckStart) / 1000).toFixed(2),
  query_seconds: +((duckEnd - loaded) / 1000).toFixed(2),
  total_rps: Math.round(duckRows / ((duckEnd - duckStart) / 1000)),
  alert_rows: batchRows,
});
