import { type AggCall } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { type AccState } from './aggregates';
import { type DistinctValues, distinctCount, distinctSet } from './distinct-values';

/**
 * Where each aggregate of a GROUP BY keeps its running state inside one group: numbers (counts,
 * sums, Welford's moments) side by side in the group's stretch of one Float64Array shared by all
 * groups, values (MIN / MAX so far, the DISTINCT values) in its stretch of one array. A group is a
 * slot number, not objects: its state is read from two contiguous places, and a window that closes
 * leaves no garbage behind (the slots are reused by the next one).
 */
export interface AccSlot {
  /** The state's shape: what `resultOf` can read straight from the slots. */
  readonly kind: 'count' | 'distinct' | 'sum' | 'extreme' | 'other';
  /** First number of the aggregate's state in the group's numbers, or -1. */
  readonly num: number;
  /** How many numbers it keeps (COUNT 1, SUM / AVG 2: count and sum, variance family 3). */
  readonly width: number;
  /** Its position in the group's values (MIN, MAX, COUNT DISTINCT), or -1. */
  readonly obj: number;
}

export interface AccLayout {
  /** Numbers per group. */
  readonly nums: number;
  /** Values per group. */
  readonly objs: number;
  readonly slots: readonly AccSlot[];
}

/** One group's accumulators: its numbers start at `n[nb]`, its values at `o[ob]`. */
export interface AccView {
  readonly n: Float64Array;
  readonly o: unknown[];
  readonly nb: number;
  readonly ob: number;
}

const numberWidth = (a: AggCall): number => {
  if (a.fn === 'MIN' || a.fn === 'MAX' || (a.fn === 'COUNT' && a.distinct)) return 0;
  if (a.fn === 'COUNT') return 1;
  if (a.fn === 'SUM' || a.fn === 'AVG') return 2;
  return 3;
};

export const accumulatorLayout = (aggs: readonly AggCall[]): AccLayout => {
  let nums = 0;
  let objs = 0;
  const slots = aggs.map((a): AccSlot => {
    const width = numberWidth(a);
    if (width === 0) return { kind: a.fn === 'COUNT' ? 'distinct' : 'extreme', num: -1, width, obj: objs++ };
    const kind = a.fn === 'COUNT' ? 'count' : a.fn === 'SUM' ? 'sum' : 'other';
    const slot = { kind, num: nums, width, obj: -1 } as const;
    nums += width;
    return slot;
  });
  return { nums, objs, slots };
};

/** One aggregate's state in the form its AggregateFn reads (`result`, `save`). */
export const stateOf = (slot: AccSlot, acc: AccView): AccState => {
  if (slot.obj >= 0) {
    const v = acc.o[acc.ob + slot.obj] as SqlValue | DistinctValues | null;
    return [slot.kind === 'distinct' ? distinctSet(v as DistinctValues | null) : (v as SqlValue)];
  }
  return Array.from(acc.n.subarray(acc.nb + slot.num, acc.nb + slot.num + slot.width));
};

/** Writes a state in AggregateFn form (from `load`) back into the group's slots. */
export const storeState = (slot: AccSlot, acc: AccView, state: AccState): void => {
  if (slot.obj >= 0) {
    const v = state[0];
    // An empty DISTINCT set is the same as none yet.
    acc.o[acc.ob + slot.obj] = v instanceof Set ? (v.size === 0 ? null : v) : v;
  } else {
    for (let i = 0; i < slot.width; i++) acc.n[acc.nb + slot.num + i] = state[i] as number;
  }
};

/**
 * An aggregate's result read from its slots without building its state, for the plain kinds
 * (the same values as their AggregateFn's `result`); undefined for the others (AVG, variances).
 */
export const resultOf = (slot: AccSlot, acc: AccView): SqlValue | undefined => {
  switch (slot.kind) {
    case 'count': return acc.n[acc.nb + slot.num]!;
    case 'distinct': return distinctCount(acc.o[acc.ob + slot.obj] as DistinctValues | null);
    // SUM of no non-null value is NULL.
    case 'sum': return acc.n[acc.nb + slot.num] === 0 ? null : acc.n[acc.nb + slot.num + 1]!;
    case 'extreme': return acc.o[acc.ob + slot.obj] as SqlValue;
    default: return undefined;
  }
};
