import { compileApplication, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['TICKER', 'VARCHAR(4)'], ['PRODID', 'INTEGER'], ['TS', 'TIMESTAMP']]);
const trade = (s: number, ticker: string | null, prodId = 0) => ({ at: sec(s), rec: { TICKER: ticker, PRODID: prodId } });
const flat = (rows: readonly OutputRow[]) => rows.map((r) => [r.rowtime, ...Object.values(r.values)]);
const errorOf = (sql: string) => {
  try {
    compileApplication(sql, schema, { inputStreamName: 'TRADES' });
  } catch (e) {
    return e as { code: string; line: number; column: number; message: string };
  }
  throw new Error('compiled');
};

describe('SELECT STREAM DISTINCT', () => {
  it('drops the tickers already seen at the same ROWTIME, sorted by ORDER BY ROWTIME, ticker (the ORDER BY page\'s query that succeeds)', () => {
    const sql = `CREATE STREAM D (ticker VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT rowtime, ticker FROM "SOURCE_SQL_STREAM_001" ORDER BY ROWTIME, ticker;`;
    const { rows, errors } = runApp(sql, schema, [trade(1, 'B'), trade(1, 'A'), trade(1, 'B'), trade(2, 'B'), trade(2, 'B'), trade(3, 'C')], { stream: 'D', flush: true });
    expect(errors).toEqual([]);
    expect(flat(rows)).toEqual([[sec(1), 'A'], [sec(1), 'B'], [sec(2), 'B'], [sec(3), 'C']]);
  });

  it('keeps a plain ROWTIME item as a column when the target stream has one for it, still leaving it out of the comparison', () => {
    const sql = `CREATE STREAM D (t TIMESTAMP, ticker VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT rowtime, ticker FROM "SOURCE_SQL_STREAM_001";`;
    const { rows } = runApp(sql, schema, [trade(1, 'A'), trade(1, 'A'), trade(2, 'A')], { stream: 'D' });
    expect(flat(rows)).toEqual([[sec(1), sec(1), 'A'], [sec(2), sec(2), 'A']]);
  });

  it('finds unique products per day, ignoring ROWTIME, and emits each at once with its own ROWTIME (the SELECT DISTINCT page\'s example)', () => {
    const sql = `CREATE STREAM D (prodId INTEGER, d TIMESTAMP);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT ROWTIME, prodId, FLOOR(Orders.ROWTIME TO DAY) FROM Orders;`;
    const day = 86_400;
    const { app, rows, errors } = runApp(sql, schema, [trade(1, 'x', 7), trade(5, 'x', 8), trade(9, 'x', 7), trade(day, 'x', 7), trade(day + 1, 'x', 7)], { stream: 'D', inputStreamName: 'ORDERS' });
    expect(errors).toEqual([]);
    const d0 = Date.parse('2018-06-13T00:00:00Z');
    expect(flat(rows)).toEqual([[sec(1), 7, d0], [sec(5), 8, d0], [sec(day), 7, d0 + day * 1000]]);
    expect(app.explain()).toContain('Distinct on ($0, $1) per value of $1');
  });

  it('treats NULL as equal to NULL', () => {
    const sql = `CREATE STREAM D (ticker VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT FLOOR(ROWTIME TO MINUTE) AS ROWTIME, ticker FROM "SOURCE_SQL_STREAM_001";`;
    const { rows } = runApp(sql, schema, [trade(1, null), trade(2, null), trade(3, 'A')], { stream: 'D' });
    expect(rows.map((r) => r.values.TICKER)).toEqual([null, 'A']);
  });

  it('forgets the rows of a value once the monotonic item moves on, keeping state to one value', () => {
    const sql = `CREATE STREAM D (m TIMESTAMP, ticker VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT STEP(ROWTIME BY INTERVAL '10' SECOND), ticker FROM "SOURCE_SQL_STREAM_001";`;
    const input = Array.from({ length: 300 }, (_, i) => trade(i, `T${i % 7}`));
    const { app, rows } = runApp(sql, schema, input, { stream: 'D' });
    expect(rows).toHaveLength(30 * 7);
    const state = app.snapshot().pumps.P![1] as { rows: unknown[] };
    expect(state.rows).toHaveLength(7);
  });

  it('snapshots the current value\'s keys and continues exactly after restore()', () => {
    const sql = `CREATE STREAM D (m TIMESTAMP, ticker VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT STEP(ROWTIME BY INTERVAL '10' SECOND), ticker FROM "SOURCE_SQL_STREAM_001";`;
    const input = Array.from({ length: 40 }, (_, i) => trade(i * 3, `T${(i * 5) % 4}`));
    const straight = runApp(sql, schema, input, { stream: 'D' }).rows;
    for (const cut of [2, 13, 31]) {
      const first = runApp(sql, schema, input.slice(0, cut), { stream: 'D' });
      const state = JSON.parse(JSON.stringify(first.app.snapshot())) as ReturnType<typeof first.app.snapshot>;
      const second = compileApplication(sql, schema);
      second.restore(state);
      const rest: OutputRow[] = [];
      second.on('D', (r) => rest.push(r));
      for (const r of input.slice(cut)) second.push(r.rec, { arrivalTime: r.at });
      expect([...first.rows, ...rest]).toEqual(straight);
    }
  });

  it('sends a row whose monotonic value goes back to error_stream as LATE_ROW', () => {
    const app = compileApplication(`CREATE STREAM D (ticker VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT rowtime, ticker FROM "SOURCE_SQL_STREAM_001";`, schema, { rowtime: { field: 'TS' } });
    const rows: OutputRow[] = [];
    const errors: OutputRow[] = [];
    app.on('D', (r) => rows.push(r));
    app.on('error_stream', (r) => errors.push(r));
    for (const [t, k] of [[5, 'A'], [7, 'A'], [6, 'A']] as const) app.push({ TS: new Date(sec(t)).toISOString(), TICKER: k });
    expect(rows.map((r) => r.rowtime)).toEqual([sec(5), sec(7)]);
    expect(errors.map((e) => e.values.MESSAGE)).toEqual(['row is late: its ROWTIME 2018-06-13T14:10:06.000Z is before 2018-06-13T14:10:07.000Z; SELECT DISTINCT has forgotten the rows of earlier values']);
  });

  it('takes the T-sorted ROWTIME as its monotonic item', () => {
    const sql = `CREATE STREAM D (ticker VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT ts AS ROWTIME, ticker FROM "SOURCE_SQL_STREAM_001" ORDER BY ts WITHIN INTERVAL '5' SECOND;`;
    const at = (s: number, ts: number, k: string) => ({ at: sec(s), rec: { TS: new Date(sec(ts)).toISOString(), TICKER: k } });
    const { rows, errors } = runApp(sql, schema, [at(1, 2, 'A'), at(2, 1, 'A'), at(3, 2, 'A'), at(4, 1, 'B'), at(5, 1, 'A')], { stream: 'D', flush: true });
    expect(errors).toEqual([]);
    expect(flat(rows)).toEqual([[sec(1), 'A'], [sec(1), 'B'], [sec(2), 'A']]);
  });

  it('refuses the ORDER BY page\'s SELECT STREAM DISTINCT ticker FROM trades ORDER BY ticker at the ORDER BY key', () => {
    const e = errorOf(`CREATE STREAM D (ticker VARCHAR(4));
CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT ticker FROM trades ORDER BY ticker;`);
    expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 2, column: 83 });
    expect(e.message).toMatch(/time-based and monotonic/);
  });

  it('refuses DISTINCT without a monotonic select item at DISTINCT', () => {
    const e = errorOf(`CREATE STREAM D (ticker VARCHAR(4));
CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT ticker FROM trades;`);
    expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 2, column: 46 });
    expect(e.message).toMatch(/SELECT STREAM DISTINCT needs a select item that is time-based and monotonic/);
  });

  it('refuses an ORDER BY key that is not a select item under DISTINCT', () => {
    const e = errorOf(`CREATE STREAM D (ticker VARCHAR(4));
CREATE PUMP P AS INSERT INTO D SELECT STREAM DISTINCT rowtime, ticker FROM trades ORDER BY ROWTIME, prodId;`);
    expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 2, column: 101 });
    expect(e.message).toMatch(/with SELECT DISTINCT, an ORDER BY expression must be one of the select items/);
  });
});
