import { type BoundQuery } from './bound';
import { type Column } from './sql-type';

/** The tumbling table functions of the KDA SQL Reference that this engine runs. */
export type TableFunctionName = 'TOP_K_ITEMS_TUMBLING' | 'COUNT_DISTINCT_ITEMS_TUMBLING';

/**
 * `TABLE(fn(CURSOR(SELECT STREAM ...), 'column', [k,] windowSeconds))`: a tumbling window over the
 * cursor query's rows that emits, when the window closes, the top k values of `column` with their
 * counts, or the number of its distinct values.
 */
export interface BoundTableFunction {
  readonly name: TableFunctionName;
  /** The CURSOR query. */
  readonly query: BoundQuery;
  /** Index of the counted column among the cursor query's columns. */
  readonly column: number;
  /** TOP_K_ITEMS_TUMBLING's K (1 for COUNT_DISTINCT_ITEMS_TUMBLING). */
  readonly k: number;
  readonly windowMs: number;
  /** What the function returns: (ITEM, ITEM_COUNT) or (NUMBER_OF_DISTINCT_ITEMS). */
  readonly columns: readonly Column[];
}
