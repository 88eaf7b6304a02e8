import { compileApplication, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['STATE', 'VARCHAR(4)'], ['CITY', 'VARCHAR(8)'], ['AMOUNT', 'INTEGER'], ['TS', 'TIMESTAMP']]);
const order = (s: number, state: string, city: string, amount: number | null) => ({ at: sec(s), rec: { STATE: state, CITY: city, AMOUNT: amount } });
const flat = (rows: readonly OutputRow[]) => rows.map((r) => [r.rowtime, ...Object.values(r.values)]);
const errorOf = (sql: string) => compileErrorOf(sql, schema);
/** The ORDER BY clause page's example, as a pump. */
const HOURLY = `CREATE STREAM D (state VARCHAR(4), city VARCHAR(8), total BIGINT);
  CREATE PUMP P AS INSERT INTO D SELECT STREAM state, city, SUM(amount) FROM "SOURCE_SQL_STREAM_001"
  GROUP BY FLOOR(ROWTIME TO HOUR), state, city
  ORDER BY FLOOR(ROWTIME TO HOUR), state, SUM(amount);`;
const H = 3000; // T0 is 14:10, so the first hour ends 3000 s later.

describe('streaming ORDER BY', () => {
  it('sorts each hour\'s GROUP BY results by the remaining keys, emitted when the hour closes (the ORDER BY page\'s example)', () => {
    const { rows, errors } = runApp(HOURLY, schema, [
      order(1, 'CA', 'SF', 5), order(2, 'CA', 'LA', 3), order(3, 'AZ', 'PHX', 4), order(4, 'CA', 'SD', 1), order(5, 'CA', 'SF', 1),
      order(H + 10, 'NV', 'LV', 2), order(H + 11, 'AZ', 'TUC', 9),
    ], { stream: 'D' });
    expect(errors).toEqual([]);
    // The first hour comes out when the first row of the next one arrives; the open hour stays.
    expect(flat(rows)).toEqual([
      [sec(H), 'AZ', 'PHX', 4], [sec(H), 'CA', 'SD', 1], [sec(H), 'CA', 'LA', 3], [sec(H), 'CA', 'SF', 6],
    ]);
  });

  it('emits a closed window\'s sorted rows as soon as time passes it, without waiting for the next window\'s rows', () => {
    const { app, rows } = runApp(HOURLY, schema, [order(1, 'CA', 'SF', 5), order(2, 'AZ', 'PHX', 4)], { stream: 'D' });
    app.advanceTo(sec(H));
    expect(flat(rows)).toEqual([[sec(H), 'AZ', 'PHX', 4], [sec(H), 'CA', 'SF', 5]]);
  });

  it('gathers the rows of one leading value (FLOOR(ROWTIME TO MINUTE)) and emits them sorted, all with the latest ROWTIME among them', () => {
    const sql = `CREATE STREAM D (city VARCHAR(8), amount INTEGER);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM city, amount FROM "SOURCE_SQL_STREAM_001"
      ORDER BY FLOOR(ROWTIME TO MINUTE), amount DESC, city;`;
    const { app, rows, errors } = runApp(sql, schema, [
      order(50, 'x', 'b', 1), order(55, 'x', 'a', 7), order(58, 'x', 'c', 1), order(61, 'x', 'd', 2), order(62, 'x', 'e', 3),
    ], { stream: 'D' });
    expect(errors).toEqual([]);
    expect(flat(rows)).toEqual([[sec(58), 'a', 7], [sec(58), 'b', 1], [sec(58), 'c', 1]]);
    app.flush();
    expect(flat(rows).slice(3)).toEqual([[sec(62), 'e', 3], [sec(62), 'd', 2]]);
  });

  it('sorts a UNION ALL by ROWTIME, MOD(x, 5), naming the first query\'s columns (the ORDER BY page\'s union example)', () => {
    const s2 = jsonSchema([['K', 'INTEGER'], ['X', 'INTEGER'], ['Y', 'VARCHAR(4)']]);
    const sql = `CREATE STREAM T1 (x INTEGER, y VARCHAR(4));
      CREATE STREAM T2 (a INTEGER, b VARCHAR(4));
      CREATE PUMP P1 AS INSERT INTO T1 SELECT STREAM x, y FROM "SOURCE_SQL_STREAM_001" WHERE k = 1;
      CREATE PUMP P2 AS INSERT INTO T2 SELECT STREAM x, y FROM "SOURCE_SQL_STREAM_001" WHERE k = 2;
      CREATE STREAM D (x INTEGER, y VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D
        SELECT STREAM x, y FROM t1
        UNION ALL
        SELECT STREAM a, b FROM t2 ORDER BY ROWTIME, MOD(x, 5);`;
    const r = (s: number, k: number, x: number, y: string) => ({ at: sec(s), rec: { K: k, X: x, Y: y } });
    const { rows, errors } = runApp(sql, s2, [r(1, 1, 9, 'a'), r(1, 2, 7, 'b'), r(1, 1, 5, 'c'), r(2, 2, 3, 'd'), r(3, 1, 1, 'e')], { stream: 'D', flush: true });
    expect(errors).toEqual([]);
    expect(flat(rows)).toEqual([[sec(1), 5, 'c'], [sec(1), 7, 'b'], [sec(1), 9, 'a'], [sec(2), 3, 'd'], [sec(3), 1, 'e']]);
  });

  it('takes ordinals and output names of the select list, and keys that are not in it', () => {
    const sql = `CREATE STREAM D (c VARCHAR(8), a INTEGER);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM city AS c, amount AS a FROM "SOURCE_SQL_STREAM_001"
      ORDER BY FLOOR(ROWTIME TO MINUTE), state, 2 DESC, c;`;
    const { rows } = runApp(sql, schema, [order(1, 'CA', 'x', 1), order(2, 'AZ', 'y', 1), order(3, 'CA', 'z', 2), order(4, 'CA', 'w', 2)], { stream: 'D', flush: true });
    expect(flat(rows).map((r) => r.slice(1))).toEqual([['y', 1], ['w', 2], ['z', 2], ['x', 1]]);
  });

  it('sorts NULL as the highest value unless NULLS FIRST / NULLS LAST says otherwise', () => {
    const run = (key: string) => runApp(`CREATE STREAM D (a INTEGER);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM amount FROM "SOURCE_SQL_STREAM_001" ORDER BY ROWTIME, ${key};`,
    schema, [order(1, 's', 'c', 2), order(1, 's', 'c', null), order(1, 's', 'c', 1)], { stream: 'D', flush: true }).rows.map((r) => r.values.A);
    expect(run('amount')).toEqual([1, 2, null]);
    expect(run('amount DESC')).toEqual([null, 2, 1]);
    expect(run('amount NULLS FIRST')).toEqual([null, 1, 2]);
    expect(run('amount DESC NULLS LAST')).toEqual([2, 1, null]);
  });

  it('gathers a leading GROUP BY key that is not the window until the key moves on (or flush), across windows', () => {
    const sql = `CREATE STREAM D (m TIMESTAMP, n BIGINT);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM FLOOR(ROWTIME TO MINUTE), COUNT(*) FROM "SOURCE_SQL_STREAM_001"
      GROUP BY FLOOR(ROWTIME TO MINUTE), FLOOR(ROWTIME TO HOUR)
      ORDER BY FLOOR(ROWTIME TO HOUR), COUNT(*) DESC;`;
    const { app, rows } = runApp(sql, schema, [order(1, 's', 'c', 1), order(61, 's', 'c', 1), order(62, 's', 'c', 1), order(121, 's', 'c', 1)], { stream: 'D' });
    expect(rows).toEqual([]);
    app.flush();
    // One hour: its minutes, most rows first (ties in arrival order), all with the last window's ROWTIME.
    expect(flat(rows)).toEqual([[sec(180), sec(60), 2], [sec(180), sec(0), 1], [sec(180), sec(120), 1]]);
  });

  it('sends a row whose leading value goes back to error_stream as LATE_ROW', () => {
    const app = compileApplication(`CREATE STREAM D (a INTEGER);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM amount FROM "SOURCE_SQL_STREAM_001" ORDER BY ROWTIME, amount;`, schema, { rowtime: { field: 'TS' } });
    const rows: OutputRow[] = [];
    const errors: OutputRow[] = [];
    app.on('D', (r) => rows.push(r));
    app.on('error_stream', (r) => errors.push(r));
    for (const [t, a] of [[5, 1], [7, 2], [6, 3], [7, 4]] as const) app.push({ TS: new Date(sec(t)).toISOString(), AMOUNT: a });
    app.flush();
    expect(rows.map((r) => r.values.A)).toEqual([1, 2, 4]);
    expect(errors.map((r) => [r.values.ERROR_NAME, r.values.DATA_ROWTIME])).toEqual([['LATE_ROW', sec(6)]]);
    expect(String(errors[0]!.values.MESSAGE)).toMatch(/leading ORDER BY value 2018-06-13T14:10:06.000Z is before 2018-06-13T14:10:07.000Z/);
  });

  it.each([
    ['a leading key that does not grow with ROWTIME', 'SELECT STREAM city FROM "SOURCE_SQL_STREAM_001" ORDER BY city', 'KAV2_INVALID_ARGUMENT', 2, 89, /time-based and monotonic/],
    ['a constant leading key', 'SELECT STREAM city FROM "SOURCE_SQL_STREAM_001" ORDER BY 1 + 1', 'KAV2_INVALID_ARGUMENT', 2, 89, /time-based and monotonic/],
    ['a leading key DESC', 'SELECT STREAM city FROM "SOURCE_SQL_STREAM_001" ORDER BY ROWTIME DESC', 'KAV2_INVALID_ARGUMENT', 2, 97, /cannot be DESC/],
    ['a leading ROWTIME that is an out-of-order alias', 'SELECT STREAM ts AS ROWTIME, city FROM "SOURCE_SQL_STREAM_001" ORDER BY ROWTIME', 'KAV2_INVALID_ARGUMENT', 2, 104, /aliased ROWTIME, whose order is not known .*WITHIN/],
    ['an ordinal past the select list', 'SELECT STREAM city FROM "SOURCE_SQL_STREAM_001" ORDER BY ROWTIME, 2', 'KAV2_INVALID_ARGUMENT', 2, 98, /ORDER BY 2: the select list has 1 items/],
    ['an aggregate in a query without GROUP BY', 'SELECT STREAM city FROM "SOURCE_SQL_STREAM_001" ORDER BY ROWTIME, SUM(amount)', 'KAV2_INVALID_ARGUMENT', 2, 98, /aggregate SUM is not allowed in ORDER BY/],
    ['a column not grouped', 'SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY FLOOR(ROWTIME TO MINUTE) ORDER BY ROWTIME, city', 'KAV2_INVALID_ARGUMENT', 2, 136, /column CITY must appear in GROUP BY/],
  ])('refuses %s at its position', (_, query, code, line, column, message) => {
    const e = errorOf(`CREATE STREAM D (c VARCHAR(8));\nCREATE PUMP P AS INSERT INTO D ${query};`);
    expect(e).toMatchObject({ code, line, column });
    expect(e.message).toMatch(message);
  });

  it('explains when a leading value ends', () => {
    const lines = (sql: string) => compileApplication(sql, schema).explain().split('\n').filter((l) => l.includes('Sort'));
    expect(lines(HOURLY)).toEqual(['  2. Sort by $0, $1, $3 (a leading value ends at the window\'s close)']);
    expect(lines(`CREATE STREAM D (c VARCHAR(8));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM city FROM "SOURCE_SQL_STREAM_001" ORDER BY STEP(ROWTIME BY INTERVAL '5' SECOND), city DESC NULLS LAST`))
      .toEqual(['  1. Sort by STEP(ROWTIME, 5000), $1 DESC NULLS LAST (a leading value ends at time)']);
  });

  it('snapshots the open value\'s rows and restores them, and keeps no more than one value\'s rows', () => {
    const sql = `CREATE STREAM D (c VARCHAR(8), a INTEGER);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM city, amount FROM "SOURCE_SQL_STREAM_001" ORDER BY FLOOR(ROWTIME TO MINUTE), amount;`;
    const input = Array.from({ length: 40 }, (_, i) => order(i * 7, 's', `c${i}`, (i * 37) % 11));
    const straight = runApp(sql, schema, input, { stream: 'D', flush: true }).rows;
    for (const cut of [3, 17, 30]) {
      const first = runApp(sql, schema, input.slice(0, cut), { stream: 'D' });
      const state = JSON.parse(JSON.stringify(first.app.snapshot())) as ReturnType<typeof first.app.snapshot>;
      expect((state.pumps.P![0] as { rows: unknown[] }).rows.length).toBeLessThanOrEqual(9);
      const second = compileApplication(sql, schema);
      second.restore(state);
      const rest: OutputRow[] = [];
      second.on('D', (r) => rest.push(r));
      for (const r of input.slice(cut)) second.push(r.rec, { arrivalTime: r.at });
      second.flush();
      expect([...first.rows, ...rest]).toEqual(straight);
    }
    expect(straight).toHaveLength(40);
  });
});
