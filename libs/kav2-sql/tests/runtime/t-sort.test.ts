import { compileApplication, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['TS', 'TIMESTAMP'], ['TICKER', 'VARCHAR(4)'], ['PRICE', 'INTEGER']]);
/** A trade that arrives at `at` seconds with event time `ts` seconds (null: no timestamp). */
const trade = (at: number, ts: number | null, ticker = 'A', price = 1) => ({ at: sec(at), rec: { TS: ts === null ? null : new Date(sec(ts)).toISOString(), TICKER: ticker, PRICE: price } });
const SORTED = `CREATE STREAM D (ts TIMESTAMP, ticker VARCHAR(4), price INTEGER);
  CREATE PUMP P AS INSERT INTO D SELECT STREAM ts AS ROWTIME, ts, ticker, price FROM "SOURCE_SQL_STREAM_001"
  ORDER BY ts WITHIN INTERVAL '10' SECOND, ticker;`;
const times = (rows: readonly OutputRow[]) => rows.map((r) => (r.rowtime - sec(0)) / 1000);
const errorOf = (sql: string) => compileErrorOf(sql, schema);

describe('T-sort: ORDER BY <timestamp_expr> WITHIN <interval>', () => {
  it('reorders rows by timestamp, each leaving once a timestamp more than the interval after its own arrives, with it as ROWTIME', () => {
    const { app, rows, errors } = runApp(SORTED, schema, [trade(1, 5), trade(2, 3), trade(3, 9), trade(4, 14), trade(5, 16), trade(6, 12), trade(7, 26)], { stream: 'D' });
    expect(errors).toEqual([]);
    // 16 releases what is before 6; 26 releases what is before 16.
    expect(times(rows)).toEqual([3, 5, 9, 12, 14]);
    expect(rows.map((r) => r.values.TS)).toEqual(rows.map((r) => r.rowtime));
    app.flush();
    expect(times(rows)).toEqual([3, 5, 9, 12, 14, 16, 26]);
  });

  it('orders rows of one timestamp by the other keys, then in arrival order', () => {
    const { rows } = runApp(SORTED, schema, [trade(1, 5, 'B', 1), trade(2, 5, 'A', 2), trade(3, 4, 'C', 3), trade(4, 5, 'A', 4)], { stream: 'D', flush: true });
    expect(rows.map((r) => [(r.rowtime - sec(0)) / 1000, r.values.TICKER, r.values.PRICE])).toEqual([[4, 'C', 3], [5, 'A', 2], [5, 'A', 4], [5, 'B', 1]]);
  });

  it('sends a row more than the interval before the latest timestamp to error_stream as LATE_ROW', () => {
    const { rows, errors } = runApp(SORTED, schema, [trade(1, 20), trade(2, 10), trade(3, 9), trade(4, 15)], { stream: 'D', flush: true });
    expect(times(rows)).toEqual([10, 15, 20]);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['LATE_ROW']);
    expect(String(errors[0]!.values.MESSAGE)).toBe('row is late: its ORDER BY timestamp 2018-06-13T14:10:09.000Z is more than 10000 ms (WITHIN) before 2018-06-13T14:10:20.000Z, the latest seen');
  });

  it('discards a row whose timestamp is NULL', () => {
    const { rows, errors } = runApp(SORTED, schema, [trade(1, 1), trade(2, null), trade(3, 2)], { stream: 'D', flush: true });
    expect(errors).toEqual([]);
    expect(times(rows)).toEqual([1, 2]);
  });

  it('releases nothing on time alone (rowtime bounds are ignored), everything in order at flush()', () => {
    const { app, rows } = runApp(SORTED, schema, [trade(1, 3), trade(2, 1)], { stream: 'D' });
    app.advanceTo(sec(3600));
    expect(rows).toEqual([]);
    app.flush();
    expect(times(rows)).toEqual([1, 3]);
  });

  it('with WITHIN INTERVAL \'0\' SECOND passes rows in order and refuses any that goes back', () => {
    const sql = SORTED.replace("INTERVAL '10' SECOND", "INTERVAL '0' SECOND");
    const { rows, errors } = runApp(sql, schema, [trade(1, 1), trade(2, 2), trade(3, 2), trade(4, 1), trade(5, 3)], { stream: 'D' });
    expect(times(rows)).toEqual([1, 2, 2]);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['LATE_ROW']);
  });

  it('lets a later pump window a T-sorted stream without late rows', () => {
    const sql = `${SORTED}
      CREATE STREAM C (n BIGINT);
      CREATE PUMP P2 AS INSERT INTO C SELECT STREAM COUNT(*) FROM D GROUP BY STEP(D.ROWTIME BY INTERVAL '10' SECOND);`;
    const { rows, errors } = runApp(sql, schema, [trade(1, 8), trade(2, 11), trade(3, 9), trade(4, 25), trade(5, 31)], { stream: 'C', flush: true });
    expect(errors).toEqual([]);
    expect(rows.map((r) => [(r.rowtime - sec(0)) / 1000, r.values.N])).toEqual([[10, 2], [20, 1], [30, 1], [40, 1]]);
  });

  it('accepts a qualified ROWTIME in the leading expression (FLOOR(s.ROWTIME TO MINUTE), the page\'s example that works)', () => {
    const sql = `CREATE STREAM D (ticker VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM FLOOR(s.ROWTIME TO MINUTE) AS ROWTIME, ticker FROM "SOURCE_SQL_STREAM_001" AS s
      ORDER BY FLOOR(s.ROWTIME TO MINUTE) WITHIN INTERVAL '1' MINUTE;`;
    const { rows } = runApp(sql, schema, [trade(1, 0, 'A'), trade(70, 0, 'B'), trade(200, 0, 'C')], { stream: 'D', flush: true });
    expect(rows.map((r) => [(r.rowtime - sec(0)) / 1000, r.values.TICKER])).toEqual([[0, 'A'], [60, 'B'], [180, 'C']]);
  });

  it.each([
    ['an unqualified ROWTIME in the leading expression (the page\'s ORDER BY FLOOR(ROWTIME TO MINUTE), which fails)',
      'SELECT STREAM FLOOR(s.ROWTIME TO MINUTE) AS ROWTIME, ticker FROM "SOURCE_SQL_STREAM_001" AS s ORDER BY FLOOR(ROWTIME TO MINUTE) WITHIN INTERVAL \'1\' MINUTE',
      'KAV2_INVALID_ARGUMENT', 141, /must not use ROWTIME, which it defines; .*s\.ROWTIME/],
    ['DESC on the leading expression', 'SELECT STREAM ts AS ROWTIME, ticker FROM "SOURCE_SQL_STREAM_001" ORDER BY ts DESC WITHIN INTERVAL \'1\' MINUTE',
      'KAV2_INVALID_ARGUMENT', 109, /cannot be DESC/],
    ['a leading expression that is not a TIMESTAMP', 'SELECT STREAM ts AS ROWTIME, ticker FROM "SOURCE_SQL_STREAM_001" ORDER BY price WITHIN INTERVAL \'1\' MINUTE',
      'KAV2_TYPE_MISMATCH', 106, /must be a TIMESTAMP, got INTEGER/],
    ['a leading expression that is not the select item aliased ROWTIME', 'SELECT STREAM ts, ticker FROM "SOURCE_SQL_STREAM_001" ORDER BY ts WITHIN INTERVAL \'1\' MINUTE',
      'KAV2_INVALID_ARGUMENT', 95, /aliased ROWTIME/],
    ['an interval below zero', 'SELECT STREAM ts AS ROWTIME, ticker FROM "SOURCE_SQL_STREAM_001" ORDER BY ts WITHIN INTERVAL -\'1\' MINUTE',
      'KAV2_INVALID_ARGUMENT', 116, /zero or more/],
  ])('refuses %s at its position', (_, query, code, column, message) => {
    const e = errorOf(`CREATE STREAM D (ticker VARCHAR(4));\nCREATE PUMP P AS INSERT INTO D ${query};`);
    expect(e).toMatchObject({ code, line: 2, column });
    expect(e.message).toMatch(message);
  });

  it('explains its keys and interval', () => {
    expect(compileApplication(SORTED, schema).explain()).toContain('  1. TSort by $0, $1 within 10000ms');
  });

  it('snapshots the rows it holds and continues exactly after restore(); it holds only rows within the interval', () => {
    const input = Array.from({ length: 60 }, (_, i) => trade(i, i - ((i * 7) % 5), ['A', 'B', 'C'][i % 3], i));
    const straight = runApp(SORTED, schema, input, { stream: 'D', flush: true });
    expect(straight.errors).toEqual([]);
    for (const cut of [1, 20, 41]) {
      const first = runApp(SORTED, schema, input.slice(0, cut), { stream: 'D' });
      const state = JSON.parse(JSON.stringify(first.app.snapshot())) as ReturnType<typeof first.app.snapshot>;
      expect((state.pumps.P![0] as { rows: unknown[] }).rows.length).toBeLessThanOrEqual(16);
      const second = compileApplication(SORTED, schema);
      second.restore(state);
      const rest: OutputRow[] = [];
      second.on('D', (r) => rest.push(r));
      for (const r of input.slice(cut)) second.push(r.rec, { arrivalTime: r.at });
      second.flush();
      expect([...first.rows, ...rest]).toEqual(straight.rows);
    }
    expect(times(straight.rows)).toEqual([...times(straight.rows)].sort((a, b) => a - b));
  });
});
