import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { parseIsoTimestamp } from '@surv/domain';
import { parseIsoWithRegex } from '../../src/timestamps';

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
// The canonical shape with any digits (Feb 30, month 13, hour 24, years 0000-0099 included), and near misses.
const canonical = fc.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), fc.option(digits(3), { nil: undefined }))
  .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === undefined ? '' : `.${ms}`}Z`);
const plausible = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }))
  .map(([y, mo, d, h, ms]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:59:59${ms === undefined ? '' : `.${String(ms).padStart(3, '0')}`}Z`);
const mutated = fc.tuple(canonical, fc.nat(), fc.constantFrom('x', ' ', 'z', ',', '+', '9', 'é', '')).map(([t, i, c]) => t.slice(0, i % t.length) + c + t.slice((i % t.length) + 1));

describe('parseIsoTimestamp', () => {
  it('reads the canonical UTC shape exactly as the general parser does, valid or not', () => {
    fc.assert(fc.property(fc.oneof(canonical, plausible, mutated), (t) => {
      expect(Object.is(parseIsoTimestamp(t), parseIsoWithRegex(t))).toBe(true);
    }), { numRuns: 20_000 });
  });

  it('still reads the other shapes: offsets, spaces, commas, microseconds', () => {
    expect(parseIsoTimestamp('2024-03-04 15:00:00,5+01:30')).toBe(Date.UTC(2024, 2, 4, 13, 30) + 500);
    expect(parseIsoTimestamp('2024-03-04T15:00:00.123456Z')).toBe(Date.UTC(2024, 2, 4, 15) + 123.456);
    expect(parseIsoTimestamp('2024-02-29T00:00:00.000Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoTimestamp('2023-02-29T00:00:00.000Z')).toBeUndefined();
  });
});
