import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/runtime/exact-sum';

// Doubles from 2^-100 up are whole multiples of 2^-152, so scaled by 2^200 they are exact BigInts; Number()
// of a BigInt rounds to nearest, ties to even, and scaling back by a power of two is exact.
const SCALE = 2 ** 200;
const exactlyRounded = (vs: readonly number[]): number => Number(vs.reduce((s, v) => s + BigInt(v * SCALE), 0n)) / SCALE;
const finite = fc.oneof(
  fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((v) => v === 0 || Math.abs(v) >= 2 ** -100),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0.1, 0.2, 0.3, -0.1, 1e16, -1e16, 1, 2 ** 53, -0),
);

describe('ExactSum', () => {
  it('is the correctly rounded sum of the values still held, whatever was added and removed before (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(finite, fc.boolean()), { maxLength: 80 }), (ops) => {
      const sum = new ExactSum();
      const held: number[] = [];
      for (const [v, removeOldest] of ops) {
        if (removeOldest && held.length > 0) sum.remove(held.shift()!);
        else {
          sum.add(v);
          held.push(v);
        }
        expect(sum.value()).toBe(exactlyRounded(held) + 0);
      }
    }), { numRuns: 300 });
  });

  it('gives what left-to-right addition gives when that addition never rounds (integers, dyadic fractions)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((n) => n / 8), { minLength: 1, maxLength: 60 }), (vs) => {
      const sum = new ExactSum();
      for (const v of vs) sum.add(v);
      for (let i = 0; i < vs.length; i++) {
        expect(sum.value()).toBe(vs.slice(i).reduce((a, b) => a + b, 0));
        sum.remove(vs[i]!);
      }
      expect(sum.value()).toBe(0);
    }));
  });

  it('does not drift where a running double would: 1e16 in and out leaves 0.1 + 0.2 intact', () => {
    const sum = new ExactSum();
    let naive = 0;
    for (const v of [1e16, 0.1, 0.2]) {
      sum.add(v);
      naive += v;
    }
    sum.remove(1e16);
    naive -= 1e16;
    expect(sum.value()).toBe(0.1 + 0.2);
    expect(naive).not.toBe(0.1 + 0.2);
  });

  it('rounds ties to even across partials, like math.fsum([1e-16, 1, 1e16])', () => {
    const sum = new ExactSum();
    for (const v of [1e-16, 1, 1e16]) sum.add(v);
    expect(sum.value()).toBe(10000000000000002);
  });
});
