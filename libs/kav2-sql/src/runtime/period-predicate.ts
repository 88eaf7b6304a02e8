import { type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { INSTANT_TESTS, PERIOD_TESTS, type TemporalPredicate } from '../dialect/temporal-predicates';
import { SqlError } from '../errors';
import { type Evaluator } from './compile-expr';
import { type Row, RowError } from './row';

/**
 * A period whose start comes after its end fails its row (error_stream, INVALID_PERIOD) rather than being read with
 * its bounds swapped. The page defines a period as `startTime <= time < endTime` and `PERIOD(s, e) CONTAINS t` as
 * equivalent to `s <= t AND t < e`; swapping would make that equivalence false (it would find t in (5, 1)), and
 * SQL:2011 refuses a period whose start is not before its end. A period whose start equals its end is accepted:
 * it holds no instant, and the predicates' comparisons apply to it as written (a session of one event).
 */
const checkOrder = (predicate: TemporalPredicate, which: string, s: SqlValue, e: SqlValue): void => {
  if (s !== null && e !== null && (s as number) > (e as number)) {
    throw new RowError('INVALID_PERIOD', `the ${which} period of ${predicate} starts after it ends (${new Date(s as number).toISOString()} > ${new Date(e as number).toISOString()})`);
  }
};

/**
 * `PERIOD_PREDICATE` (the binder's temporal predicate; the predicate is its `unit`) over its compiled bounds. Every
 * bound is evaluated (no short cut): a reversed period is an error whatever the other bounds are. A NULL bound then
 * makes a predicate over two periods NULL (UNKNOWN), as a NULL operand does any SQL comparison; `(s, e) CONTAINS t`
 * is the page's `s <= t AND t < e`, FALSE when the comparison with the known bound is.
 */
export const compilePeriodPredicate = (e: BExpr & { kind: 'fn' }, args: readonly Evaluator[]): Evaluator => {
  const predicate = e.unit as TemporalPredicate;
  if (args.length === 3) {
    const test = INSTANT_TESTS[predicate];
    if (!test) throw new SqlError('KAV2_INVALID_STATE', `internal: ${predicate} has no single-TIMESTAMP form`);
    const [s, en, t] = args as [Evaluator, Evaluator, Evaluator];
    return (r: Row) => {
      const a = s(r);
      const b = en(r);
      const x = t(r);
      checkOrder(predicate, 'left', a, b);
      if (x === null) return null;
      // The page's `s <= t AND t < e`: a NULL bound is UNKNOWN only when the other comparison is not FALSE.
      const lo = a === null ? null : test.start(a as number, x as number);
      const hi = b === null ? null : test.end(x as number, b as number);
      return lo === false || hi === false ? false : lo === null || hi === null ? null : true;
    };
  }
  const test = PERIOD_TESTS[predicate];
  if (!test || args.length !== 4) throw new SqlError('KAV2_INVALID_STATE', `internal: no temporal predicate ${predicate}/${args.length}`);
  const [s1, e1, s2, e2] = args as [Evaluator, Evaluator, Evaluator, Evaluator];
  return (r: Row) => {
    const a = s1(r);
    const b = e1(r);
    const c = s2(r);
    const d = e2(r);
    checkOrder(predicate, 'left', a, b);
    checkOrder(predicate, 'right', c, d);
    return a === null || b === null || c === null || d === null ? null : test(a as number, b as number, c as number, d as number);
  };
};
