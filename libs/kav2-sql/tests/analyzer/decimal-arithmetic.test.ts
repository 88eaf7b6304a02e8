import { describe, expect, it } from 'vitest';
import { decimalArithmeticType, formatType, t } from '../../src/analyzer/sql-type';
import { evalSql } from '../helpers';

const typeOf = (op: string, a: ReturnType<typeof t>, b: ReturnType<typeof t>): string | undefined => {
  const ty = decimalArithmeticType(op, a, b);
  return ty && formatType(ty);
};

// SQL Reference, Numeric Types and Precision: the rules for divide, multiply, and sum or subtraction of exact
// numbers, capped at 18 digits; Streaming SQL Operators prints 2.0 + 2.0 as 4.0 and 5.0 / 2 as 2.500000000000.
describe('DECIMAL arithmetic result types', () => {
  it('sums and subtracts to s = max(s1, s2), p = max(p1 - s1, p2 - s2) + s + 1', () => {
    // The page's own example prints 11 for max(10 - 1, 10 - 3) + 3 + 1; the formula gives 13.
    expect(typeOf('+', t('DECIMAL', 10, 1), t('DECIMAL', 10, 3))).toBe('DECIMAL(13,3)');
    expect(typeOf('-', t('DECIMAL', 2, 1), t('INTEGER'))).toBe('DECIMAL(12,1)');
  });

  it('multiplies to p = p1 + p2, s = s1 + s2, capped at 18 digits', () => {
    expect(typeOf('*', t('DECIMAL', 4, 1), t('DECIMAL', 5, 3))).toBe('DECIMAL(9,4)');
    expect(typeOf('*', t('DECIMAL', 10, 1), t('DECIMAL', 10, 3))).toBe('DECIMAL(18,4)');
  });

  it('divides to d = p1 - s1 + s2 whole digits and s = max(6, s1 + p2 + 1), keeping s >= s1 when capped', () => {
    expect(typeOf('/', t('DECIMAL', 2, 1), t('INTEGER'))).toBe('DECIMAL(13,12)');
    expect(typeOf('/', t('DECIMAL', 4, 2), t('DECIMAL', 2, 1))).toBe('DECIMAL(9,6)');
    // d = 12 and s = 12 exceed 18: the whole digits stay, the scale gives way down to s1 (the page's example of
    // these operands prints figures that follow neither its formulas nor its cap).
    expect(typeOf('/', t('DECIMAL', 10, 1), t('DECIMAL', 10, 3))).toBe('DECIMAL(18,6)');
    expect(typeOf('/', t('DECIMAL', 18, 8), t('DECIMAL', 18, 8))).toBe('DECIMAL(18,8)');
  });

  it('leaves integer-only, approximate and modulo arithmetic to the usual widening', () => {
    expect(decimalArithmeticType('+', t('INTEGER'), t('BIGINT'))).toBeUndefined();
    expect(decimalArithmeticType('*', t('DECIMAL', 4, 1), t('DOUBLE'))).toBeUndefined();
    expect(decimalArithmeticType('%', t('DECIMAL', 4, 1), t('INTEGER'))).toBeUndefined();
  });

  it('types a decimal literal by its digits, so its text keeps the written scale', () => {
    expect(evalSql('CAST(2.0 + 2.0 AS VARCHAR(20))', 'VARCHAR(20)')).toBe('4.0');
    expect(evalSql('CAST(3.0 + 2 AS VARCHAR(20))', 'VARCHAR(20)')).toBe('5.0');
    expect(evalSql('CAST(5.0 / 2 AS VARCHAR(20))', 'VARCHAR(20)')).toBe('2.500000000000');
    expect(evalSql('CAST(0.25 * 2 AS VARCHAR(20))', 'VARCHAR(20)')).toBe('0.50');
    expect(evalSql('CAST(-1.50 AS VARCHAR(20))', 'VARCHAR(20)')).toBe('-1.50');
  });
});
