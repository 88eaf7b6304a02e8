import { type BoundSortKey } from '../analyzer/bound-order';
import { type SqlValue } from '../analyzer/sql-type';

/** Orders two non-NULL values of one SQL type (numbers, timestamps, strings, booleans). */
export const compareValues = (a: SqlValue, b: SqlValue): number => {
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
};

/**
 * Compares two rows' ORDER BY key tuples from key `from` on: ASC or DESC per key, NULLs first or last as
 * bound (by default NULL is the highest value). Rows equal on every key compare 0, so a stable sort keeps
 * them in arrival order.
 */
export const keyComparator = (keys: readonly BoundSortKey[], from: number) => (x: readonly SqlValue[], y: readonly SqlValue[]): number => {
  for (let i = from; i < keys.length; i++) {
    const a = x[i] ?? null;
    const b = y[i] ?? null;
    if (a === b) continue;
    const k = keys[i]!;
    if (a === null) return k.nullsFirst ? -1 : 1;
    if (b === null) return k.nullsFirst ? 1 : -1;
    const c = compareValues(a, b);
    if (c !== 0) return k.desc ? -c : c;
  }
  return 0;
};
