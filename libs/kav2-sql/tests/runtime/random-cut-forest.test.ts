import { isSurvError } from '@surv/domain';
import { describe, expect, it } from 'vitest';
import { RandomCutForest, type RandomCutForestOptions } from '../../src/runtime/random-cut-forest';
import { RandomCutTree } from '../../src/runtime/random-cut-tree';
import { SeededRandom } from '../../src/runtime/seeded-random';

const forest = (o: Partial<RandomCutForestOptions> = {}) =>
  new RandomCutForest({ dimensions: 2, numberOfTrees: 50, subSampleSize: 64, timeDecay: 100_000, shingleSize: 1, seed: 1, ...o });

/** A dense cluster: integers 90..120 by 60..80, like the Developer Guide's normal blood pressure. */
const inlier = (r: SeededRandom): [number, number] => [90 + Math.floor(r.next() * 31), 60 + Math.floor(r.next() * 21)];

const feed = (f: RandomCutForest, n: number, r = new SeededRandom(7)): number[] => {
  const scores: number[] = [];
  for (let i = 0; i < n; i++) scores.push(f.process(inlier(r)));
  return scores;
};

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('RandomCutForest', () => {
  it('scores 0 for the first subSampleSize records while it learns, then positive scores', () => {
    const scores = feed(forest({ subSampleSize: 64 }), 200);
    expect(scores.slice(0, 64).every((s) => s === 0)).toBe(true);
    expect(scores.slice(64).every((s) => s > 0)).toBe(true);
  });

  it('gives an obvious outlier of a dense cluster a much higher score than the cluster', () => {
    const f = forest({ numberOfTrees: 100, subSampleSize: 256 });
    const scores = feed(f, 2000).slice(256);
    const outlier = f.process([180, 130]);
    expect(median(scores)).toBeLessThan(1.2);
    expect(Math.max(...scores)).toBeLessThan(outlier / 2);
    expect(outlier).toBeGreaterThan(4);
  });

  it('splits the score over the columns so that they add up to it, naming the anomalous column and its direction', () => {
    const f = forest({ numberOfTrees: 100, subSampleSize: 128 });
    feed(f, 1000);
    const high = new Float64Array(2);
    const low = new Float64Array(2);
    // Diastolic far above the sample, systolic ordinary.
    const score = f.processExplained([105, 140], high, low);
    expect(high[0]! + low[0]! + high[1]! + low[1]!).toBeCloseTo(score, 10);
    expect(high[1]! + low[1]!).toBeGreaterThan(4 * (high[0]! + low[0]!));
    expect(high[1]!).toBeGreaterThan(low[1]!);
    // Systolic far below.
    const s2 = f.processExplained([40, 70], high, low);
    expect(high[0]! + low[0]! + high[1]! + low[1]!).toBeCloseTo(s2, 10);
    expect(low[0]!).toBeGreaterThan(4 * (high[1]! + low[1]!));
    expect(low[0]!).toBeGreaterThan(high[0]!);
  });

  it('explains nothing during the learning phase', () => {
    const f = forest();
    const high = new Float64Array(2).fill(9);
    const low = new Float64Array(2).fill(9);
    expect(f.processExplained([1, 2], high, low)).toBe(0);
    expect([...high, ...low]).toEqual([0, 0, 0, 0]);
  });

  it('with shingles, scores a break in the shape of a stream that single records do not show', () => {
    // A sawtooth 0, 1, ..., 15, 0, 1, ...; then it falls 12, 8, 4, 0: values the stream has always had.
    const run = (shingleSize: number) => {
      const f = new RandomCutForest({ dimensions: 1, numberOfTrees: 100, subSampleSize: 128, timeDecay: 100_000, shingleSize, seed: 3 });
      const normal: number[] = [];
      for (let i = 0; i < 1600; i++) normal.push(f.process([i % 16]));
      const broken = [12, 8, 4, 0].map((v) => f.process([v]));
      return { normal: Math.max(...normal.slice(400)), broken: Math.max(...broken) };
    };
    const single = run(1);
    const shingled = run(4);
    expect(single.broken).toBeLessThan(single.normal);
    expect(shingled.broken).toBeGreaterThan(1.4 * shingled.normal);
  });

  it('with shingles, waits for shingleSize records before the first point', () => {
    const f = forest({ dimensions: 1, subSampleSize: 10, shingleSize: 5 });
    const scores = Array.from({ length: 20 }, (_, i) => f.process([i % 3]));
    // 4 records before the first shingle, then 10 points to learn: the 15th record is the first scored.
    expect(scores.slice(0, 14).every((s) => s === 0)).toBe(true);
    expect(scores.slice(14).every((s) => s > 0)).toBe(true);
  });

  it('keeps at most subSampleSize points per tree, none older than timeDecay points', () => {
    const f = forest({ numberOfTrees: 5, subSampleSize: 20, timeDecay: 50 });
    feed(f, 1000);
    const state = f.snapshot();
    for (const t of state.trees) {
      const held = t.sampler.leaf.flatMap((leaf, slot) => (leaf >= 0 ? [t.sampler.seq[slot]!] : []));
      expect(held.length).toBe(20);
      expect(Math.min(...held)).toBeGreaterThan(1000 - 1 - 50);
    }
  });

  it('favours recent points: after the stream moves, the old cluster is forgotten', () => {
    const f = forest({ numberOfTrees: 50, subSampleSize: 64, timeDecay: 500 });
    feed(f, 3000);
    const r = new SeededRandom(9);
    for (let i = 0; i < 3000; i++) f.process([500 + r.next() * 30, 500 + r.next() * 20]);
    expect(f.process([105, 70])).toBeGreaterThan(3);
    expect(f.process([515, 510])).toBeLessThan(1.5);
  });

  it('gives the same scores for the same seed and other scores for another seed', () => {
    const a = feed(forest({ seed: 5 }), 300);
    const b = feed(forest({ seed: 5 }), 300);
    const c = feed(forest({ seed: 6 }), 300);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('continues identically after a snapshot through JSON and a restore', () => {
    const r = new SeededRandom(11);
    const points = Array.from({ length: 600 }, () => inlier(r));
    points[450] = [200, 10];
    const straight = forest({ shingleSize: 2, timeDecay: 300 });
    const want = points.map((p) => straight.process(p));
    const first = forest({ shingleSize: 2, timeDecay: 300 });
    points.slice(0, 250).forEach((p) => first.process(p));
    const second = forest({ shingleSize: 2, timeDecay: 300, seed: 999 });
    second.restore(JSON.parse(JSON.stringify(first.snapshot())));
    expect(points.slice(250).map((p) => second.process(p))).toEqual(want.slice(250));
  });

  it('refuses a state of another shape', () => {
    const state = forest({ numberOfTrees: 3 }).snapshot();
    let thrown: unknown;
    try {
      forest({ numberOfTrees: 4 }).restore(state);
    } catch (e) {
      thrown = e;
    }
    expect(isSurvError(thrown) && thrown.code).toBe('KAV2_INVALID_STATE');
  });
});

describe('RandomCutTree', () => {
  it('keeps its boxes and masses as a tree rebuilt from its cuts would, through inserts and deletes', () => {
    const rng = new SeededRandom(2);
    const tree = new RandomCutTree(32, 3);
    const leaves: number[] = [];
    const point = () => Float64Array.from([Math.floor(rng.next() * 4), rng.next(), rng.next() < 0.5 ? 1 : 2]);
    const probes = Array.from({ length: 20 }, point);
    for (let i = 0; i < 500; i++) {
      if (leaves.length === 32 || (leaves.length > 0 && rng.next() < 0.4)) {
        const k = Math.floor(rng.next() * leaves.length);
        tree.delete(leaves[k]!);
        leaves.splice(k, 1);
      } else leaves.push(tree.insert(point(), rng));
      if (i % 50 === 49) {
        const before = probes.map((p) => tree.score(p));
        // restore() derives boxes, masses and parents afresh from the links and leaves.
        tree.restore(JSON.parse(JSON.stringify(tree.snapshot())));
        expect(probes.map((p) => tree.score(p))).toEqual(before);
        expect(tree.size).toBe(leaves.length);
      }
    }
  });

  it('holds repeated points in one leaf and scores a held point lower than a new one', () => {
    const rng = new SeededRandom(4);
    const tree = new RandomCutTree(8, 1);
    const a = tree.insert(Float64Array.from([1]), rng);
    expect(tree.insert(Float64Array.from([1]), rng)).toBe(a);
    tree.insert(Float64Array.from([5]), rng);
    expect(tree.size).toBe(3);
    expect(tree.score(Float64Array.from([1]))).toBeLessThan(tree.score(Float64Array.from([3])));
    tree.delete(a);
    tree.delete(a);
    expect(tree.size).toBe(1);
  });
});
