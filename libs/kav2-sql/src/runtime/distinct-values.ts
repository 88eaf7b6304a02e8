import { type SqlValue } from '../analyzer/sql-type';

/**
 * The values a COUNT(DISTINCT) has seen in one group. Most groups of a window see a handful of
 * values, so they start as a small array (searched in place, one allocation) and become a Set only
 * past SMALL values: a Set per group and aggregate was most of the allocation of a wide GROUP BY.
 * Both compare like Set keys (SameValueZero: `includes` does the same).
 */
export type DistinctValues = SqlValue[] | Set<SqlValue>;

const SMALL = 8;

/** Adds a non-null value to the distinct values kept at `o[i]` (null until the first). */
export const addDistinct = (o: unknown[], i: number, v: SqlValue): void => {
  const s = o[i] as DistinctValues | null;
  if (s === null) {
    o[i] = [v];
  } else if (Array.isArray(s)) {
    if (s.includes(v)) return;
    if (s.length < SMALL) s.push(v);
    else {
      const set = new Set(s);
      set.add(v);
      o[i] = set;
    }
  } else {
    s.add(v);
  }
};

export const distinctCount = (s: DistinctValues | null): number => (s === null ? 0 : Array.isArray(s) ? s.length : s.size);

/** The values as a Set (the form the COUNT DISTINCT AggregateFn reads and snapshots). */
export const distinctSet = (s: DistinctValues | null): Set<SqlValue> => (s === null ? new Set() : Array.isArray(s) ? new Set(s) : s);
