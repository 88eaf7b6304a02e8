import { describe, expect, it } from 'vitest';
import { compileErrorOf, evalSql, jsonSchema } from '../helpers';

describe('BETWEEN [ASYMMETRIC | SYMMETRIC]', () => {
  it.each([
    ['3 BETWEEN SYMMETRIC 5 AND 1', true],
    ['3 BETWEEN 5 AND 1', false],
    ['3 BETWEEN ASYMMETRIC 5 AND 1', false],
    ['3 NOT BETWEEN SYMMETRIC 5 AND 1', false],
    ['9 NOT BETWEEN SYMMETRIC 5 AND 1', true],
    ['1 BETWEEN SYMMETRIC 5 AND 1', true],
    ['3 BETWEEN SYMMETRIC 5 AND CAST(NULL AS INTEGER)', null],
  ])('%s is %s (SYMMETRIC takes the bounds in either order)', (expr, expected) => {
    expect(evalSql(expr, 'BOOLEAN')).toBe(expected);
  });
});

describe('quantified comparisons', () => {
  const SCHEMA = jsonSchema([['A', 'INTEGER']]);
  const sql = (cond: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (A INTEGER);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM "A" FROM "SOURCE_SQL_STREAM_001" WHERE ${cond};`;
  it.each([
    ['"A" = ANY (1, 2, 3)', 'ANY'],
    ['"A" > ALL (SELECT STREAM "A" FROM "SOURCE_SQL_STREAM_001")', 'ALL'],
    ['"A" = SOME (1, 2)', 'SOME'],
    ['"A" = ANY (SELECT STREAM "A" FROM "SOURCE_SQL_STREAM_001")', 'ANY'],
  ])('refuses %s by name, at the quantifier, not as the ANY aggregate', (cond, word) => {
    const text = sql(cond);
    const line2 = text.split('\n')[1]!;
    const e = compileErrorOf(text, SCHEMA);
    expect([e.code, e.line, e.column]).toEqual(['KAV2_UNSUPPORTED', 2, line2.indexOf(` ${word} (`) + 2]);
    expect(e.message).toContain(`a quantified comparison ${cond.includes('>') ? '>' : '='} ${word} (...) is not supported`);
  });
});
