import fc from 'fast-check';
import { compileApplication, formatRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec, T0, TICKER_SCHEMA, dataRowText } from '../helpers';

const AGG_SQL = `
  CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), cnt BIGINT, total DOUBLE, lo REAL, hi REAL, mean DOUBLE, d BIGINT);
  CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, COUNT(*), SUM(price), MIN(price), MAX(price), AVG(price), COUNT(DISTINCT sector)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);`;

const tick = (at: number, t: string, price: number, sector = 'TECH') => ({ at, rec: { TICKER_SYMBOL: t, SECTOR: sector, CHANGE: 0, PRICE: price } });

describe('tumbling windows (GROUP BY STEP / FLOOR on ROWTIME)', () => {
  it('emits each window once ROWTIME passes its end, with ROWTIME = window end, groups in first-seen order', () => {
    const { rows, errors } = runApp(AGG_SQL, TICKER_SCHEMA, [
      tick(sec(1), 'AMZN', 10), tick(sec(2), 'AAPL', 5, 'TECH'), tick(sec(30), 'AMZN', 20, 'RETAIL'),
      tick(sec(61), 'AMZN', 7),
    ]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [new Date(r.rowtime).toISOString(), r.values])).toEqual([
      ['2018-06-13T14:11:00.000Z', { TICKER: 'AMZN', CNT: 2, TOTAL: 30, LO: 10, HI: 20, MEAN: 15, D: 2 }],
      ['2018-06-13T14:11:00.000Z', { TICKER: 'AAPL', CNT: 1, TOTAL: 5, LO: 5, HI: 5, MEAN: 5, D: 1 }],
    ]);
  });

  it('emits nothing for a window that never closes unless flush() is called', () => {
    const { app, rows } = runApp(AGG_SQL, TICKER_SCHEMA, [tick(sec(1), 'AMZN', 10)]);
    expect(rows).toEqual([]);
    app.flush();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rowtime).toBe(sec(60));
    app.flush();
    expect(rows).toHaveLength(1);
  });

  it('treats rows for a window already emitted (e.g. by flush) as late instead of emitting it twice', () => {
    const { app, rows, errors } = runApp(AGG_SQL, TICKER_SCHEMA, [tick(sec(1), 'AMZN', 10)], { flush: true });
    app.push(tick(sec(2), 'AMZN', 1).rec, { arrivalTime: sec(2) });
    app.push(tick(sec(61), 'AMZN', 5).rec, { arrivalTime: sec(61) });
    app.flush();
    expect(rows.map((r) => [r.rowtime, r.values.TOTAL])).toEqual([[sec(60), 10], [sec(120), 5]]);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['LATE_ROW']);
  });

  it('advanceTo closes windows without a row', () => {
    const { app, rows } = runApp(AGG_SQL, TICKER_SCHEMA, [tick(sec(1), 'AMZN', 10)]);
    app.advanceTo(sec(59));
    expect(rows).toHaveLength(0);
    app.advanceTo(sec(60));
    expect(rows).toHaveLength(1);
  });

  it('sends rows behind the current window to error_stream as late, and keeps going', () => {
    const sql = AGG_SQL;
    const app = compileApplication(sql, TICKER_SCHEMA, { rowtime: { field: 'ts' } });
    const rows: unknown[] = [];
    const errors: { values: Record<string, unknown> }[] = [];
    app.on('DESTINATION_SQL_STREAM', (r) => rows.push(r.values));
    app.on('error_stream', (r) => errors.push(r));
    const at = (s: number) => new Date(sec(s)).toISOString();
    app.push({ TICKER_SYMBOL: 'AMZN', PRICE: 1, ts: at(10) });
    app.push({ TICKER_SYMBOL: 'AMZN', PRICE: 2, ts: at(70) });
    app.push({ TICKER_SYMBOL: 'AMZN', PRICE: 3, ts: at(65) }); // same window as 70: not late
    app.push({ TICKER_SYMBOL: 'AMZN', PRICE: 4, ts: at(20) }); // window [0,60) closed: late
    app.flush();
    expect(rows.map((r) => (r as { TOTAL: number }).TOTAL)).toEqual([1, 5]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.values).toMatchObject({ ERROR_NAME: 'LATE_ROW', PUMP_NAME: 'STREAM_PUMP', DATA_ROWTIME: sec(20) });
    expect(errors[0]!.values.MESSAGE).toMatch(/row is late/);
    expect(JSON.parse(dataRowText(errors[0]!))).toEqual({ TICKER_SYMBOL: 'AMZN', SECTOR: null, CHANGE: null, PRICE: 4 });
  });

  it('supports FLOOR(ROWTIME TO MINUTE), HAVING, CASE, CAST and a ROWTIME select item', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (ws TIMESTAMP, ticker VARCHAR(4), kind VARCHAR(8), n INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM ROWTIME, FLOOR(ROWTIME TO MINUTE), ticker_symbol,
          CASE WHEN MAX(price) > 100 THEN 'HIGH' ELSE 'LOW' END, CAST(COUNT(*) AS INTEGER)
        FROM "SOURCE_SQL_STREAM_001"
        GROUP BY ticker_symbol, FLOOR(ROWTIME TO MINUTE)
        HAVING COUNT(*) >= 2;`;
    const { rows } = runApp(sql, TICKER_SCHEMA, [
      tick(sec(1), 'AMZN', 150), tick(sec(2), 'AMZN', 10), tick(sec(3), 'AAPL', 1), tick(sec(4), 'IBM', 1), tick(sec(5), 'IBM', 2),
    ], { flush: true });
    const columns = [{ name: 'WS', type: 'TIMESTAMP' }, { name: 'TICKER', type: 'VARCHAR(4)' }, { name: 'KIND', type: 'VARCHAR(8)' }, { name: 'N', type: 'INTEGER' }];
    expect(rows.map((r) => formatRow(r, columns, { emitRowtime: true }))).toEqual([
      { ROWTIME: '2018-06-13T14:11:00.000Z', WS: '2018-06-13T14:10:00.000Z', TICKER: 'AMZN', KIND: 'HIGH', N: 2 },
      { ROWTIME: '2018-06-13T14:11:00.000Z', WS: '2018-06-13T14:10:00.000Z', TICKER: 'IBM', KIND: 'LOW', N: 2 },
    ]);
  });

  it('computes VAR_POP, VAR_SAMP, STDDEV_POP and STDDEV_SAMP', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (vp DOUBLE, vs DOUBLE, sp DOUBLE, ss DOUBLE);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM VAR_POP(price), VAR_SAMP(price), STDDEV_POP(price), STDDEV_SAMP(price)
        FROM "SOURCE_SQL_STREAM_001" GROUP BY STEP(ROWTIME BY INTERVAL '1' MINUTE);`;
    const { rows } = runApp(sql, TICKER_SCHEMA, [2, 4, 4, 4, 5, 5, 7, 9].map((p, i) => tick(sec(i), 'X', p)), { flush: true });
    const v = rows[0]!.values;
    expect(v.VP).toBeCloseTo(4, 12);
    expect(v.VS).toBeCloseTo(32 / 7, 12);
    expect(v.SP).toBeCloseTo(2, 12);
    expect(v.SS).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('supports the documented FLOOR((ROWTIME - TIMESTAMP ...) MINUTE / n TO MINUTE) window form', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (n BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001"
        GROUP BY FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') MINUTE / 10 TO MINUTE);`;
    const { rows } = runApp(sql, TICKER_SCHEMA, [tick(T0 + 1000, 'A', 1), tick(T0 + 9 * 60_000, 'A', 1), tick(T0 + 10 * 60_000, 'A', 1)]);
    expect(rows).toEqual([{ rowtime: T0 + 10 * 60_000, values: { N: 2 } }]);
  });

  it('matches a naive batch GROUP BY on random inputs (property)', () => {
    const schema = jsonSchema([['K', 'VARCHAR(2)'], ['V', 'INTEGER']]);
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (k VARCHAR(2), ws TIMESTAMP, n BIGINT, s BIGINT, lo INTEGER, hi INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM k, STEP(ROWTIME BY INTERVAL '10' SECOND), COUNT(*), SUM(v), MIN(v), MAX(v)
        FROM "SOURCE_SQL_STREAM_001" GROUP BY k, STEP(ROWTIME BY INTERVAL '10' SECOND);`;
    fc.assert(fc.property(
      fc.array(fc.record({ gap: fc.integer({ min: 0, max: 7000 }), k: fc.constantFrom('a', 'b', 'c'), v: fc.integer({ min: -100, max: 100 }) }), { maxLength: 60 }),
      (events) => {
        const app = compileApplication(sql, schema);
        const got: unknown[] = [];
        app.on('DESTINATION_SQL_STREAM', (r) => got.push({ t: r.rowtime, ...r.values }));
        let t = T0;
        const timed = events.map((e) => ({ ...e, t: (t += e.gap) }));
        for (const e of timed) app.push({ K: e.k, V: e.v }, { arrivalTime: e.t });
        app.flush();
        // Naive reference: bucket by window then key, in first-seen order.
        const windows = new Map<number, Map<string, number[]>>();
        for (const e of timed) {
          const w = Math.floor(e.t / 10_000) * 10_000;
          const byKey = windows.get(w) ?? new Map<string, number[]>();
          windows.set(w, byKey);
          byKey.set(e.k, [...(byKey.get(e.k) ?? []), e.v]);
        }
        const want: unknown[] = [];
        for (const [w, byKey] of windows) {
          for (const [k, vs] of byKey) {
            want.push({ t: w + 10_000, K: k, WS: w, N: vs.length, S: vs.reduce((a, b) => a + b, 0), LO: Math.min(...vs), HI: Math.max(...vs) });
          }
        }
        expect(got).toEqual(want);
      },
    ), { numRuns: 60 });
  });
});
