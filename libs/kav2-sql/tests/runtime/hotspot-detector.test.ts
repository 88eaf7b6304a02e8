import { isSurvError } from '@surv/domain';
import { describe, expect, it } from 'vitest';
import { HotspotDetector } from '../../src/runtime/hotspot-detector';
import { SeededRandom } from '../../src/runtime/seeded-random';

/** Points like the Developer Guide's generator: a share drawn from a 1 x 1 square, the rest from 10 x 10. */
const points = (n: number, hotShare: number, square: [number, number], seed = 5): [number, number][] => {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => (r.next() < hotShare
    ? [square[0] + r.next(), square[1] + r.next()]
    : [r.next() * 10, r.next() * 10]));
};

const detector = () => new HotspotDetector(2, 1000, 0.2, 17);

describe('HotspotDetector', () => {
  it('takes values far beyond 2^53 / scanRadius (1e20, 1e308) without looping, and still clusters them', () => {
    const d = new HotspotDetector(2, 100, 0.2, 3);
    for (const p of points(60, 0, [0, 0])) d.add(p);
    // A lone outlier far away is nobody's neighbour; three records at one far point are a hotspot.
    d.add([1e20, 5]);
    for (let i = 0; i < 3; i++) d.add([1e308, -1e308]);
    const far = d.hotspots().filter((h) => h.minValues[0]! >= 1e300);
    expect(far).toHaveLength(1);
    expect(far[0]!.maxValues).toEqual([1e308, -1e308]);
    expect(d.hotspots().some((h) => h.minValues[0] === 1e20)).toBe(false);
  });

  it('finds a planted dense square and reports the box it spans and its density', () => {
    const d = detector();
    for (const p of points(1000, 0.2, [3.3, 5.4])) d.add(p);
    const found = d.hotspots();
    expect(found).toHaveLength(1);
    const [h] = found;
    // The square, give or take border records within scanRadius of it.
    expect(h!.minValues[0]).toBeGreaterThan(3.3 - 0.2);
    expect(h!.minValues[1]).toBeGreaterThan(5.4 - 0.2);
    expect(h!.maxValues[0]).toBeLessThan(4.3 + 0.2);
    expect(h!.maxValues[1]).toBeLessThan(6.4 + 0.2);
    expect(h!.maxValues[0]! - h!.minValues[0]!).toBeGreaterThan(0.8);
    // ~200 hot records and a few background ones over ~1 square unit; the background has 8 per unit.
    expect(h!.density).toBeGreaterThan(100);
  });

  it('finds nothing in uniform noise', () => {
    const d = detector();
    for (const p of points(3000, 0, [0, 0])) d.add(p);
    expect(d.hotspots()).toEqual([]);
  });

  it('needs minimumPoints records within scanRadius of a core record', () => {
    const d = new HotspotDetector(1, 100, 1, 4);
    for (const x of [0, 0.5, 1]) d.add([x]);
    expect(d.hotspots()).toEqual([]);
    d.add([50]);
    d.add([0.2]);
    expect(d.hotspots()).toEqual([{ density: 4, minValues: [0], maxValues: [1] }]);
  });

  it('lists separate hotspots densest first', () => {
    const d = new HotspotDetector(1, 100, 1, 3);
    for (const x of [0, 0.1, 0.2, 10, 11, 12, 13]) d.add([x]);
    expect(d.hotspots()).toEqual([
      { density: 3, minValues: [0], maxValues: [0.2] },
      { density: 4 / 3, minValues: [10], maxValues: [13] },
    ]);
  });

  it('forgets a hotspot once its records leave the window', () => {
    const d = new HotspotDetector(2, 100, 0.2, 10);
    for (let i = 0; i < 20; i++) d.add([5 + i * 0.001, 5]);
    expect(d.hotspots()).toHaveLength(1);
    const r = new SeededRandom(1);
    const noise = (n: number) => {
      for (let i = 0; i < n; i++) d.add([r.next() * 1000, r.next() * 1000]);
    };
    // 90 more records push out 10 of the 20: the other 10 still make a hotspot of exactly 10.
    noise(90);
    expect(d.hotspots()).toHaveLength(1);
    noise(1);
    expect(d.hotspots()).toEqual([]);
  });

  it('continues identically after a snapshot through JSON and a restore', () => {
    const all = points(2500, 0.2, [6.1, 1.2], 8);
    const straight = detector();
    const want = all.map((p) => {
      straight.add(p);
      return JSON.stringify(straight.hotspots());
    });
    const first = detector();
    all.slice(0, 1200).forEach((p) => first.add(p));
    const second = detector();
    second.restore(JSON.parse(JSON.stringify(first.snapshot())));
    const got = all.slice(1200).map((p) => {
      second.add(p);
      return JSON.stringify(second.hotspots());
    });
    expect(got).toEqual(want.slice(1200));
    expect(want.at(-1)).not.toBe('[]');
  });

  it('refuses a window of another shape', () => {
    let thrown: unknown;
    try {
      detector().restore([[1, 2, 3]]);
    } catch (e) {
      thrown = e;
    }
    expect(isSurvError(thrown) && thrown.code).toBe('KAV2_INVALID_STATE');
  });
});
