import { type AggCall } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { type AccState } from './aggregates';
import { type DistinctTable } from './distinct-table';

/**
 * Where each aggregate of a GROUP BY keeps its running state inside one group: numbers (counts,
 * sums, Welford's moments) side by side in the group's stretch of one Float64Array shared by all
 * groups, values (MIN / MAX so far) in its stretch of one array. A COUNT(DISTINCT) (and a SUM, AVG
 * or variance with DISTINCT) keeps its count among the numbers and its values in the table's
 * DistinctTable, owned by the count's position. A
 * group is a slot number, not objects: its state is read from contiguous places, and a window that
 * closes leaves no garbage behind (the slots are reused by the next one).
 */
export interface AccSlot {
  /** The state's shape: what `resultOf` can read straight from the slots. */
  readonly kind: 'count' | 'distinct' | 'sum' | 'extreme' | 'other';
  /** For a `distinct` slot: whether it is COUNT(DISTINCT), whose result is the count itself. */
  readonly counts: boolean;
  /** First number of the aggregate's state in the group's numbers, or -1. */
  readonly num: number;
  /** How many numbers it keeps (COUNT and COUNT DISTINCT 1, SUM / AVG 2: count and sum, variance family 3). */
  readonly width: number;
  /** Its position in the group's values (MIN, MAX), or -1. */
  readonly obj: number;
}

export interface AccLayout {
  /** Numbers per group. */
  readonly nums: number;
  /** Values per group. */
  readonly objs: number;
  readonly slots: readonly AccSlot[];
}

/**
 * Whether an aggregate keeps its distinct values (COUNT, SUM, AVG, variances with DISTINCT): like
 * COUNT(DISTINCT), it keeps their count among the numbers and the values in the DistinctTable.
 */
const keepsDistinct = (a: AggCall): boolean => a.distinct && a.fn !== 'MIN' && a.fn !== 'MAX';

/** One group's accumulators: its numbers start at `n[nb]`, its values at `o[ob]`. */
export interface AccView {
  readonly n: Float64Array;
  readonly o: unknown[];
  readonly nb: number;
  readonly ob: number;
}

const numberWidth = (a: AggCall): number => {
  if (a.fn === 'MIN' || a.fn === 'MAX') return 0;
  if (a.fn === 'COUNT' || keepsDistinct(a)) return 1;
  if (a.fn === 'SUM' || a.fn === 'AVG') return 2;
  return 3;
};

export const accumulatorLayout = (aggs: readonly AggCall[]): AccLayout => {
  let nums = 0;
  let objs = 0;
  const slots = aggs.map((a): AccSlot => {
    const width = numberWidth(a);
    if (width === 0) return { kind: 'extreme', counts: false, num: -1, width, obj: objs++ };
    const kind = keepsDistinct(a) ? 'distinct' : a.fn === 'COUNT' ? 'count' : a.fn === 'SUM' ? 'sum' : 'other';
    const slot = { kind, counts: a.fn === 'COUNT', num: nums, width, obj: -1 } as const;
    nums += width;
    return slot;
  });
  return { nums, objs, slots };
};

/** One aggregate's state in the form its AggregateFn reads (`result`, `save`). */
export const stateOf = (slot: AccSlot, acc: AccView, distinct: DistinctTable): AccState => {
  if (slot.kind === 'distinct') return [new Set(distinct.valuesOf(acc.nb + slot.num))];
  if (slot.obj >= 0) return [acc.o[acc.ob + slot.obj] as SqlValue];
  return Array.from(acc.n.subarray(acc.nb + slot.num, acc.nb + slot.num + slot.width));
};

/** Writes a state in AggregateFn form (from `load`) back into the group's slots. */
export const storeState = (slot: AccSlot, acc: AccView, state: AccState, distinct: DistinctTable): void => {
  if (slot.kind === 'distinct') {
    const owner = acc.nb + slot.num;
    let n = 0;
    for (const v of state[0] as Set<SqlValue>) if (distinct.add(owner, v)) n++;
    acc.n[owner] = n;
  } else if (slot.obj >= 0) {
    acc.o[acc.ob + slot.obj] = state[0];
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
    // Only COUNT(DISTINCT)'s result is its count; SUM(DISTINCT) and the others fold the values.
    case 'distinct': return slot.counts ? acc.n[acc.nb + slot.num]! : undefined;
    // SUM of no non-null value is NULL.
    case 'sum': return acc.n[acc.nb + slot.num] === 0 ? null : acc.n[acc.nb + slot.num + 1]!;
    case 'extreme': return acc.o[acc.ob + slot.obj] as SqlValue;
    default: return undefined;
  }
};
