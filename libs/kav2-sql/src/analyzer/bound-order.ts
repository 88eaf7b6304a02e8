import { type BExpr } from './bound';

/** One ORDER BY key, evaluated over the row before the SELECT list (an aggregated row after GROUP BY). */
export interface BoundSortKey {
  readonly expr: BExpr;
  readonly desc: boolean;
  /** NULLs before other values; by default NULL sorts as the highest value (last ascending, first descending). */
  readonly nullsFirst: boolean;
}

/**
 * When a streaming ORDER BY knows that no more rows with the open leading value can come, besides a row with
 * another value and flush():
 * - `time`: the leading key is a function of ROWTIME alone: once time reaches a different value;
 * - `window`: the leading key is the window of the tumbling GROUP BY before it, whose rows all come at the
 *   window's close: once time reaches their ROWTIME;
 * - `value`: only a row with another value (or flush) closes it.
 */
export type SortClose = 'time' | 'window' | 'value';

/**
 * A bound ORDER BY of a streaming query:
 * - `sort` (SQL Reference, ORDER BY clause): the leading key grows with ROWTIME; rows are gathered while it
 *   keeps its value, then emitted sorted by the other keys;
 * - `tsort` (T-sorting Stream Input): `ORDER BY <timestamp_expr> WITHIN <interval>` reorders rows whose
 *   timestamp is out of order by at most the interval.
 */
export type BoundOrderBy =
  | { readonly kind: 'sort'; readonly keys: readonly BoundSortKey[]; readonly close: SortClose }
  | { readonly kind: 'tsort'; readonly keys: readonly BoundSortKey[]; readonly withinMs: number };
