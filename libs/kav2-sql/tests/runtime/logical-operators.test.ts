import { describe, expect, it } from 'vitest';
import { evalSql } from '../helpers';

describe('IS [NOT] DISTINCT FROM (SQL Reference, Logical Operators)', () => {
  it.each([
    ['1 IS DISTINCT FROM 2', true],
    ['1 IS DISTINCT FROM 1', false],
    ['NULL IS DISTINCT FROM 1', true],
    ['CAST(NULL AS INTEGER) IS DISTINCT FROM NULL', false],
    ['CAST(NULL AS INTEGER) IS NOT DISTINCT FROM NULL', true],
    ["'a' IS NOT DISTINCT FROM 'b'", false],
  ])('%s is %s, never UNKNOWN', (expr, want) => {
    expect(evalSql(expr, 'BOOLEAN')).toBe(want);
  });

  it('compares a column with NULL as a value', () => {
    expect(evalSql('N IS DISTINCT FROM NULL', 'BOOLEAN', { N: null })).toBe(false);
    expect(evalSql('N IS DISTINCT FROM 3', 'BOOLEAN', { N: 3 })).toBe(false);
  });

  it('reads a character literal compared with a TIMESTAMP as a TIMESTAMP', () => {
    expect(evalSql("TIMESTAMP '2020-01-01 00:00:00' IS NOT DISTINCT FROM '2020-01-01 00:00:00'", 'BOOLEAN')).toBe(true);
  });
});

describe('IS [NOT] UNKNOWN', () => {
  it('is TRUE for the UNKNOWN a comparison with NULL gives', () => {
    expect(evalSql('(N = NULL) IS UNKNOWN', 'BOOLEAN')).toBe(true);
    expect(evalSql('(N = 1) IS UNKNOWN', 'BOOLEAN')).toBe(false);
  });

  it('is the negation with NOT', () => {
    expect(evalSql('TRUE IS NOT UNKNOWN', 'BOOLEAN')).toBe(true);
    expect(evalSql('(N > NULL) IS NOT UNKNOWN', 'BOOLEAN')).toBe(false);
  });
});

describe('CAST(TIME AS TIMESTAMP)', () => {
  it('puts the time on the current date (the application clock when it starts)', () => {
    // evalSql runs with the clock at 2018-06-13T14:10:00Z.
    expect(new Date(evalSql("CAST(TIME '05:06:07' AS TIMESTAMP)", 'TIMESTAMP') as number).toISOString()).toBe('2018-06-13T05:06:07.000Z');
  });
});

describe('ABS of an interval', () => {
  it('keeps the interval type and qualifier', () => {
    expect(evalSql("CAST(ABS(INTERVAL '-3 4:20' DAY TO MINUTE) AS VARCHAR(8))", 'VARCHAR(8)')).toBe('+3 04:20');
  });
});

// SQL Reference, Logical Operators: "NOT UNKNOWN IS TRUE" is FALSE, "NOT UNKNOWN IS UNKNOWN" TRUE ("not transitive
// around the word IS"): NOT applies before IS TRUE / FALSE / UNKNOWN; NOT x IS NULL stays NOT (x IS NULL).
describe('NOT before IS TRUE, IS FALSE and IS UNKNOWN', () => {
  it.each([
    ['NOT UNKNOWN IS TRUE', false],
    ['NOT UNKNOWN IS FALSE', false],
    ['NOT UNKNOWN IS UNKNOWN', true],
    ['NOT (UNKNOWN IS TRUE)', true],
    ['NOT (N = NULL) IS NOT UNKNOWN', false],
    ['NOT N IS NULL', true],
    ['NOT NOT FALSE IS FALSE', true],
  ])('%s is %s', (expr, want) => {
    expect(evalSql(expr as string, 'BOOLEAN')).toBe(want);
  });
});
