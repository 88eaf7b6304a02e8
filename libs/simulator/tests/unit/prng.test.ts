import { describe, expect, it } from 'vitest';
import { Prng } from '@surv/simulator';

describe('Prng', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const seq = (seed: number) => { const r = new Prng(seed); return Array.from({ length: 5 }, () => r.next()); };
    expect(seq(7)).toEqual(seq(7));
    expect(seq(7)).not.toEqual(seq(8));
  });

  it('stays inside the requested ranges', () => {
    const r = new Prng(1);
    for (let i = 0; i < 10_000; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = r.int(3, 6);
      expect(k >= 3 && k <= 6 && Number.isInteger(k)).toBe(true);
    }
  });

  it('draws roughly uniform values (mean near one half)', () => {
    const r = new Prng(99);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += r.next();
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });
});
