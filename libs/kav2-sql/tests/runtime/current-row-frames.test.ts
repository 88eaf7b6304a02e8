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

  it('BETWEEN <bound> AND CURRENT ROW (or AND 0 PRECEDING) is the window of its start bound', () => {
    const same = (a: string, b: string) => expect(run('N BIGINT, S BIGINT', `COUNT(*) OVER (${a}), SUM(V) OVER (${a})`)).toEqual(run('N BIGINT, S BIGINT', `COUNT(*) OVER (${b}), SUM(V) OVER (${b})`));
    same('ROWS BETWEEN 2 PRECEDING AND CURRENT ROW', 'ROWS 2 PRECEDING');
    same('ROWS BETWEEN 4 PRECEDING AND 0 PRECEDING', 'ROWS 4 PRECEDING');
    same("RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW", "RANGE INTERVAL '1' SECOND PRECEDING");
    same('ROWS BETWEEN CURRENT ROW AND CURRENT ROW', 'ROWS CURRENT ROW');
    same('RANGE BETWEEN CURRENT ROW AND CURRENT ROW', 'RANGE CURRENT ROW');
    // 2 PRECEDING holds three rows: the current one and the two before it.
    expect(run('N BIGINT', 'COUNT(*) OVER (ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)').map((r) => r.N)).toEqual([1, 2, 3, 3, 3, 3]);
  });

  it('refuses the disallowed window specifications at the offending bound (SQL Reference, Allowed and Disallowed Window Specifications)', () => {
    const cases: readonly (readonly [string, string, string, string])[] = [
      // frame, code, the text the position points at, message
      ['ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING', 'KAV2_UNSUPPORTED', 'UNBOUNDED', 'an infinite window (UNBOUNDED FOLLOWING: a stream has no last row) is not supported'],
      ['ROWS BETWEEN 0 PRECEDING AND 4 PRECEDING', 'KAV2_INVALID_ARGUMENT', '4 PRECEDING', 'a window of negative size: its start (0 PRECEDING) comes after its end (4 PRECEDING)'],
      ['ROWS BETWEEN 2 PRECEDING AND 4 PRECEDING', 'KAV2_INVALID_ARGUMENT', '4 PRECEDING', 'a window of negative size'],
      ['ROWS BETWEEN 4 PRECEDING AND 2 PRECEDING', 'KAV2_UNSUPPORTED', '2 PRECEDING', 'an offset window (2 PRECEDING as the end: a window must end with CURRENT ROW) is not supported'],
      ['ROWS BETWEEN UNBOUNDED PRECEDING AND 4 FOLLOWING', 'KAV2_UNSUPPORTED', '4 FOLLOWING', 'an offset window (4 FOLLOWING as the end'],
      ['ROWS BETWEEN -4 PRECEDING AND CURRENT ROW', 'KAV2_INVALID_ARGUMENT', '-4', 'a window bound cannot be negative, got -4'],
      ['ROWS -4 PRECEDING', 'KAV2_INVALID_ARGUMENT', '-4', 'a window bound cannot be negative, got -4'],
      ['ROWS 3 FOLLOWING', 'KAV2_UNSUPPORTED', '3 FOLLOWING', 'an offset window (ROWS ... FOLLOWING does not end with the current row)'],
      ['ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW', 'KAV2_UNSUPPORTED', 'UNBOUNDED', 'an unbounded window (UNBOUNDED PRECEDING) is not supported'],
      ['RANGE UNBOUNDED PRECEDING', 'KAV2_UNSUPPORTED', 'UNBOUNDED', 'an unbounded window (UNBOUNDED PRECEDING) is not supported'],
      ["RANGE BETWEEN CURRENT ROW AND INTERVAL '1' MINUTE FOLLOWING", 'KAV2_UNSUPPORTED', 'INTERVAL', 'an offset window'],
      ["RANGE BETWEEN INTERVAL '1' MINUTE FOLLOWING AND CURRENT ROW", 'KAV2_INVALID_ARGUMENT', 'CURRENT', 'a window of negative size'],
      ['PARTITION BY K ORDER BY ROWTIME ROWS 2 PRECEDING', 'KAV2_INVALID_ARGUMENT', 'ROWTIME', 'ORDER BY in the window of COUNT ... OVER'],
    ];
    for (const [frame, code, at, message] of cases) {
      const sql = sqlFor('N BIGINT', `COUNT(*) OVER (${frame})`);
      let error: unknown;
      try {
        compileApplication(sql, schema);
      } catch (e) {
        error = e;
      }
      expect(error, frame).toBeInstanceOf(SqlError);
      const line = sql.split('\n')[1]!;
      expect(error, frame).toMatchObject({ code, line: 2, column: line.indexOf(frame) + frame.indexOf(at) + 1 });
      expect((error as SqlError).message, frame).toContain(message);
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
