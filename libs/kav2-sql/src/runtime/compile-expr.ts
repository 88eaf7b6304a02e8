import { assertNever } from '@surv/domain';
import { type BExpr } from '../analyzer/bound';
import { LOG_PARSE_FUNCTIONS } from '../analyzer/log-parse';
import { likeToRegex, similarToRegex, SqlPatternError } from '../analyzer/sql-patterns';
import { type SqlType, type SqlValue, STRING_TYPES } from '../analyzer/sql-type';
import { addMonths } from '../datetime/datetime';
import { SqlError } from '../errors';
import { castFn } from './cast';
import { compileLogParse, compileRowField } from './log-parse-functions';
import { compileSubquery } from './compile-subquery';
import { compilePeriodPredicate } from './period-predicate';
import { type EvalEnv, type Row, RowError } from './row';
import { SCALAR_IMPLS } from './scalar-functions';

/** A compiled expression: evaluated per row without walking the AST. */
export type Evaluator = (row: Row) => SqlValue;

const isTemporalName = (n: string): boolean => n === 'TIMESTAMP' || n === 'DATE' || n === 'TIME';
const isIntName = (n: string): boolean => n === 'INTEGER' || n === 'BIGINT' || n === 'SMALLINT' || n === 'TINYINT';

const compare = (a: SqlValue, b: SqlValue): number => {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
};

/** A pattern that cannot be read fails its row (a constant one was refused when the application compiled). */
const rowPattern = (toRe: (p: string, e?: string) => RegExp) => (p: string, e?: string): RegExp => {
  try {
    return toRe(p, e);
  } catch (cause) {
    if (cause instanceof SqlPatternError) throw new RowError(cause.errorName, cause.message);
    throw cause;
  }
};

const patternMatcher = (
  args: Evaluator[], anyRe: (p: string, e?: string) => RegExp, constPattern: SqlValue | undefined, constEscape: SqlValue | undefined,
): Evaluator => {
  const toRe = rowPattern(anyRe);
  const [operand, pattern, escape] = args as [Evaluator, Evaluator, Evaluator | undefined];
  if (typeof constPattern === 'string' && (escape === undefined || typeof constEscape === 'string')) {
    const re = toRe(constPattern, constEscape as string | undefined);
    return (r) => {
      const v = operand(r);
      return v === null ? null : re.test(v as string);
    };
  }
  return (r) => {
    const v = operand(r);
    const p = pattern(r);
    const e = escape ? escape(r) : undefined;
    if (v === null || p === null || e === null) return null;
    return toRe(p as string, e as string | undefined).test(v as string);
  };
};

/** Wraps a character-typed side of a datetime comparison in a cast so both sides are epoch ms. */
const coerceForCompare = (args: readonly BExpr[], evals: Evaluator[]): Evaluator[] => {
  const temporal = args.find((a) => isTemporalName(a.type.name));
  if (!temporal) return evals;
  return evals.map((ev, i) => {
    const a = args[i]!;
    if (!STRING_TYPES.has(a.type.name)) return ev;
    const cast = castFn(a.type, temporal.type);
    return (r) => cast(ev(r));
  });
};

const constValue = (e: BExpr | undefined): SqlValue | undefined => (e?.kind === 'const' ? e.value : undefined);

/**
 * Compiles a bound expression once into a closure tree; each row then runs plain JavaScript.
 * Runtime faults throw `RowError`, which the operators turn into error_stream rows.
 */
export const compileExpr = (e: BExpr, env: EvalEnv): Evaluator => {
  switch (e.kind) {
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'col': {
      const i = e.index;
      return (r) => r.values[i] ?? null;
    }
    case 'rowtime':
      return (r) => r.rowtime;
    case 'agg':
      throw new SqlError('KAV2_INVALID_STATE', 'internal: aggregate reference reached the expression compiler');
    case 'fn':
      return compileFn(e, env);
    case 'subquery':
      return compileSubquery(e, env, compileExpr);
    default:
      return assertNever(e, 'bound expression');
  }
};

const arith = (f: (a: number, b: number) => number, a: Evaluator, b: Evaluator): Evaluator => (r) => {
  const x = a(r);
  if (x === null) return null;
  const y = b(r);
  return y === null ? null : f(x as number, y as number);
};

const compileFn = (e: BExpr & { kind: 'fn' }, env: EvalEnv): Evaluator => {
  const args = e.args.map((a) => compileExpr(a, env));
  const [a, b] = args as [Evaluator, Evaluator];
  const intResult = isIntName(e.type.name);
  // DECIMAL is exact in SQL; JS doubles are not, so exact-type sums and products drop float noise
  // (0.1 + 0.2 = 0.3) by keeping 15 significant digits, the precision a double can promise.
  const exact = e.type.name === 'DECIMAL';
  switch (e.name) {
    case '+': return intResult ? arith((x, y) => Math.trunc(x + y), a, b) : exact ? arith((x, y) => Number((x + y).toPrecision(15)), a, b) : arith((x, y) => x + y, a, b);
    case '-': return exact ? arith((x, y) => Number((x - y).toPrecision(15)), a, b) : arith((x, y) => x - y, a, b);
    case '*': return intResult ? arith((x, y) => Math.trunc(x * y), a, b) : exact ? arith((x, y) => Number((x * y).toPrecision(15)), a, b) : arith((x, y) => x * y, a, b);
    case '/': case 'IVDIV': return arith((x, y) => {
      if (y === 0) throw new RowError('DIVISION_BY_ZERO', 'division by zero');
      return x / y;
    }, a, b);
    case 'IDIV': return arith((x, y) => {
      if (y === 0) throw new RowError('DIVISION_BY_ZERO', 'division by zero');
      return Math.trunc(x / y);
    }, a, b);
    case '%': return arith((x, y) => {
      if (y === 0) throw new RowError('DIVISION_BY_ZERO', 'modulo by zero');
      return x % y;
    }, a, b);
    case 'NEG': return (r) => {
      const x = a(r);
      return x === null ? null : -(x as number);
    };
    case 'TS_DIFF': return arith((x, y) => x - y, a, b);
    case 'TS+INTERVAL_DT': return arith((x, y) => x + y, a, b);
    case 'TS-INTERVAL_DT': return arith((x, y) => x - y, a, b);
    case 'TS+INTERVAL_YM': return arith((x, y) => addMonths(x, y), a, b);
    case 'TS-INTERVAL_YM': return arith((x, y) => addMonths(x, -y), a, b);
    case 'INTERVAL_TRUNC': {
      // SECOND(f): SECOND with f fractional digits (bind caps f at 3, the engine's millisecond resolution).
      const fraction = /^SECOND\((\d)\)$/.exec(e.unit ?? '');
      const unitMs = fraction ? 1000 : { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000, MILLISECOND: 1 }[e.unit ?? 'MILLISECOND'] ?? 1;
      const keepMs = fraction ? 10 ** (3 - Number(fraction[1])) : unitMs;
      const numeric = e.args[0]!.type.name !== 'INTERVAL_DT';
      return (r) => {
        const x = a(r);
        if (x === null) return null;
        // (ts1 - ts2) MINUTE keeps whole minutes; a plain number is read as a count of that unit.
        return numeric ? (x as number) * unitMs : Math.trunc((x as number) / keepMs) * keepMs;
      };
    }
    case '||': return (r) => {
      const x = a(r);
      if (x === null) return null;
      const y = b(r);
      return y === null ? null : (x as string) + (y as string);
    };
    case '=': case '<>': case '<': case '>': case '<=': case '>=': {
      const [l, rr] = coerceForCompare(e.args, args) as [Evaluator, Evaluator];
      const test = {
        '=': (c: number) => c === 0, '<>': (c: number) => c !== 0, '<': (c: number) => c < 0,
        '>': (c: number) => c > 0, '<=': (c: number) => c <= 0, '>=': (c: number) => c >= 0,
      }[e.name as '='];
      return (r) => {
        const x = l(r);
        if (x === null) return null;
        const y = rr(r);
        return y === null ? null : test(compare(x, y));
      };
    }
    case 'IS DISTINCT FROM': case 'IS NOT DISTINCT FROM': {
      const [l, rr] = coerceForCompare(e.args, args) as [Evaluator, Evaluator];
      const distinct = e.name === 'IS DISTINCT FROM';
      return (r) => {
        const x = l(r);
        const y = rr(r);
        const same = x === null || y === null ? x === y : compare(x, y) === 0;
        return same !== distinct;
      };
    }
    case 'AND': return (r) => {
      const x = a(r);
      if (x === false) return false;
      const y = b(r);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };
    case 'OR': return (r) => {
      const x = a(r);
      if (x === true) return true;
      const y = b(r);
      if (y === true) return true;
      return x === null || y === null ? null : false;
    };
    case 'NOT': return (r) => {
      const x = a(r);
      return x === null ? null : !x;
    };
    case 'IS NULL': return (r) => a(r) === null;
    case 'IS NOT NULL': return (r) => a(r) !== null;
    case 'IS TRUE': return (r) => a(r) === true;
    case 'IS NOT TRUE': return (r) => a(r) !== true;
    case 'IS FALSE': return (r) => a(r) === false;
    case 'IS NOT FALSE': return (r) => a(r) !== false;
    case 'LIKE': return patternMatcher(args, likeToRegex, constValue(e.args[1]), constValue(e.args[2]));
    case 'SIMILAR': return patternMatcher(args, similarToRegex, constValue(e.args[1]), constValue(e.args[2]));
    case 'IN': {
      const [operand, ...list] = coerceForCompare(e.args, args) as [Evaluator, ...Evaluator[]];
      return (r) => {
        const x = operand(r);
        if (x === null) return null;
        let sawNull = false;
        for (const item of list) {
          const y = item(r);
          if (y === null) sawNull = true;
          else if (compare(x, y) === 0) return true;
        }
        return sawNull ? null : false;
      };
    }
    case 'BETWEEN': {
      const [x, lo, hi] = coerceForCompare(e.args, args) as [Evaluator, Evaluator, Evaluator];
      return (r) => {
        const v = x(r);
        const l = lo(r);
        const h = hi(r);
        const ge = v === null || l === null ? null : compare(v, l) >= 0;
        const le = v === null || h === null ? null : compare(v, h) <= 0;
        if (ge === false || le === false) return false;
        return ge === null || le === null ? null : true;
      };
    }
    case 'CASE': {
      const n = (args.length - 1) / 2;
      const otherwise = args[args.length - 1]!;
      const branchCasts = e.args.map((x) => (x.type.name === e.type.name || x.type.name === 'NULL' ? undefined : castFn(x.type, e.type)));
      const conds: Evaluator[] = [];
      const thens: Evaluator[] = [];
      for (let i = 0; i < n; i++) {
        conds.push(args[2 * i]!);
        const then = args[2 * i + 1]!;
        const c = isNumericWidening(e.args[2 * i + 1]!.type, e.type) ? branchCasts[2 * i + 1] : undefined;
        thens.push(c ? (r) => c(then(r)) : then);
      }
      const oc = isNumericWidening(e.args[args.length - 1]!.type, e.type) ? branchCasts[args.length - 1] : undefined;
      const other: Evaluator = oc ? (r) => oc(otherwise(r)) : otherwise;
      return (r) => {
        for (let i = 0; i < n; i++) if (conds[i]!(r) === true) return thens[i]!(r);
        return other(r);
      };
    }
    case 'MONOTONIC': return a;
    case 'COALESCE': case 'NVL': return (r) => {
      for (const x of args) {
        const v = x(r);
        if (v !== null) return v;
      }
      return null;
    };
    case 'CAST': {
      const f = castFn(e.args[0]!.type, e.type);
      return (r) => f(a(r));
    }
    case 'ROW_FIELD': return compileRowField(e, a);
    case 'PERIOD_PREDICATE': return compilePeriodPredicate(e, args);
    default: {
      if (LOG_PARSE_FUNCTIONS.has(e.name)) return compileLogParse(e, a);
      const impl = SCALAR_IMPLS[e.name];
      if (!impl) throw new SqlError('KAV2_UNKNOWN_FUNCTION', `no implementation for function ${e.name}`);
      const ctx = { unit: e.unit, types: e.args.map((x) => x.type), type: e.type, env, rowtime: 0 };
      if (args.length === 0) return () => impl([], ctx);
      if (args.length === 1) return (r) => impl([a(r)], ctx);
      if (args.length === 2) return (r) => impl([a(r), b(r)], ctx);
      return (r) => impl(args.map((x) => x(r)), ctx);
    }
  }
};

/** An integer value widening to a non-integer numeric type: CASE branches are cast to the CASE's type. */
export const isNumericWidening = (from: SqlType, to: SqlType): boolean =>
  from.name !== to.name && isIntName(from.name) && !isIntName(to.name) && to.name !== 'VARCHAR';
