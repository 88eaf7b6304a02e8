import { compileApplication } from '@surv/kav2-sql';
import { reportAppRun, seededRandom } from './bench-report';

// Pushes market-event JSON lines through a KDA SQL application (tumbling GROUP BY with CASE aggregates,
// a chained filter pump, and a sliding window), replayed on event time. Never fails on timing.
const N = Number(process.env.BENCH_EVENTS ?? 300_000);
const rand = seededRandom(11);
const t0 = Date.parse('2024-03-05T13:00:00Z');
const types = ['ORDER_NEW', 'ORDER_CANCEL', 'TRADE'];
const lines: string[] = [];
for (let i = 0; i < N; i++) {
  lines.push(JSON.stringify({
    event_type: types[Math.floor(rand() * 3)], symbol: `S${i % 200}`, account_id: `A${i % 500}`, side: rand() < 0.5 ? 'BUY' : 'SELL',
    price: 10 + rand() * 500, quantity: 1 + Math.floor(rand() * 5000), event_time: new Date(t0 + i * 10).toISOString(),
  }));
}
const schema = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'EVENT_TYPE', SqlType: 'VARCHAR(16)', Mapping: '$.event_type' },
    { Name: 'SYMBOL', SqlType: 'VARCHAR(16)', Mapping: '$.symbol' },
    { Name: 'ACCOUNT_ID', SqlType: 'VARCHAR(32)', Mapping: '$.account_id' },
    { Name: 'SIDE', SqlType: 'VARCHAR(4)', Mapping: '$.side' },
    { Name: 'PRICE', SqlType: 'DOUBLE', Mapping: '$.price' },
    { Name: 'QUANTITY', SqlType: 'DOUBLE', Mapping: '$.quantity' },
  ],
};
const sql = `
  CREATE STREAM "ACTIVITY" (symbol VARCHAR(16), account_id VARCHAR(32), orders BIGINT, cancels BIGINT, buy_qty DOUBLE, sell_qty DOUBLE);
  CREATE STREAM "ALERTS" (symbol VARCHAR(16), account_id VARCHAR(32), cancels BIGINT);
  CREATE STREAM "MOVES" (symbol VARCHAR(16), avg_px DOUBLE);
  CREATE PUMP "P1" AS INSERT INTO "ACTIVITY"
    SELECT STREAM symbol, account_id, SUM(CASE WHEN event_type = 'ORDER_NEW' THEN 1 ELSE 0 END),
      SUM(CASE WHEN event_type = 'ORDER_CANCEL' THEN 1 ELSE 0 END),
      SUM(CASE WHEN event_type = 'TRADE' AND side = 'BUY' THEN quantity ELSE 0 END),
      SUM(CASE WHEN event_type = 'TRADE' AND side = 'SELL' THEN quantity ELSE 0 END)
    FROM "SOURCE_SQL_STREAM_001" GROUP BY symbol, account_id, STEP(ROWTIME BY INTERVAL '1' MINUTE);
  CREATE PUMP "P2" AS INSERT INTO "ALERTS" SELECT STREAM symbol, account_id, cancels FROM "ACTIVITY" WHERE cancels > 5;
  CREATE PUMP "P3" AS INSERT INTO "MOVES"
    SELECT STREAM symbol, AVG(price) OVER (PARTITION BY symbol RANGE INTERVAL '10' SECOND PRECEDING) FROM "SOURCE_SQL_STREAM_001";`;

// A long sliding window: 10 minutes over 10 symbols at a row every 10 ms holds 6,000 rows per partition,
// so this shows whether windowed aggregates cost per row or per row of the frame.
const slidingSql = `
  CREATE STREAM "PRICES" (symbol VARCHAR(16), avg_px DOUBLE, max_px DOUBLE, qty DOUBLE);
  CREATE PUMP "P1" AS INSERT INTO "PRICES"
    SELECT STREAM symbol, AVG(price) OVER W, MAX(price) OVER W, SUM(quantity) OVER W
    FROM "SOURCE_SQL_STREAM_001" WINDOW W AS (PARTITION BY symbol RANGE INTERVAL '10' MINUTE PRECEDING);`;
const slidingLines = lines.map((l, i) => l.replace(/"symbol":"S\d+"/, `"symbol":"S${i % 10}"`));

const run = (text: string, input: readonly string[]) => {
  const app = compileApplication(text, schema, { rowtime: { field: 'event_time' } });
  let out = 0;
  for (const s of app.outputStreams) app.on(s, () => out++);
  const start = process.hrtime.bigint();
  for (const l of input) app.push(l);
  app.flush();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, out, stateBytes: JSON.stringify(app.snapshot()).length };
};
for (const [scenario, text, input] of [['json-replay-3-pumps', sql, lines], ['sliding-range-10min-avg-max-sum', slidingSql, slidingLines]] as const) {
  reportAppRun(scenario, N, () => run(text, input));
}
