import { compileApplication } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER']]);
const sqlFor = (select: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (V INTEGER, R INTEGER);
    CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM V, ${select} FROM "SOURCE_SQL_STREAM_001";`;
const run = (select: string, values: readonly (number | null)[], keys?: readonly string[]) => {
  const { rows, errors } = runApp(sqlFor(select), schema, values.map((v, i) => ({ at: sec(i), rec: { K: keys?.[i] ?? 'a', V: v } })));
  expect(errors).toEqual([]);
  return rows.map((r) => r.values.R ?? null);
};
const compileError = (select: string) => compileErrorOf(sqlFor(select), schema);

describe('NTH_VALUE(x, n) [FROM FIRST | FROM LAST] [RESPECT NULLS | IGNORE NULLS] OVER w', () => {
  const values = [10, 20, 30, 40, 50];

  it('counts from the first row of the frame by default, and is NULL while the frame has fewer than n rows', () => {
    expect(run('NTH_VALUE(V, 2) OVER (ROWS 10 PRECEDING)', values)).toEqual([null, 20, 20, 20, 20]);
    expect(run('NTH_VALUE(V, 2) FROM FIRST OVER (ROWS 10 PRECEDING)', values)).toEqual([null, 20, 20, 20, 20]);
    expect(run('NTH_VALUE(V, 1) OVER (ROWS 10 PRECEDING)', values)).toEqual([10, 10, 10, 10, 10]);
  });

  it('counts back from the last row of the frame (the current row) with FROM LAST', () => {
    expect(run('NTH_VALUE(V, 1) FROM LAST OVER (ROWS 10 PRECEDING)', values)).toEqual([10, 20, 30, 40, 50]);
    expect(run('NTH_VALUE(V, 3) FROM LAST OVER (ROWS 10 PRECEDING)', values)).toEqual([null, null, 10, 20, 30]);
  });

  it('follows the frame as rows leave it: ROWS n PRECEDING and RANGE', () => {
    // ROWS 2 PRECEDING: the frame is the current row and the two before it.
    expect(run('NTH_VALUE(V, 2) OVER (ROWS 2 PRECEDING)', values)).toEqual([null, 20, 20, 30, 40]);
    // Rows one second apart; a row exactly 2 seconds older is outside RANGE INTERVAL '2' SECOND PRECEDING.
    expect(run("NTH_VALUE(V, 1) OVER (RANGE INTERVAL '2' SECOND PRECEDING)", values)).toEqual([10, 10, 20, 30, 40]);
  });

  it('counts per partition', () => {
    expect(run('NTH_VALUE(V, 2) OVER (PARTITION BY K ROWS 10 PRECEDING)', values, ['a', 'b', 'a', 'b', 'a'])).toEqual([null, null, 30, 40, 30]);
  });

  it('counts NULL values unless IGNORE NULLS skips them', () => {
    const withNulls = [null, 1, null, 2, null, 3];
    expect(run('NTH_VALUE(V, 2) OVER (ROWS 10 PRECEDING)', withNulls)).toEqual([null, 1, 1, 1, 1, 1]);
    expect(run('NTH_VALUE(V, 2) RESPECT NULLS OVER (ROWS 10 PRECEDING)', withNulls)).toEqual([null, 1, 1, 1, 1, 1]);
    expect(run('NTH_VALUE(V, 2) IGNORE NULLS OVER (ROWS 10 PRECEDING)', withNulls)).toEqual([null, null, null, 2, 2, 2]);
    expect(run('NTH_VALUE(V, 1) FROM LAST IGNORE NULLS OVER (ROWS 10 PRECEDING)', withNulls)).toEqual([null, 1, 1, 2, 2, 3]);
    expect(run('NTH_VALUE(V, 2) FROM LAST IGNORE NULLS OVER (ROWS 2 PRECEDING)', withNulls)).toEqual([null, null, null, 1, null, 2]);
  });

  it('takes its window by name and shows in explain()', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (V INTEGER, R INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM V, NTH_VALUE(V, 2) FROM LAST IGNORE NULLS OVER w FROM "SOURCE_SQL_STREAM_001"
        WINDOW w AS (PARTITION BY K ROWS 3 PRECEDING);`;
    const app = compileApplication(sql, schema);
    expect(app.explain()).toContain('SlidingWindow NTH_VALUE($1, 2) FROM LAST IGNORE NULLS OVER (PARTITION BY $0 ROWS 3 PRECEDING)');
  });

  it('rejects an n that is not a positive integer constant, pointing at n', () => {
    const col = (s: string) => sqlFor(s).split('\n')[1]!.indexOf(s) + 1;
    const at = (select: string, n: string) => ({ line: 2, column: col(select) + select.indexOf(n) });
    for (const [select, n, got] of [
      ['NTH_VALUE(V, 0) OVER (ROWS 2 PRECEDING)', '0', 'INTEGER 0'],
      ['NTH_VALUE(V, -1) OVER (ROWS 2 PRECEDING)', '-1', 'INTEGER -1'],
      ['NTH_VALUE(V, 1.5) OVER (ROWS 2 PRECEDING)', '1.5', 'DECIMAL'],
      ['NTH_VALUE(V, V) OVER (ROWS 2 PRECEDING)', 'V)', 'an expression that is not a constant'],
      ['NTH_VALUE(V, NULL) OVER (ROWS 2 PRECEDING)', 'NULL', 'NULL'],
    ] as const) {
      const e = compileError(select);
      expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', ...at(select, n) });
      expect(e.message).toContain('the n of NTH_VALUE(x, n) must be a positive integer constant');
      expect(e.message).toContain(`got ${got}`);
    }
  });

  it('rejects a wrong argument count, a missing OVER, and FROM LAST on other functions', () => {
    expect(compileError('NTH_VALUE(V) OVER (ROWS 2 PRECEDING)')).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringContaining('NTH_VALUE takes 2 arguments (x, n), got 1') });
    expect(compileError('NTH_VALUE(V, 2)')).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringContaining('NTH_VALUE needs an OVER window') });
    expect(compileError('LAG(V) FROM LAST OVER (ROWS 2 PRECEDING)')).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringContaining('FROM LAST applies only to NTH_VALUE, not to LAG') });
  });
});
