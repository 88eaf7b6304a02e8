import { SqlError } from '../errors';
import { RandomCutTree, type RandomCutTreeState } from './random-cut-tree';
import { SeededRandom } from './seeded-random';
import { TimeDecaySampler, type TimeDecaySamplerState } from './time-decay-sampler';

/** Parameters of a forest, as RANDOM_CUT_FOREST takes them (already validated by the binder). */
export interface RandomCutForestOptions {
  /** Numeric columns per record. */
  readonly dimensions: number;
  readonly numberOfTrees: number;
  readonly subSampleSize: number;
  readonly timeDecay: number;
  readonly shingleSize: number;
  readonly seed: number;
}

interface RandomCutForestState {
  readonly points: number;
  readonly records: number;
  readonly shingle: number[];
  readonly rng: number[];
  readonly trees: readonly { readonly tree: RandomCutTreeState; readonly sampler: TimeDecaySamplerState }[];
}

/**
 * A Random Cut Forest over a stream (see random-cut-tree.ts for the tree and its scores): `numberOfTrees`
 * trees, each over its own time-decayed sample of `subSampleSize` points (time-decay-sampler.ts). With
 * `shingleSize` s > 1 a point is the last s records' values side by side, oldest first, and timeDecay
 * counts such points (SQL Reference, shingleSize).
 *
 * Each record is scored against the forest as it stands, then offered to every tree's sample. The score
 * is the trees' average, and 0 until the forest has seen `subSampleSize` points ("the algorithm returns
 * zero for the first subSampleSize records while the machine learning model is trained"). One seeded
 * generator draws every sample and cut, in a fixed order, so a run is reproducible and its snapshot
 * continues it exactly. State is bounded: trees x subSampleSize points.
 */
export class RandomCutForest {
  private readonly trees: RandomCutTree[] = [];
  private readonly samplers: TimeDecaySampler[] = [];
  private readonly rng: SeededRandom;
  /** The current point: the last `shingleSize` records' values, oldest first. */
  private readonly point: Float64Array;
  private readonly pointDim: number;
  /** Points offered to the trees so far (the sequence number of the next one). */
  private points = 0;
  /** Records taken (shingling needs `shingleSize` of them before the first point). */
  private records = 0;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly scratchHigh: Float64Array;
  private readonly scratchLow: Float64Array;

  constructor(private readonly options: RandomCutForestOptions) {
    this.pointDim = options.dimensions * options.shingleSize;
    this.point = new Float64Array(this.pointDim);
    this.rng = new SeededRandom(options.seed);
    for (let t = 0; t < options.numberOfTrees; t++) {
      this.trees.push(new RandomCutTree(options.subSampleSize, this.pointDim));
      this.samplers.push(new TimeDecaySampler(options.subSampleSize, options.timeDecay));
    }
    this.high = new Float64Array(this.pointDim);
    this.low = new Float64Array(this.pointDim);
    this.scratchHigh = new Float64Array(this.pointDim);
    this.scratchLow = new Float64Array(this.pointDim);
  }

  /** Scores one record's values (finite numbers, one per dimension), then learns from it. */
  process(values: ArrayLike<number>): number {
    if (!this.take(values)) return 0;
    let score = 0;
    if (this.points >= this.options.subSampleSize) {
      for (const tree of this.trees) score += tree.score(this.point);
      score /= this.trees.length;
    }
    this.learn();
    return score;
  }

  /**
   * Like `process`, and also splits the score per record dimension: `high[c]` / `low[c]` receive the
   * parts due to column c being above / below the sample (over every shingle position). The parts of all
   * columns add up to the score; during the learning phase they are all 0.
   */
  processExplained(values: ArrayLike<number>, high: Float64Array, low: Float64Array): number {
    high.fill(0);
    low.fill(0);
    if (!this.take(values)) return 0;
    let score = 0;
    if (this.points >= this.options.subSampleSize) {
      const h = this.high;
      const l = this.low;
      h.fill(0);
      l.fill(0);
      for (const tree of this.trees) tree.attribute(this.point, h, l, this.scratchHigh, this.scratchLow);
      const n = this.trees.length;
      const d = this.options.dimensions;
      for (let i = 0; i < this.pointDim; i++) {
        high[i % d]! += h[i]! / n;
        low[i % d]! += l[i]! / n;
        score += (h[i]! + l[i]!) / n;
      }
    }
    this.learn();
    return score;
  }

  /** Shifts the record into the shingle; false while there are fewer than shingleSize records. */
  private take(values: ArrayLike<number>): boolean {
    const d = this.options.dimensions;
    const p = this.point;
    if (this.options.shingleSize > 1) p.copyWithin(0, d);
    const at = this.pointDim - d;
    for (let i = 0; i < d; i++) p[at + i] = values[i]!;
    this.records++;
    return this.records >= this.options.shingleSize;
  }

  private learn(): void {
    const seq = this.points++;
    const p = this.point;
    const rng = this.rng;
    for (let t = 0; t < this.trees.length; t++) {
      const tree = this.trees[t]!;
      const sampler = this.samplers[t]!;
      for (let s = sampler.expire(seq); s >= 0; s = sampler.expire(seq)) {
        tree.delete(sampler.leaf[s]!);
        sampler.leaf[s] = -1;
      }
      const slot = sampler.admit(seq, sampler.weightOf(seq, rng.nextOpen()));
      if (slot < 0) continue;
      if (sampler.leaf[slot]! >= 0) tree.delete(sampler.leaf[slot]!);
      sampler.leaf[slot] = tree.insert(p, rng);
    }
  }

  snapshot(): RandomCutForestState {
    return {
      points: this.points,
      records: this.records,
      shingle: Array.from(this.point),
      rng: this.rng.snapshot(),
      trees: this.trees.map((tree, t) => ({ tree: tree.snapshot(), sampler: this.samplers[t]!.snapshot() })),
    };
  }

  restore(state: unknown): void {
    const s = state as Partial<RandomCutForestState> | null;
    if (!s || typeof s.points !== 'number' || typeof s.records !== 'number' || !Array.isArray(s.shingle)
      || s.shingle.length !== this.pointDim || !Array.isArray(s.trees) || s.trees.length !== this.trees.length) {
      throw new SqlError('KAV2_INVALID_STATE', 'RANDOM_CUT_FOREST: not a forest state of this shape');
    }
    this.points = s.points;
    this.records = s.records;
    this.point.set(s.shingle);
    this.rng.restore(s.rng);
    s.trees.forEach((ts, t) => {
      this.trees[t]!.restore(ts?.tree);
      this.samplers[t]!.restore(ts?.sampler);
    });
  }
}
