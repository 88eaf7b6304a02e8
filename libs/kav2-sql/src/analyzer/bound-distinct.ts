/**
 * A bound SELECT STREAM DISTINCT, over the query's outputs: duplicates are found among the rows of one value of
 * the `epoch` output (a select item that grows with ROWTIME), comparing the `key` outputs (all but ROWTIME).
 */
export interface BoundDistinct {
  readonly epoch: number;
  readonly key: readonly number[];
}
