import { compileApplication, SqlError } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER']]);
const sqlFor = (cols: string, select: string, window = '') => `CREATE STREAM "DESTINATION_SQL_STREAM" (V INTEGER, ${cols});
    CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM V, ${select} FROM "SOURCE_SQL_STREAM_001" ${window};`;
// Rows at 0 s, 0 s, 1 s, 1 s, 1 s, 3 s (several rows share a ROWTIME).
const AT = [0, 0, 1, 1, 1, 3];
const run = (cols: string, select: string, window = '', keys?: readonly string[]) => {
  const { rows, errors } = runApp(sqlFor(cols, select, window), schema, AT.map((s, i) => ({ at: sec(s), rec: { K: keys?.[i] ?? 'a', V: i + 1 } })));
  expect(errors).toEqual([]);
  return rows.map((r) => r.values);
};

describe('zero-width windows: ROWS CURRENT ROW and RANGE CURRENT ROW (SQL Reference, Window examples)', () => {
  it('ROWS CURRENT ROW holds only the current row, like ROWS 0 PRECEDING', () => {
    const rows = run('N BIGINT, S BIGINT, F INTEGER', 'COUNT(*) OVER w, SUM(V) OVER w, FIRST_VALUE(V) OVER w', 'WINDOW w AS (ROWS CURRENT ROW)');
    expect(rows.map((r) => [r.N, r.S, r.F])).toEqual(AT.map((_, i) => [1, i + 1, i + 1]));
    const zero = run('N BIGINT, S BIGINT, F INTEGER', 'COUNT(*) OVER w, SUM(V) OVER w, FIRST_VALUE(V) OVER w', 'WINDOW w AS (ROWS 0 PRECEDING)');
    expect(zero).toEqual(rows);
  });

  it('RANGE CURRENT ROW holds every row so far with the current ROWTIME', () => {
    // Running counts: the window of a row is the rows of its instant that arrived up to it.
    const rows = run('N BIGINT, S BIGINT, F INTEGER, L INTEGER', 'COUNT(*) OVER w, SUM(V) OVER w, FIRST_VALUE(V) OVER w, LAST_VALUE(V) OVER w', 'WINDOW w AS (RANGE CURRENT ROW)');
    expect(rows.map((r) => [r.V, r.N, r.S, r.F, r.L])).toEqual([
      [1, 1, 1, 1, 1], [2, 2, 3, 1, 2],
      [3, 1, 3, 3, 3], [4, 2, 7, 3, 4], [5, 3, 12, 3, 5],
      [6, 1, 6, 6, 6],
    ]);
  });

  it('RANGE CURRENT ROW with only COUNT (the shared-FIFO path) and per partition', () => {
    const rows = run('N BIGINT', 'COUNT(*) OVER (PARTITION BY K RANGE CURRENT ROW)', '', ['a', 'b', 'a', 'a', 'b', 'a']);
    expect(rows.map((r) => r.N)).toEqual([1, 1, 1, 2, 1, 1]);
    const deque = run('N BIGINT, S BIGINT', "COUNT(*) OVER (PARTITION BY K RANGE INTERVAL '0' SECOND PRECEDING), SUM(V) OVER (PARTITION BY K RANGE CURRENT ROW)", '', ['a', 'b', 'a', 'a', 'b', 'a']);
    expect(deque.map((r) => [r.N, r.S])).toEqual([[1, 1], [1, 2], [1, 3], [2, 7], [1, 5], [1, 6]]);
  });

  it('keeps RANGE CURRENT ROW exact across snapshot() / restore()', () => {
    const sql = sqlFor('N BIGINT, S BIGINT', 'COUNT(*) OVER (RANGE CURRENT ROW), SUM(V) OVER (RANGE CURRENT ROW)');
    const input = AT.map((s, i) => ({ at: sec(s), rec: { K: 'a', V: i + 1 } }));
    const straight = runApp(sql, schema, input).rows.map((r) => r.values);
    const first = runApp(sql, schema, input.slice(0, 3));
    const second = runApp(sql, schema, []);
    second.app.restore(JSON.parse(JSON.stringify(first.app.snapshot())));
    for (const r of input.slice(3)) second.app.push(r.rec, { arrivalTime: r.at });
    expect([...first.rows, ...second.rows].map((r) => r.values)).toEqual(straight);
  });

  it('still names BETWEEN and UNBOUNDED frames as unsupported, at the keyword', () => {
    for (const [frame, what] of [['ROWS BETWEEN 2 PRECEDING AND CURRENT ROW', 'WINDOW ... ROWS BETWEEN'], ['RANGE UNBOUNDED PRECEDING', 'WINDOW ... RANGE UNBOUNDED']] as const) {
      const sql = sqlFor('N BIGINT', `COUNT(*) OVER (${frame})`);
      let error: unknown;
      try {
        compileApplication(sql, schema);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SqlError);
      expect(error).toMatchObject({ code: 'KAV2_UNSUPPORTED', line: 2, column: sql.split('\n')[1]!.indexOf(frame) + frame.indexOf(' ') + 2 });
      expect((error as SqlError).message).toContain(`${what} is not supported`);
    }
  });

  it('expects ROW after CURRENT', () => {
    expect(() => compileApplication(sqlFor('N BIGINT', 'COUNT(*) OVER (ROWS CURRENT)'), schema)).toThrow(/expected ROW but found '\)'/);
  });
});

describe('zero-width RANGE on a joined stream', () => {
  it('is refused by name at the frame, rather than joining nothing', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (V INTEGER, W INTEGER);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM a.V, b.V FROM "SOURCE_SQL_STREAM_001" OVER (RANGE CURRENT ROW) AS a JOIN "SOURCE_SQL_STREAM_001" AS b ON a.K = b.K;`;
    let error: unknown;
    try {
      compileApplication(sql, schema);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'KAV2_UNSUPPORTED', line: 2, column: sql.split('\n')[1]!.indexOf('RANGE CURRENT ROW') + 1 });
    expect((error as SqlError).message).toContain('a zero-width RANGE window (RANGE CURRENT ROW or RANGE INTERVAL \'0\' ... PRECEDING) on a joined stream is not supported');
  });
});
