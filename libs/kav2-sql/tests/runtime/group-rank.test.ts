import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['N', 'INTEGER'], ['D', 'DOUBLE']]);
const app = (args: string, columns = 'K VARCHAR(4), N INTEGER, R INTEGER') => `
  CREATE STREAM "DESTINATION_SQL_STREAM" (${columns});
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM K, N, "rank" FROM TABLE(GROUP_RANK(CURSOR(SELECT STREAM K, N FROM "SOURCE_SQL_STREAM_001"), ${args}));`;
const at = (s: number, K: string, N: number | null) => ({ at: sec(s), rec: { K, N } });
const INPUT = [at(1, 'a', 5), at(1, 'b', 9), at(1, 'c', 5), at(1, 'd', null), at(1, 'e', 2), at(2, 'f', 7)];
const ranked = (args: string, flush = true) =>
  runApp(app(args), schema, INPUT, { flush }).rows.map((r) => [r.values.K, r.values.N, r.values.R, r.rowtime]);

// SQL Reference, Sorting Functions, Group Rank: rows of one ROWTIME are ranked (RANK()) by a column once a row with
// another ROWTIME arrives, and leave in outputOrder with their rank, at most outputMax of them.
describe('GROUP_RANK', () => {
  it('ranks the rows of one ROWTIME when ROWTIME moves on, equal values sharing a rank, NULL last', () => {
    expect(ranked("'N', 'rank', 'asc', 'asc', 0, 0", false)).toEqual([
      ['e', 2, 1, sec(1)], ['a', 5, 2, sec(1)], ['c', 5, 2, sec(1)], ['b', 9, 4, sec(1)], ['d', null, 5, sec(1)],
    ]);
  });

  it('ranks the largest first for sortOrder desc and emits the last rank first for outputOrder desc', () => {
    expect(ranked("'N', 'rank', 'desc', 'desc', 0, 0").map((r) => [r[0], r[2]])).toEqual([
      ['d', 5], ['e', 4], ['a', 2], ['c', 2], ['b', 1], ['f', 1],
    ]);
  });

  it('keeps at most outputMax rows of a group, in output order, and releases the last group at flush', () => {
    expect(ranked("'N', 'rank', 'desc', 'asc', 5, 2").map((r) => [r[0], r[2]])).toEqual([['b', 1], ['a', 2], ['f', 1]]);
  });

  it('ranks character columns too', () => {
    expect(ranked("'K', 'rank', 'desc', 'asc', 0, 0").map((r) => r[0])).toEqual(['e', 'd', 'c', 'b', 'a', 'f']);
  });

  it('refuses a column that is missing or neither INTEGER, CHAR nor VARCHAR, a bad order and a wrong argument count', () => {
    const sqlOf = (args: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (R INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM "r"
      FROM TABLE(GROUP_RANK(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), ${args}));`;
    expect(compileErrorOf(sqlOf("'X', 'r', 'asc', 'asc', 0, 0"), schema).code).toBe('KAV2_UNKNOWN_COLUMN');
    const double = compileErrorOf(sqlOf("'D', 'r', 'asc', 'asc', 0, 0"), schema);
    expect(double.code).toBe('KAV2_TYPE_MISMATCH');
    expect(double.message).toContain('GROUP_RANK ranks by an INTEGER, CHAR or VARCHAR column; D is DOUBLE');
    expect(compileErrorOf(sqlOf("'N', 'r', 'up', 'asc', 0, 0"), schema).message).toContain("sortOrder of GROUP_RANK must be 'asc' or 'desc', got 'up'");
    expect(compileErrorOf(sqlOf("'N', 'r', 'asc', 'asc', 0"), schema).message).toContain('GROUP_RANK takes CURSOR(...) then rankByColumnName');
    expect(compileErrorOf(sqlOf("'N', 'r', 'asc', 'asc', -1, 0"), schema).code).toBe('KAV2_INVALID_ARGUMENT');
  });
});
