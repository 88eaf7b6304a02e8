import { describe, expect, it } from 'vitest';
import { convertAthenaValue } from '@surv/aws';

describe('convertAthenaValue', () => {
  it.each([
    ['42', 'integer', 42], ['-7', 'tinyint', -7], ['3.5', 'double', 3.5], ['1e3', 'real', 1000], ['Infinity', 'double', Infinity],
    ['9007199254740991', 'bigint', 9007199254740991], ['true', 'boolean', true], ['false', 'boolean', false],
    ['2024-01-02 03:04:05.6', 'timestamp', '2024-01-02T03:04:05.600Z'], ['2024-01-02 03:04:05.123456', 'timestamp(6)', '2024-01-02T03:04:05.123456Z'],
    ['2024-01-02 03:04:05.000 UTC', 'timestamp with time zone', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02 03:04:05.000 Europe/Paris', 'timestamp with time zone', '2024-01-02 03:04:05.000 Europe/Paris'],
    ['12345678901234567890.12', 'decimal(38,2)', '12345678901234567890.12'], ['2024-01-02', 'date', '2024-01-02'],
    ['AAPL', 'varchar', 'AAPL'], ['', 'varchar', ''], ['[1, 2]', 'array(integer)', '[1, 2]'],
  ])('reads %j as %s', (raw, type, expected) => {
    expect(convertAthenaValue(raw, type, 'c')).toEqual(expected);
  });

  it('reads a missing cell as null and refuses text that is not of the column type', () => {
    expect(convertAthenaValue(undefined, 'integer', 'c')).toBeNull();
    expect(() => convertAthenaValue('abc', 'integer', 'qty')).toThrow(/qty/);
    expect(() => convertAthenaValue('yes', 'boolean', 'flag')).toThrow(/flag/);
    expect(() => convertAthenaValue('1.5', 'bigint', 'n')).toThrow(/integer/);
    expect(convertAthenaValue('12', 'bigint', 'n', 'string')).toBe('12');
  });
});
