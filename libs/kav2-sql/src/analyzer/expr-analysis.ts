import { assertNever } from '@surv/domain';
import { formatTimestampSql } from '../datetime/datetime';
import { AGGREGATE_FUNCTIONS } from '../dialect/functions';
import { type Expr } from '../parser/ast';
import { type BExpr } from './bound';
import { type SqlType } from './sql-type';

/** Stable structural key of a bound expression (used to match SELECT items to GROUP BY keys). */
export const exprKey = (e: BExpr): string =>
  JSON.stringify(e, (k, v: unknown) => (k === 'pos' ? undefined : v));


/** Whether an expression references ROWTIME and/or columns. */
export const refsRowtimeOnly = (e: BExpr): { rowtime: boolean; cols: boolean } => {
  switch (e.kind) {
    case 'const': return { rowtime: false, cols: false };
    case 'rowtime': return { rowtime: true, cols: false };
    case 'col': case 'agg': return { rowtime: false, cols: true };
    case 'fn': {
      let rowtime = false;
      let cols = false;
      for (const a of e.args) {
        const r = refsRowtimeOnly(a);
        rowtime ||= r.rowtime;
        cols ||= r.cols;
      }
      return { rowtime, cols };
    }
    case 'subquery': {
      const parts = [...e.operands, ...e.params].map(refsRowtimeOnly);
      return { rowtime: parts.some((r) => r.rowtime), cols: parts.some((r) => r.cols) };
    }
    default: return assertNever(e, 'bound expression');
  }
};

/** The direction of an expression as ROWTIME grows: constant, ascending, descending, or not monotonic. */
export type RowtimeDirection = 'const' | 'up' | 'down' | 'no';

const flip = (d: RowtimeDirection): RowtimeDirection => (d === 'up' ? 'down' : d === 'down' ? 'up' : d);

/** The sign of a numeric constant argument, or undefined when it is not one. */
const constSign = (e: BExpr | undefined): number | undefined =>
  e?.kind === 'const' && typeof e.value === 'number' ? Math.sign(e.value) : undefined;

/**
 * How an expression moves as ROWTIME grows, by the SQL Reference's "Rules for inferring monotonicity"
 * (Monotonic Expressions and Operators): ROWTIME ascends; FLOOR / CEIL / STEP / CAST of m keep m's direction;
 * m + c, c + m and m - c keep it, c - m and -m reverse it; m1 + m2 keep a shared direction and m1 - m2 keep
 * m1's when m2 goes the other way; m * c, c * m and m / c keep it for c > 0 and reverse it for c < 0.
 */
export const rowtimeDirection = (e: BExpr): RowtimeDirection => {
  switch (e.kind) {
    case 'const': return 'const';
    case 'rowtime': return 'up';
    case 'col': case 'agg': return 'no';
    case 'fn': {
      const parts = e.args.map(rowtimeDirection);
      const [a, b] = parts;
      if (parts.every((x) => x === 'const')) return 'const';
      const moving = (d: RowtimeDirection | undefined): boolean => d === 'up' || d === 'down';
      switch (e.name) {
        case 'STEP': case 'FLOOR_TO': case 'CEIL_TO': case 'FLOOR': case 'CEIL': case 'INTERVAL_TRUNC': case 'CAST': case 'MONOTONIC':
          return moving(a) && parts.slice(1).every((x) => x === 'const') ? a! : 'no';
        case 'NEG':
          return moving(a) ? flip(a!) : 'no';
        case '+': case 'TS+INTERVAL_DT': case 'TS+INTERVAL_YM':
          if (moving(a) && (b === 'const' || b === a)) return a!;
          return a === 'const' && moving(b) ? b! : 'no';
        case '-': case 'TS_DIFF': case 'TS-INTERVAL_DT': case 'TS-INTERVAL_YM':
          if (moving(a) && (b === 'const' || b === flip(a!))) return a!;
          return a === 'const' && moving(b) ? flip(b!) : 'no';
        case '*': {
          const [x, y] = e.args;
          const k = moving(a) && b === 'const' ? constSign(y) : a === 'const' && moving(b) ? constSign(x) : undefined;
          const m = moving(a) ? a! : b!;
          return k === 1 ? m : k === -1 ? flip(m) : 'no';
        }
        case '/': case 'IDIV': case 'IVDIV': {
          const k = moving(a) && b === 'const' ? constSign(e.args[1]) : undefined;
          return k === 1 ? a! : k === -1 ? flip(a!) : 'no';
        }
        default: return 'no';
      }
    }
    // The table is static: a subquery moves only with what it reads of the outer row.
    case 'subquery': return [...e.operands, ...e.params].every((a) => rowtimeDirection(a) === 'const') ? 'const' : 'no';
    default: return assertNever(e, 'bound expression');
  }
};

/**
 * Whether a window key grows with ROWTIME (KDA requires a monotonic GROUP BY expression): ROWTIME
 * under STEP / FLOOR / CEIL / interval truncation, shifted or scaled by constants.
 */
export const monotoneInRowtime = (e: BExpr): 'const' | 'up' | 'no' => {
  const d = rowtimeDirection(e);
  return d === 'down' ? 'no' : d;
};

/** Whether a parsed expression contains an aggregate call without OVER. */
export const containsAggregate = (e: Expr): boolean => {
  switch (e.kind) {
    case 'call':
      if (AGGREGATE_FUNCTIONS.has(e.name) && !e.over) return true;
      return e.args.some(containsAggregate);
    case 'unary': case 'isNull': case 'isBool': case 'cast': case 'intervalCast': case 'field': return containsAggregate(e.operand);
    case 'binary': return containsAggregate(e.left) || containsAggregate(e.right);
    case 'like': return containsAggregate(e.operand) || containsAggregate(e.pattern);
    case 'in': return containsAggregate(e.operand) || e.list.some(containsAggregate);
    // A subquery's own clauses are another query's (its binding refuses aggregates there).
    case 'inQuery': return e.operands.some(containsAggregate);
    case 'exists': return false;
    case 'between': return containsAggregate(e.operand) || containsAggregate(e.low) || containsAggregate(e.high);
    case 'case': return (e.operand ? containsAggregate(e.operand) : false) || e.whens.some((w) => containsAggregate(w.when) || containsAggregate(w.then)) || (e.otherwise ? containsAggregate(e.otherwise) : false);
    case 'temporal': return e.operands.some(containsAggregate);
    case 'literal': case 'typedLiteral': case 'interval': case 'ident': return false;
    default: return assertNever(e, 'expression');
  }
};

/** Formats a TIMESTAMP constant for explain output. */
export const describeConst = (value: unknown, type: SqlType): string =>
  type.name === 'TIMESTAMP' && typeof value === 'number' ? `TIMESTAMP '${formatTimestampSql(value)}'` : JSON.stringify(value);
