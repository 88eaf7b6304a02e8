import { describe, expect, it } from 'vitest';
import { formatRows, cellText, jsonValue } from '../../../src/output/format-rows';

const columns = ['symbol', 'alerts', 'note'];
const rows = [
  { symbol: 'AAPL', alerts: 12n, note: 'wash, "self" match' },
  { symbol: 'MSFT', alerts: 3, note: null },
];

describe('formatRows', () => {
  it('aligns a text table, numbers to the right, with a row count', () => {
    expect(formatRows(columns, rows, 'table')).toBe(
      ['symbol  alerts  note', '------  ------  ------------------', 'AAPL        12  wash, "self" match', 'MSFT         3', '(2 rows)', ''].join('\n'),
    );
  });

  it('quotes CSV cells that hold commas, quotes or newlines (RFC 4180)', () => {
    expect(formatRows(columns, rows, 'csv')).toBe('symbol,alerts,note\nAAPL,12,"wash, ""self"" match"\nMSFT,3,\n');
  });

  it('writes one JSON object per row, bigints as numbers and missing cells as null', () => {
    const lines = formatRows(columns, rows, 'json').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([{ symbol: 'AAPL', alerts: 12, note: 'wash, "self" match' }, { symbol: 'MSFT', alerts: 3, note: null }]);
    expect(formatRows(columns, [], 'json')).toBe('');
  });

  it('keeps bigints beyond 2^53 exact as strings', () => {
    expect(jsonValue(2n ** 60n)).toBe('1152921504606846976');
    expect(cellText(2n ** 60n)).toBe('1152921504606846976');
  });

  it('spells dates in ISO-8601 and rounds float noise', () => {
    expect(cellText(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe('2024-01-02T03:04:05.000Z');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
  });
});
