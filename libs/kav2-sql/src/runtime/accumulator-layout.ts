import { type AggCall } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { type AccState } from './aggregates';

/**
 * Where each aggregate of a GROUP BY keeps its running state inside one group: numbers (counts,
 * sums, Welford's moments) side by side in one Float64Array, values (MIN / MAX so far, the
 * DISTINCT sets) in one array. A group's accumulators are two allocations, read together from
 * memory, instead of one small array per aggregate.
 */
export interface AccSlot {
  /** The state's shape: what `resultOf` can read straight from the slots. */
  readonly kind: 'count' | 'distinct' | 'sum' | 'extreme' | 'other';
  /** First number of the aggregate's state in `n`, or -1. */
  readonly num: number;
  /** How many numbers it keeps (COUNT 1, SUM / AVG 2: count and sum, variance family 3). */
  readonly width: number;
  /** Its value slot in `o` (MIN, MAX, COUNT DISTINCT), or -1. */
  readonly obj: number;
}

export interface AccLayout {
  readonly nums: number;
  readonly objs: number;
  readonly slots: readonly AccSlot[];
}

/** The accumulators of one group. */
export interface Accumulators {
  readonly n: Float64Array;
  /** MIN / MAX values so far and DISTINCT sets (null until the first non-null value). */
  readonly o: (SqlValue | Set<SqlValue>)[];
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

export const newAccumulators = (layout: AccLayout): Accumulators => ({
  n: new Float64Array(layout.nums),
  o: layout.objs === 0 ? [] : new Array<SqlValue | Set<SqlValue>>(layout.objs).fill(null),
});

/** One aggregate's state in the form its AggregateFn reads (`result`, `save`). */
export const stateOf = (slot: AccSlot, acc: Accumulators): AccState => {
  if (slot.obj >= 0) return [slot.kind === 'distinct' ? acc.o[slot.obj] ?? new Set<SqlValue>() : acc.o[slot.obj]!];
  return Array.from(acc.n.subarray(slot.num, slot.num + slot.width));
};

/** Writes a state in AggregateFn form (from `load`) back into the group's slots. */
export const storeState = (slot: AccSlot, acc: Accumulators, state: AccState): void => {
  if (slot.obj >= 0) acc.o[slot.obj] = state[0] as SqlValue | Set<SqlValue>;
  else for (let i = 0; i < slot.width; i++) acc.n[slot.num + i] = state[i] as number;
};

/**
 * An aggregate's result read from its slots without building its state, for the plain kinds
 * (the same values as their AggregateFn's `result`); undefined for the others (AVG, variances).
 */
export const resultOf = (slot: AccSlot, acc: Accumulators): SqlValue | undefined => {
  switch (slot.kind) {
    case 'count': return acc.n[slot.num]!;
    case 'distinct': {
      const set = acc.o[slot.obj] as Set<SqlValue> | null;
      return set === null ? 0 : set.size;
    }
    // SUM of no non-null value is NULL.
    case 'sum': return acc.n[slot.num] === 0 ? null : acc.n[slot.num + 1]!;
    case 'extreme': return acc.o[slot.obj] as SqlValue;
    default: return undefined;
  }
};
