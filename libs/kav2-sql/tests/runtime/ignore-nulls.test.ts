import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER']]);
const run = (select: string, values: (number | null)[]) => {
  const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (V INTEGER, R INTEGER);
    CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM V, ${select} FROM "SOURCE_SQL_STREAM_001";`;
  const { rows, errors } = runApp(sql, schema, values.map((v, i) => ({ at: sec(i), rec: { K: 'a', V: v } })));
  expect(errors).toEqual([]);
  return rows.map((r) => r.values.R);
};

describe('IGNORE NULLS', () => {
  const values = [null, 1, null, 2, null];
  it('makes FIRST_VALUE and LAST_VALUE skip NULL values of the window', () => {
    expect(run('FIRST_VALUE(V) IGNORE NULLS OVER (ROWS 10 PRECEDING)', values)).toEqual([null, 1, 1, 1, 1]);
    expect(run('LAST_VALUE(V) IGNORE NULLS OVER (ROWS 10 PRECEDING)', values)).toEqual([null, 1, 1, 2, 2]);
    expect(run('LAST_VALUE(V) RESPECT NULLS OVER (ROWS 10 PRECEDING)', values)).toEqual([null, 1, null, 2, null]);
  });

  it('makes LAG count only earlier non-NULL values, within the window', () => {
    expect(run('LAG(V) IGNORE NULLS OVER (ROWS 10 PRECEDING)', values)).toEqual([null, null, 1, 1, 2]);
    expect(run('LAG(V, 2, -1) IGNORE NULLS OVER (ROWS 10 PRECEDING)', values)).toEqual([-1, -1, -1, -1, 1]);
    expect(run('LAG(V) IGNORE NULLS OVER (ROWS 1 PRECEDING)', values)).toEqual([null, null, 1, null, 2]);
  });
});
