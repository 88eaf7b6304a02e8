import { type AggName } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { type AccState, type AggregateFn } from './aggregates';
import { ExactSum } from './exact-sum';

/**
 * One aggregate over one partition's frame, kept up to date as rows enter and leave instead of rescanned
 * per row. Rows leave in the order they came (a frame only loses its oldest rows), so `evict` is given the
 * value of the oldest row still held.
 */
export interface SlidingAccumulator {
  add(v: SqlValue): void;
  evict(v: SqlValue): void;
  /**
   * The aggregate of the rows held, what a left-to-right scan of them gives (SUM and AVG of fractions: see
   * SumAccumulator); `undefined` when only the scan can say (a NaN or an infinite value is in the frame: what
   * the scan returns then depends on order).
   */
  result(): SqlValue | undefined;
}

/** Beyond this magnitude a scan's running sum could overflow, and the partials of ExactSum could too. */
const SUM_LIMIT = 2 ** 970;

/**
 * SUM and AVG: the non-null count and the exact sum of the frame. The result goes through the aggregate's
 * own `result` (AVG of an integer type truncates), from the same [count, sum] state a scan builds.
 *
 * Why an exact sum rather than a running double, a rebased one, or two stacks: those round in an order of their
 * own (a running double subtracting evicted fractions drifts without bound), so they differ from the scan, and
 * from one another across a snapshot/restore. The exact sum depends only on the values in the frame and gives the
 * scan's value whenever the scan is exact (integers with sums below 2^53, dyadic fractions); for other fractions
 * (2-decimal prices) both round, the scan by up to a few ulps, this once, so the last bits may differ from it.
 */
class SumAccumulator implements SlidingAccumulator {
  private readonly state: AccState = [0, 0];
  private readonly sum = new ExactSum();
  private n = 0;
  /** Values in the frame ExactSum cannot hold (non-finite, huge, or not numbers). */
  private wild = 0;

  constructor(private readonly fn: AggregateFn) {}

  add(v: SqlValue): void {
    if (v === null) return;
    this.n++;
    if (typeof v === 'number' && Math.abs(v) < SUM_LIMIT) this.sum.add(v);
    else this.wild++;
  }

  evict(v: SqlValue): void {
    if (v === null) return;
    if (--this.n === 0) {
      // Nothing left: start again from exact zero.
      this.sum.clear();
      this.wild = 0;
    } else if (typeof v === 'number' && Math.abs(v) < SUM_LIMIT) this.sum.remove(v);
    else this.wild--;
  }

  result(): SqlValue | undefined {
    if (this.wild > 0) return undefined;
    this.state[0] = this.n;
    this.state[1] = this.sum.value();
    return this.fn.result(this.state);
  }
}

/**
 * MIN and MAX: a monotonic deque of the frame's candidates (values no later value beats), oldest first, so
 * the front is the answer. A later value only drops earlier ones it strictly beats: among equal values the
 * oldest stays in front, as the scan keeps the first it met (0 and -0 compare equal).
 */
class ExtremeAccumulator implements SlidingAccumulator {
  private values: SqlValue[] = [];
  /** Each candidate's row number (rows added before it), to recognise it when that row leaves. */
  private rows: number[] = [];
  private head = 0;
  private added = 0;
  private evicted = 0;
  /** NaNs in the frame: they compare neither less nor greater, so the scan's answer depends on order. */
  private nan = 0;

  constructor(private readonly max: boolean) {}

  private beats(a: SqlValue, b: SqlValue): boolean {
    return this.max ? (a as number | string) > (b as number | string) : (a as number | string) < (b as number | string);
  }

  add(v: SqlValue): void {
    const row = this.added++;
    if (v === null) return;
    if (v !== v) {
      this.nan++;
      return;
    }
    const { values, rows } = this;
    while (values.length > this.head && this.beats(v, values[values.length - 1]!)) {
      values.pop();
      rows.pop();
    }
    values.push(v);
    rows.push(row);
  }

  evict(v: SqlValue): void {
    const row = this.evicted++;
    if (v === null) return;
    if (v !== v) {
      this.nan--;
      return;
    }
    if (this.head < this.rows.length && this.rows[this.head] === row) this.head++;
    if (this.head > 64 && this.head * 2 > this.values.length) {
      this.values = this.values.slice(this.head);
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
  }

  result(): SqlValue | undefined {
    if (this.nan > 0) return undefined;
    return this.head < this.values.length ? this.values[this.head]! : null;
  }
}

/** COUNT(DISTINCT x): how many rows of the frame hold each value (a Map matches values as the scan's Set does). */
class DistinctCountAccumulator implements SlidingAccumulator {
  private readonly counts = new Map<SqlValue, number>();

  add(v: SqlValue): void {
    if (v !== null) this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
  }

  evict(v: SqlValue): void {
    if (v === null) return;
    const c = this.counts.get(v)!;
    if (c === 1) this.counts.delete(v);
    else this.counts.set(v, c - 1);
  }

  result(): SqlValue {
    return this.counts.size;
  }
}

/**
 * A factory of accumulators for a windowed aggregate, or undefined when it is left to a scan of the frame:
 * plain COUNT is counted by the operator itself, and the variance family (Welford's updates) has no exact
 * inverse, so removing a row could not give the scan's value.
 */
export const slidingAccumulator = (fn: AggName, distinct: boolean, agg: AggregateFn): (() => SlidingAccumulator) | undefined => {
  switch (fn) {
    case 'SUM': case 'AVG': return distinct ? undefined : () => new SumAccumulator(agg);
    case 'MIN': case 'MAX': return () => new ExtremeAccumulator(fn === 'MAX');
    case 'COUNT': return distinct ? () => new DistinctCountAccumulator() : undefined;
    default: return undefined;
  }
};
