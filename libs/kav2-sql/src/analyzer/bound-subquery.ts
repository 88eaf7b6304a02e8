import { type BExpr } from './bound';

/**
 * An IN / EXISTS subquery over an in-application reference table, bound. Its expressions read one row made of a
 * table row's `width` values followed by the values of the outer expressions it refers to (the `params` of its
 * `subquery` expression, column `width + i`), so they compile once and serve every outer row.
 */
export interface BoundSubquery {
  /** The reference table read. */
  readonly table: string;
  /** Columns of the table: the first `width` values of the row the expressions read. */
  readonly width: number;
  readonly where?: BExpr;
  /** The SELECT list: the values IN compares its operands with (none for EXISTS, whose list is not read). */
  readonly outputs: readonly BExpr[];
  /**
   * `inner = outer` conjuncts of WHERE, `inner` reading only the table row and `outer` only outer values (a
   * correlation), with values that compare like JavaScript values: the table's rows can be looked up by them.
   */
  readonly keys: readonly { readonly inner: BExpr; readonly outer: BExpr }[];
  /** Its WHERE or SELECT list reads the clock (CURRENT_ROW_TIMESTAMP): its rows change from one outer row to the next. */
  readonly perRow?: true;
}
