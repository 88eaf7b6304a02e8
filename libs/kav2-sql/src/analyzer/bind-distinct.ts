import { SqlError, type SourcePos } from '../errors';
import { type BExpr } from './bound';
import { type BoundDistinct } from './bound-distinct';
import { type BoundOrderBy } from './bound-order';
import { monotoneInRowtime } from './expr-analysis';

/**
 * Binds SELECT STREAM DISTINCT (SQL Reference, SELECT ALL and SELECT DISTINCT): it "can be used with streaming
 * queries as long as there is a non-constant monotonic expression in the SELECT clause", and "if ROWTIME is one of
 * the columns in the SELECT clause, it is ignored for the purposes of duplicate-elimination". The monotonic
 * expression bounds what is remembered: rows are compared only with rows of its current value (`SELECT STREAM
 * DISTINCT ROWTIME, prodId, FLOOR(Orders.ROWTIME TO DAY)` "displays the set of unique products that are ordered in
 * any given day"). It is the first item that grows with ROWTIME other than ROWTIME itself, else ROWTIME (the ORDER
 * BY page's `SELECT STREAM DISTINCT rowtime, ticker`), else the item aliased ROWTIME if it grows with ROWTIME or
 * a T-sort puts its values in order. `written`: each output's expression over the query's input; `rowtimeOutput`: the
 * item that sets ROWTIME.
 */
export const bindDistinct = (
  written: readonly BExpr[], rowtimeOutput: number | undefined, orderBy: BoundOrderBy | undefined, pos: SourcePos,
): BoundDistinct => {
  const isRowtime = (i: number): boolean => written[i]!.kind === 'rowtime' || i === rowtimeOutput;
  const grows = written.map((e) => monotoneInRowtime(e) === 'up');
  let epoch = grows.findIndex((g, i) => g && !isRowtime(i));
  if (epoch < 0) epoch = written.findIndex((e) => e.kind === 'rowtime');
  if (epoch < 0 && rowtimeOutput !== undefined && (grows[rowtimeOutput] || orderBy?.kind === 'tsort')) epoch = rowtimeOutput;
  if (epoch < 0) {
    throw new SqlError('KAV2_INVALID_ARGUMENT', 'SELECT STREAM DISTINCT needs a select item that is time-based and monotonic (such as ROWTIME or FLOOR(ROWTIME TO MINUTE)): a stream\'s duplicates are found among the rows of one of its values, else every row ever seen would have to be kept', pos);
  }
  return { epoch, key: written.flatMap((_, i) => (isRowtime(i) ? [] : [i])) };
};
