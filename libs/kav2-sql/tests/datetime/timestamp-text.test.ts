import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestampText } from '../../src/datetime/datetime';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('parseTimestampText', () => {
  it('reads ISO-8601 UTC text as Date.parse does, in any order of minutes, repeated or not (property)', () => {
    // Few distinct minutes, so consecutive texts often share one (the cached case) and often do not.
    const text = fc.record({
      day: fc.constantFrom('2024-02-29', '2024-03-04', '2023-12-31'),
      hm: fc.constantFrom('00:00', '15:00', '15:01', '23:59'),
      sec: fc.integer({ min: 0, max: 59 }),
      frac: fc.constantFrom('', '.5', '.25', '.123', '.123456789'),
    }).map(({ day, hm, sec, frac }) => `${day}T${hm}:${pad(sec, 2)}${frac}Z`);
    fc.assert(fc.property(fc.array(text, { maxLength: 30 }), (texts) => {
      for (const t of texts) expect(parseTimestampText(t), t).toBe(Date.parse(t));
    }), { numRuns: 200 });
  });

  it('refuses an invalid date, time or fraction even right after a valid text of the same minute', () => {
    expect(parseTimestampText('2024-03-04T15:00:01.000Z')).toBe(Date.UTC(2024, 2, 4, 15, 0, 1));
    for (const bad of ['2024-03-04T15:00:60.000Z', '2024-03-04T15:00:1x.000Z', '2024-03-04T15:00:01.0x0Z', '2024-03-04T15:00:01.Z', '2024-03-04T15:00:01,000Z']) {
      expect(parseTimestampText(bad), bad).toBeNaN();
    }
    for (const bad of ['2023-02-29T10:00:00Z', '2024-13-01T00:00:00Z', '2024-03-04T24:00:00Z', '2024-03-04T15:60:00Z']) {
      expect(parseTimestampText(bad), bad).toBeNaN();
      expect(parseTimestampText(bad), `${bad} again`).toBeNaN();
    }
    expect(parseTimestampText('2024-02-29T10:00:00Z')).toBe(Date.UTC(2024, 1, 29, 10));
  });
});
