import { assertNever } from '@surv/domain';
import { SqlError, unsupported, type SourcePos } from '../errors';
import {
  AGGREGATE_FUNCTIONS, ANALYTIC_FUNCTIONS, SCALAR_FUNCTIONS, UNSUPPORTED_FUNCTIONS,
} from '../dialect/functions';
import { containsAggregate, describeConst, exprKey, monotoneInRowtime, refsRowtimeOnly, rowtimeDirection } from './expr-analysis';
import { LOG_PARSE_FUNCTIONS, logParseRowType, logParseSpec } from './log-parse';
import { bindTableFunction } from './bind-table-function';
import { orderPumps } from './order-pumps';
import { bindJoinSource, type JoinBindEnv } from './bind-join';
import { bindUnion } from './bind-union';
import { bindOrderBy, type Bound } from './bind-order';
import { bindDistinct } from './bind-distinct';
import { bindSubquery, type OuterResolver } from './bind-subquery';
import { likeToRegex, similarSubstringRegex, similarToRegex, SqlPatternError } from './sql-patterns';
import { expandCall, sameUdfType, udfSignature, type UserFunction } from './bind-function';
import { type BoundDistinct } from './bound-distinct';
import { type BoundOrderBy } from './bound-order';
import { TYPE_NAMES } from '../dialect/keywords';
import { parseIntervalLiteral, parseTimeText, parseTimestampText } from '../datetime/datetime';
import { patternProblem } from '../datetime/simple-date-format';
import { type Expr, type OrderBy, type Query, type QueryExpr, type Statement, type TypeSpec, type WindowSpec } from '../parser/ast';
import {
  type AggCall, type AggName, type AnalyticCall, type BExpr, type BoundApplication, type BoundFrame,
  type BoundGrouping, type BoundOutput, type BoundPump, type BoundQuery, type PortabilityNote, type StreamDef,
} from './bound';
import {
  type Column, type IntervalField, type SqlType, type SqlTypeName, commonType, decimalArithmeticType, formatType, intervalType, isInteger, isNumeric, isString,
  isValidQualifier, t, widenInterval, widenNumeric, NUMERIC_TYPES, STRING_TYPES,
} from './sql-type';
import { type TimeUnit } from '../parser/ast';

/** The streams known before the SQL runs: the input stream(s) built from the input schema. */
export interface Catalog {
  readonly input: StreamDef;
  /**
   * The other in-application input streams of a source read with InputParallelism above 1
   * (`SOURCE_SQL_STREAM_002` ...): the same columns as `input`, each fed a share of the records.
   */
  readonly parallelInputs?: readonly StreamDef[];
  /** In-application reference tables (KDA ReferenceDataSource), joinable to streams. */
  readonly tables?: readonly StreamDef[];
}

interface ScopeColumn extends Column {
  readonly qualifier?: string;
  /** A joined stream's ROWTIME: only `alias.ROWTIME` reaches it, and `*` skips it. */
  readonly hidden?: boolean;
  /** The other side's copy of a USING / NATURAL JOIN column: reached qualified and by `alias.*` only. */
  readonly merged?: boolean;
  /** A system column (the input stream's APPROXIMATE_ARRIVAL_TIME): found by name, skipped by `*`. */
  readonly system?: boolean;
  /**
   * The column holds its row's own ROWTIME (a subquery's `ROWTIME AS window_time`), so it is ROWTIME: KDA infers
   * its monotonicity through the subquery (the COUNT_DISTINCT_ITEMS_TUMBLING page's exact count groups by
   * `STEP(distinct_stream.window_time BY INTERVAL '5' SECOND)`).
   */
  readonly rowtimeValue?: boolean;
}
interface Scope {
  readonly columns: readonly ScopeColumn[];
  readonly qualifiers: ReadonlySet<string>;
  /** Another name of a qualifier (a joined stream's window name, see bindJoinSource). */
  readonly synonyms?: ReadonlyMap<string, string>;
  /** The columns an unqualified `*` expands to, in order, when not all visible ones in scope order (JOIN ... USING). */
  readonly star?: readonly number[];
  /** In an IN / EXISTS subquery: resolves the names it does not have against the query around it (a correlation). */
  readonly outer?: OuterResolver;
}

interface Ctx {
  readonly scope: Scope;
  /** Collects aggregates when binding the SELECT/HAVING of a GROUP BY query. */
  readonly aggs?: AggCall[];
  /** Collects OVER calls when binding the SELECT of a plain query. */
  readonly analytics?: AnalyticCall[];
  readonly windows?: ReadonlyMap<string, WindowSpec>;
  readonly clause: string;
  /** Binding the RETURN of this user-defined function: its body is expanded at each call, where a subquery's names would mean something else. */
  readonly functionBody?: string;
}

const BOOL = t('BOOLEAN');

/** A select item as ORDER BY sees it: its output name and expression (see OrderBindEnv). */
type OrderItem = { readonly name: string; readonly expr?: Expr } & Bound;

/** The qualifier field a time unit stands for (a WEEK counts days, a QUARTER months, a MILLISECOND seconds). */
const qualifierField = (u: TimeUnit): IntervalField =>
  u === 'WEEK' ? 'DAY' : u === 'QUARTER' ? 'MONTH' : u === 'MILLISECOND' ? 'SECOND' : u;

/** The interval type `start [TO end]`, refusing a qualifier SQL does not allow (MINUTE TO HOUR, YEAR TO DAY). */
const qualifiedInterval = (start: TimeUnit, end: TimeUnit | undefined, pos: SourcePos): SqlType => {
  const s = qualifierField(start);
  const e = end === undefined ? s : qualifierField(end);
  if (!isValidQualifier(s, e)) throw new SqlError('KAV2_INVALID_ARGUMENT', `invalid interval qualifier ${start} TO ${end}: the first field must be the larger, and year-month and day-time fields cannot mix`, pos);
  return intervalType(s, e);
};

/** Resolves a SQL type spec to a SqlType. */
export const resolveType = (spec: TypeSpec): SqlType => {
  if (spec.interval) return qualifiedInterval(spec.interval.start, spec.interval.end, spec.pos);
  const name = (TYPE_NAMES[spec.name] ?? spec.name) as SqlTypeName;
  if (name === 'VARBINARY') throw unsupported('type VARBINARY', spec.pos);
  if (name === 'VARCHAR' || name === 'CHAR') return t(name, spec.length ?? (name === 'CHAR' ? 1 : undefined));
  if (name === 'DECIMAL') return t(name, spec.length ?? 19, spec.scale ?? 0);
  return t(name);
};

/**
 * The type of a stream or input column. An INTERVAL is "allowed in an expression in date arithmetic, but cannot be
 * used as a datatype for a column in a table or stream" (SQL Reference, Data Types).
 */
export const resolveColumnType = (spec: TypeSpec): SqlType => {
  if (spec.interval) throw unsupported('INTERVAL as the type of a column (intervals exist only in expressions)', spec.pos);
  return resolveType(spec);
};

const mismatch = (msg: string, pos: SourcePos): SqlError => new SqlError('KAV2_TYPE_MISMATCH', msg, pos);

const NILADIC_DATETIME: ReadonlySet<string> = new Set(['CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP']);

/**
 * `fn([DISTINCT | ALL] x)` (SQL Reference, e.g. VAR_POP, STDDEV_POP: "DISTINCT excludes duplicate values in
 * the input set"): the extremes of a set are those of its distinct values, so MIN and MAX drop it.
 */
const distinctMatters = (fn: AggName, distinct: boolean | undefined): boolean => distinct === true && fn !== 'MIN' && fn !== 'MAX';

/**
 * `FROM r1 AS t1(a, b, c)` (SQL Reference, SELECT clause): "r1 must have exactly 3 columns to use this
 * syntax"; ROWTIME is implicit and does not count as a column, so it can be neither renamed nor be the new
 * name of another column.
 */
const renameStreamColumns = (def: StreamDef, aliases: readonly string[], alias: string | undefined, pos: SourcePos): readonly Column[] => {
  const shown = `${alias ?? def.name}(${aliases.join(', ')})`;
  if (aliases.length !== def.columns.length) {
    throw mismatch(`${shown} names ${aliases.length} columns but stream ${def.name} has ${def.columns.length} (ROWTIME is not one of them)`, pos);
  }
  if (aliases.includes('ROWTIME')) throw new SqlError('KAV2_INVALID_ARGUMENT', `${shown}: a column cannot be renamed ROWTIME`, pos);
  const seen = new Set<string>();
  for (const a of aliases) {
    if (seen.has(a)) throw new SqlError('KAV2_DUPLICATE_NAME', `${shown} names column ${a} twice`, pos);
    seen.add(a);
  }
  return def.columns.map((c, i) => ({ ...c, name: aliases[i]! }));
};

/** Whether a query says STREAM (every branch of a union). */
const isStreaming = (q: QueryExpr): boolean => (q.kind === 'select' ? q.stream : q.branches.every(isStreaming));

const intervalMs = (e: Expr & { kind: 'interval' }): number => {
  const v = parseIntervalLiteral(e.text, e.unit, e.toUnit, e.negative);
  if (!v) throw new SqlError('KAV2_INVALID_ARGUMENT', `invalid interval literal '${e.text}' ${e.unit}`, e.pos);
  if (v.kind === 'months') throw unsupported(`a ${e.unit} interval as a window size (use DAY, HOUR, MINUTE or SECOND)`, e.pos);
  return v.value;
};

const isTemporal = (ty: SqlType): boolean => ty.name === 'TIMESTAMP' || ty.name === 'DATE' || ty.name === 'TIME';
const isInterval = (ty: SqlType): boolean => ty.name === 'INTERVAL_DT' || ty.name === 'INTERVAL_YM';

/**
 * The input stream's APPROXIMATE_ARRIVAL_TIME (KDA guide, "Timestamps and the ROWTIME Column": the time the
 * record was added to the streaming source). It is the value after the schema's columns in an input row;
 * a schema column of that name takes its place.
 */
const ARRIVAL_TIME_COLUMN: Column = { name: 'APPROXIMATE_ARRIVAL_TIME', type: t('TIMESTAMP') };
const withArrivalTime = (columns: readonly Column[]): readonly Column[] =>
  columns.some((c) => c.name === ARRIVAL_TIME_COLUMN.name) ? columns : [...columns, ARRIVAL_TIME_COLUMN];

/** A field of a ROW-typed expression, bound to ROW_FIELD (its name in `unit`). */
const rowField = (row: BExpr, field: string, pos: SourcePos): BExpr => {
  if (row.type.name !== 'ROW') throw mismatch(`.${field} needs a ROW value (such as a log-parse function's result), got ${formatType(row.type)}`, pos);
  const f = row.type.fields?.find((x) => x.name === field);
  if (!f) throw new SqlError('KAV2_UNKNOWN_COLUMN', `the row has no field ${field} (fields: ${(row.type.fields ?? []).map((x) => x.name).join(', ')})`, pos);
  return { kind: 'fn', name: 'ROW_FIELD', args: [row], type: f.type, unit: field };
};

/** A constant LIKE / SIMILAR pattern (and escape) that cannot be read is refused where it is written. */
const checkConstantPattern = (pattern: BExpr | undefined, escape: BExpr | undefined, read: (p: string, esc?: string) => unknown, pos: SourcePos): void => {
  if (pattern?.kind !== 'const' || typeof pattern.value !== 'string') return;
  if (escape !== undefined && (escape.kind !== 'const' || typeof escape.value !== 'string')) return;
  try {
    read(pattern.value, escape?.kind === 'const' ? (escape.value as string) : undefined);
  } catch (cause) {
    if (cause instanceof SqlPatternError) throw new SqlError('KAV2_INVALID_ARGUMENT', cause.message, pos);
    throw cause;
  }
};

const COUNT_DISTINCT_PAGE = 'SQL Reference, Analytic Functions';

/**
 * Whether any string in the syntax tree `node` contains `text` (a name, however it is quoted or qualified).
 * Iterative, so a tree of any depth is searched without the call stack JSON.stringify would need.
 */
const mentionsText = (node: unknown, text: string): boolean => {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes(text)) return true;
    } else if (typeof v === 'object' && v !== null) {
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
    }
  }
  return false;
};

/** Deepest expression tree the binder accepts, user-defined functions expanded (the parser bounds the written tree). */
const MAX_EXPR_DEPTH = 400;

/** Most user-defined function calls one application may expand (see Binder.userCall). */
const MAX_FUNCTION_EXPANSIONS = 10_000;

class Binder {
  /** Constructs this engine runs and Kinesis Data Analytics refuses, where they were written. */
  readonly portability: PortabilityNote[] = [];
  /** Where each SELECT item was written, for errors found after binding. */
  private readonly outputPos = new WeakMap<BoundOutput, SourcePos>();
  /** Items that select ROWTIME without an alias (see `rowtimeAsColumn`). */
  private readonly plainRowtime = new WeakSet<BoundOutput>();
  /** The application's user-defined functions by name, several when overloaded (SQL Reference, CREATE FUNCTION). */
  private readonly functions = new Map<string, UserFunction[]>();
  /** User-defined function calls expanded so far: a body using its parameter twice, nested, doubles at each level. */
  private expansions = 0;
  /** bindExpr calls under way (see MAX_EXPR_DEPTH). */
  private exprDepth = 0;

  /**
   * An unaliased ROWTIME item sets the row's ROWTIME, unless the target stream needs it as a column:
   * the JOIN clause page pumps `SELECT STREAM "orderid", "ROWTIME"` into ("orderid", "orderrowtime").
   */
  private rowtimeAsColumn(q: BoundQuery, targetWidth: number): BoundQuery {
    const i = q.rowtimeOutput;
    if (i === undefined || !this.plainRowtime.has(q.outputs[i]!) || q.outputs.length !== targetWidth) return q;
    const { rowtimeOutput: _, ...rest } = q;
    return rest;
  }

  /** `tables`: the in-application reference tables, by name; `streams`: the streams declared so far. */
  constructor(
    private readonly tables: ReadonlyMap<string, StreamDef> = new Map(),
    private readonly inputNames: ReadonlySet<string> = new Set(),
    private readonly streams: ReadonlyMap<string, StreamDef> = new Map(),
  ) {}

  /** What binding a FROM ... JOIN needs from this binder. */
  private joinEnv(q: Query, streams: ReadonlyMap<string, StreamDef>): JoinBindEnv {
    const windows = new Map(q.windows.map((w) => [w.name, w.spec] as const));
    const none: Scope = { columns: [], qualifiers: new Set() };
    return {
      streams,
      tables: this.tables,
      windows,
      bindCondition: (e, columns, qualifiers, synonyms) => this.boolArg(this.bindExpr(e, { scope: { columns, qualifiers, synonyms }, clause: 'ON' }), e.pos),
      resolveWindow: (spec) => this.resolveWindow(spec, { scope: none, windows, clause: 'OVER' }),
      intervalMs,
    };
  }

  bindExpr(e: Expr, ctx: Ctx): BExpr {
    // The parser bounds the depth of what is written (MAX_TREE_DEPTH); a user-defined function's body expanded
    // over its arguments, call inside call, can still grow deeper: refused here before a later stage overflows.
    if (this.exprDepth >= MAX_EXPR_DEPTH) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `expression nested more than ${MAX_EXPR_DEPTH} levels deep (a chain of that many operators, or deeply nested calls and functions); split it into smaller expressions or in-application streams`, e.pos);
    }
    this.exprDepth++;
    try {
      return this.bindExprAt(e, ctx);
    } finally {
      this.exprDepth--;
    }
  }

  private bindExprAt(e: Expr, ctx: Ctx): BExpr {
    switch (e.kind) {
      case 'literal': {
        const ty = e.literalType === 'VARCHAR' ? t('VARCHAR', (e.value as string).length)
          : e.literalType === 'DECIMAL' && e.precision !== undefined ? t('DECIMAL', e.precision, e.scale ?? 0)
          : t(e.literalType);
        return { kind: 'const', value: e.value, type: ty };
      }
      case 'typedLiteral': {
        const v = e.type === 'TIME' ? parseTimeText(e.text) : parseTimestampText(e.text);
        if (Number.isNaN(v)) throw new SqlError('KAV2_INVALID_ARGUMENT', `invalid ${e.type} literal '${e.text}'`, e.pos);
        return { kind: 'const', value: v, type: t(e.type) };
      }
      case 'interval': {
        const v = parseIntervalLiteral(e.text, e.unit, e.toUnit, e.negative);
        if (!v) throw new SqlError('KAV2_INVALID_ARGUMENT', `invalid interval literal '${e.text}' ${e.unit}${e.toUnit ? ` TO ${e.toUnit}` : ''}`, e.pos);
        return { kind: 'const', value: v.value, type: qualifiedInterval(e.unit, e.toUnit, e.pos) };
      }
      case 'ident':
        return this.resolveIdent(e.parts, e.pos, ctx.scope);
      case 'unary': {
        const operand = this.bindExpr(e.operand, ctx);
        if (e.op === 'NOT') return this.fn('NOT', [this.boolArg(operand, e.pos)], BOOL);
        if (!isNumeric(operand.type) && !isInterval(operand.type)) throw mismatch(`unary ${e.op} needs a number, got ${formatType(operand.type)}`, e.pos);
        return e.op === '-' ? this.fn('NEG', [operand], operand.type) : operand;
      }
      case 'binary':
        return this.binary(e.op, this.bindExpr(e.left, ctx), this.bindExpr(e.right, ctx), e.pos);
      case 'isNull':
        return this.fn(e.negated ? 'IS NOT NULL' : 'IS NULL', [this.bindExpr(e.operand, ctx)], BOOL);
      case 'isBool': {
        const x = this.boolArg(this.bindExpr(e.operand, ctx), e.pos);
        const name = `IS ${e.negated ? 'NOT ' : ''}${e.value === null ? 'NULL' : e.value ? 'TRUE' : 'FALSE'}`;
        return this.fn(name, [x], BOOL);
      }
      case 'like': {
        const args = [this.bindExpr(e.operand, ctx), this.bindExpr(e.pattern, ctx)];
        if (e.escape) args.push(this.bindExpr(e.escape, ctx));
        for (const a of args) if (!isString(a.type)) throw mismatch(`${e.similar ? 'SIMILAR TO' : 'LIKE'} needs character operands, got ${formatType(a.type)}`, e.pos);
        checkConstantPattern(args[1], args[2], (p, esc) => (e.similar ? similarToRegex(p, esc) : likeToRegex(p, esc)), e.pattern.pos);
        const r = this.fn(e.similar ? 'SIMILAR' : 'LIKE', args, BOOL);
        return e.negated ? this.fn('NOT', [r], BOOL) : r;
      }
      case 'inQuery': case 'exists':
        return this.subquery(e, ctx);
      case 'in': {
        const operand = this.bindExpr(e.operand, ctx);
        const list = e.list.map((x) => this.bindExpr(x, ctx));
        for (const x of list) this.checkComparable(operand.type, x.type, 'IN', e.pos);
        const r = this.fn('IN', [operand, ...list], BOOL);
        return e.negated ? this.fn('NOT', [r], BOOL) : r;
      }
      case 'between': {
        const args = [this.bindExpr(e.operand, ctx), this.bindExpr(e.low, ctx), this.bindExpr(e.high, ctx)];
        this.checkComparable(args[0]!.type, args[1]!.type, 'BETWEEN', e.pos);
        this.checkComparable(args[0]!.type, args[2]!.type, 'BETWEEN', e.pos);
        const r = this.fn('BETWEEN', args, BOOL);
        return e.negated ? this.fn('NOT', [r], BOOL) : r;
      }
      case 'case': {
        const args: BExpr[] = [];
        const operand = e.operand ? this.bindExpr(e.operand, ctx) : undefined;
        const results: BExpr[] = [];
        for (const w of e.whens) {
          let cond = this.bindExpr(w.when, ctx);
          if (operand) {
            this.checkComparable(operand.type, cond.type, 'CASE', e.pos);
            cond = this.fn('=', [operand, cond], BOOL);
          } else cond = this.boolArg(cond, e.pos);
          const then = this.bindExpr(w.then, ctx);
          args.push(cond, then);
          results.push(then);
        }
        const otherwise = e.otherwise ? this.bindExpr(e.otherwise, ctx) : { kind: 'const' as const, value: null, type: t('NULL') };
        results.push(otherwise);
        args.push(otherwise);
        const ty = commonType(results.map((r) => r.type));
        this.checkUniform(results.map((r) => r.type), 'CASE results', e.pos);
        return this.fn('CASE', args, ty);
      }
      case 'cast': {
        const operand = this.bindExpr(e.operand, ctx);
        const target = resolveType(e.type);
        if (target.name === 'BOOLEAN' && (NUMERIC_TYPES.has(operand.type.name) || isTemporal(operand.type))) {
          throw mismatch(`cannot CAST ${formatType(operand.type)} to BOOLEAN`, e.pos);
        }
        if (isTemporal(target) && (operand.type.name === 'BOOLEAN')) {
          throw mismatch(`cannot CAST BOOLEAN to ${formatType(target)}`, e.pos);
        }
        // SQL Reference, CAST: a DAY-TIME INTERVAL converts to a DAY-TIME INTERVAL, BIGINT, DECIMAL, CHAR or VARCHAR,
        // and only character values (besides intervals) convert to an interval.
        const toInterval = isInterval(target);
        const fromInterval = isInterval(operand.type);
        const intervalOk = fromInterval
          ? (toInterval ? target.name === operand.type.name : isString(target) || isInteger(target) || target.name === 'DECIMAL')
          : !toInterval || isString(operand.type);
        if (!intervalOk) throw mismatch(`cannot CAST ${formatType(operand.type)} to ${formatType(target)}`, e.pos);
        // A TIME becomes a TIMESTAMP on the current date (SQL:2008 6.12), which the runtime's clock knows.
        if (operand.type.name === 'TIME' && target.name === 'TIMESTAMP') return this.fn('TIME_TO_TIMESTAMP', [operand], target);
        return { kind: 'fn', name: 'CAST', args: [operand], type: target, unit: operand.type.name };
      }
      case 'intervalCast': {
        const operand = this.bindExpr(e.operand, ctx);
        if (operand.type.name !== 'INTERVAL_DT' && !isNumeric(operand.type)) {
          throw mismatch(`(expr) ${e.unit} needs a timestamp difference, got ${formatType(operand.type)}`, e.pos);
        }
        if (e.unit === 'YEAR' || e.unit === 'MONTH' || e.unit === 'QUARTER') throw unsupported(`(expr) ${e.unit} (year-month difference)`, e.pos);
        // The value keeps whole units of the qualifier's last field: (t1 - t2) MINUTE drops the seconds.
        // SECOND(10, 3) keeps milliseconds (the engine's resolution); SECOND(10, 1) tenths.
        const type = qualifiedInterval(e.unit, e.toUnit, e.pos);
        const last = e.toUnit ?? e.unit;
        const unit = last === 'SECOND' && e.fraction !== undefined && e.fraction > 0 ? `SECOND(${Math.min(e.fraction, 3)})` : last;
        return { kind: 'fn', name: 'INTERVAL_TRUNC', args: [operand], type, unit };
      }
      case 'call':
        return this.call(e, ctx);
      case 'field':
        return rowField(this.bindExpr(e.operand, ctx), e.field, e.pos);
      case 'temporal':
        return this.temporal(e, ctx);
      default:
        return assertNever(e, 'expression');
    }
  }

  /**
   * A temporal predicate: its bounds are "an expression which evaluates to a TIMESTAMP value" (SQL Reference,
   * Temporal Predicates, Syntax); a NULL makes the predicate UNKNOWN at run time. The predicate rides in `unit`.
   */
  private temporal(e: Expr & { kind: 'temporal' }, ctx: Ctx): BExpr {
    const args = e.operands.map((x) => {
      const b = this.bindExpr(x, ctx);
      if (b.type.name !== 'TIMESTAMP' && b.type.name !== 'NULL') {
        throw mismatch(`${e.predicate} compares TIMESTAMP bounds, got ${formatType(b.type)}`, x.pos);
      }
      return b;
    });
    return this.fn('PERIOD_PREDICATE', args, BOOL, e.predicate);
  }

  /**
   * `[NOT] IN (SELECT ...)` / `EXISTS (SELECT ...)` over a reference table (see bindSubquery). IN compares its operands
   * with the subquery's columns, one by one, as `=` does.
   */
  private subquery(e: Expr & { kind: 'inQuery' | 'exists' }, ctx: Ctx): BExpr {
    const test = e.kind === 'exists' ? 'EXISTS' : 'IN';
    if (ctx.functionBody) throw unsupported(`${test} (subquery) in the RETURN of a user-defined function (${ctx.functionBody})`, e.pos);
    const operands = e.kind === 'inQuery' ? e.operands.map((o) => this.bindExpr(o, ctx)) : [];
    const { query, params } = bindSubquery(test, e.query, {
      tables: this.tables,
      streams: this.streams,
      bindExpr: (x, columns, qualifier, outer, clause) => this.bindExpr(x, {
        scope: { columns: columns.map((c) => ({ ...c, qualifier })), qualifiers: new Set([qualifier]), outer }, clause,
      }),
      resolveOuter: (parts, pos) => this.resolveIdent(parts, pos, ctx.scope),
    });
    if (e.kind === 'inQuery') {
      if (query.outputs.length !== operands.length) {
        const tested = operands.length === 1 ? 'one value' : `a row of ${operands.length} values`;
        throw mismatch(`IN tests ${tested} but its subquery selects ${query.outputs.length} column${query.outputs.length === 1 ? '' : 's'}`, e.query.pos);
      }
      operands.forEach((o, i) => this.checkComparable(o.type, query.outputs[i]!.type, 'IN (subquery)', e.operands[i]!.pos));
    }
    const r: BExpr = { kind: 'subquery', test, operands, params, query, type: BOOL };
    return e.kind === 'inQuery' && e.negated ? this.fn('NOT', [r], BOOL) : r;
  }

  private fn(name: string, args: BExpr[], type: SqlType, unit?: string): BExpr {
    return unit === undefined ? { kind: 'fn', name, args, type } : { kind: 'fn', name, args, type, unit };
  }

  private boolArg(e: BExpr, pos: SourcePos): BExpr {
    if (e.type.name !== 'BOOLEAN' && e.type.name !== 'NULL') throw mismatch(`expected a BOOLEAN but got ${formatType(e.type)}`, pos);
    return e;
  }

  private checkComparable(a: SqlType, b: SqlType, what: string, pos: SourcePos): void {
    if (a.name === 'NULL' || b.name === 'NULL') return;
    const cls = (x: SqlType): string =>
      NUMERIC_TYPES.has(x.name) ? 'number' : STRING_TYPES.has(x.name) ? 'string' : isTemporal(x) ? 'datetime' : isInterval(x) ? 'interval' : x.name;
    const ca = cls(a);
    const cb = cls(b);
    if (ca === cb) return;
    // A character literal may stand for a datetime (e.g. ts > '2018-01-01 00:00:00').
    if ((ca === 'datetime' && cb === 'string') || (ca === 'string' && cb === 'datetime')) return;
    throw mismatch(`cannot compare ${formatType(a)} with ${formatType(b)} in ${what}`, pos);
  }

  private checkUniform(types: SqlType[], what: string, pos: SourcePos): void {
    const known = types.filter((x) => x.name !== 'NULL');
    for (const x of known) this.checkComparable(known[0]!, x, what, pos);
  }

  private binary(op: string, l: BExpr, r: BExpr, pos: SourcePos): BExpr {
    switch (op) {
      case 'AND':
      case 'OR':
        return this.fn(op, [this.boolArg(l, pos), this.boolArg(r, pos)], BOOL);
      case '=': case '<>': case '<': case '>': case '<=': case '>=': case 'IS DISTINCT FROM': case 'IS NOT DISTINCT FROM':
        this.checkComparable(l.type, r.type, `'${op}'`, pos);
        return this.fn(op, [l, r], BOOL);
      case '||':
        if (!isString(l.type) || !isString(r.type)) throw mismatch(`'||' needs character operands, got ${formatType(l.type)} and ${formatType(r.type)}`, pos);
        return this.fn('||', [l, r], t('VARCHAR'));
      case '+': case '-': case '*': case '/': case '%':
        return this.arithmetic(op, l, r, pos);
      default:
        throw unsupported(`operator ${op}`, pos);
    }
  }

  private arithmetic(op: string, l: BExpr, r: BExpr, pos: SourcePos): BExpr {
    const lt = l.type;
    const rt = r.type;
    if (isNumeric(lt) && isNumeric(rt)) {
      const ty = decimalArithmeticType(op, lt, rt) ?? widenNumeric(lt, rt);
      const intDiv = (op === '/' || op === '%') && isInteger(ty);
      return this.fn(intDiv && op === '/' ? 'IDIV' : op, [l, r], ty.name === 'NULL' ? t('INTEGER') : ty);
    }
    if (isTemporal(lt) && isTemporal(rt) && op === '-') return this.fn('TS_DIFF', [l, r], t('INTERVAL_DT'));
    if (isTemporal(lt) && isInterval(rt) && (op === '+' || op === '-')) return this.fn(`TS${op}${rt.name}`, [l, r], lt);
    if (isInterval(lt) && isTemporal(rt) && op === '+') return this.fn(`TS+${lt.name}`, [r, l], rt);
    if (isInterval(lt) && isInterval(rt) && lt.name === rt.name && (op === '+' || op === '-')) return this.fn(op, [l, r], widenInterval(lt, rt));
    if (isInterval(lt) && isNumeric(rt) && (op === '*' || op === '/')) return this.fn(op === '/' ? 'IVDIV' : '*', [l, r], lt);
    if (isNumeric(lt) && isInterval(rt) && op === '*') return this.fn('*', [l, r], rt);
    throw mismatch(`cannot apply '${op}' to ${formatType(lt)} and ${formatType(rt)}`, pos);
  }

  private resolveIdent(written: readonly string[], pos: SourcePos, scope: Scope): BExpr {
    const outer = scope.outer;
    if (!outer) return this.resolveInScope(written, pos, scope);
    // A subquery's own names come first; a name it does not have is the outer query's (a correlation).
    try {
      return this.resolveInScope(written, pos, scope);
    } catch (err) {
      if (!(err instanceof SqlError) || (err.code !== 'KAV2_UNKNOWN_COLUMN' && err.code !== 'KAV2_UNKNOWN_STREAM')) throw err;
      try {
        return outer(written, pos);
      } catch (outerErr) {
        if (outerErr instanceof SqlError && (outerErr.code === 'KAV2_UNKNOWN_COLUMN' || outerErr.code === 'KAV2_UNKNOWN_STREAM')) throw err;
        throw outerErr;
      }
    }
  }

  private resolveInScope(written: readonly string[], pos: SourcePos, scope: Scope): BExpr {
    const synonym = written.length >= 2 ? scope.synonyms?.get(written[0]!) : undefined;
    const parts = synonym ? [synonym, ...written.slice(1)] : written;
    const find = (name: string, qualifier?: string): BExpr | undefined => {
      const hits: number[] = [];
      scope.columns.forEach((c, idx) => {
        if (c.name === name && (qualifier === undefined ? !c.hidden && !c.merged : c.qualifier === qualifier)) hits.push(idx);
      });
      if (hits.length > 1) throw new SqlError('KAV2_AMBIGUOUS_COLUMN', `column ${name} is ambiguous`, pos);
      const idx = hits[0];
      if (idx === undefined) return undefined;
      const c = scope.columns[idx]!;
      if (c.rowtimeValue) return { kind: 'rowtime', type: c.type };
      return { kind: 'col', index: idx, name: c.name, type: c.type, pos };
    };
    // `r.COLUMN1` / `t.r.COLUMN1`: a field of a ROW column (what the log-parse functions return).
    if (parts.length >= 2) {
      const [q, col] = parts as [string, string];
      const row = parts.length === 3 && scope.qualifiers.has(q) ? find(col, q) : !scope.qualifiers.has(q) ? find(q) : undefined;
      if (row?.type.name === 'ROW') return rowField(row, parts[parts.length - 1]!, pos);
    }
    if (parts.length === 1) {
      const name = parts[0]!;
      const hit = find(name);
      if (hit) return hit;
      // A reference table has no ROWTIME: in a subquery's scope, ROWTIME is the outer row's.
      if (name === 'ROWTIME' && !scope.outer) return { kind: 'rowtime', type: t('TIMESTAMP') };
      throw new SqlError('KAV2_UNKNOWN_COLUMN', `unknown column ${name}`, pos);
    }
    if (parts.length === 2) {
      const [q, name] = parts as [string, string];
      if (!scope.qualifiers.has(q)) throw new SqlError('KAV2_UNKNOWN_STREAM', `unknown stream or alias ${q} in ${q}.${name}`, pos);
      const hit = find(name, q);
      if (hit) return hit;
      if (name === 'ROWTIME' && !scope.outer) return { kind: 'rowtime', type: t('TIMESTAMP') };
      throw new SqlError('KAV2_UNKNOWN_COLUMN', `unknown column ${q}.${name}`, pos);
    }
    throw unsupported(`identifier ${parts.join('.')} with ${parts.length} parts`, pos);
  }

  private call(e: Expr & { kind: 'call' }, ctx: Ctx): BExpr {
    const name = e.name;
    const udfs = this.functions.get(name);
    if (udfs) return this.userCall(e, udfs, ctx);
    if (LOG_PARSE_FUNCTIONS.has(name) && !e.over && !e.star && !e.distinct) {
      const args = e.args.map((a) => this.bindExpr(a, ctx));
      return this.fn(name, args, logParseRowType(logParseSpec(name, args, e.pos)));
    }
    if (UNSUPPORTED_FUNCTIONS.has(name)) throw unsupported(`function ${name}`, e.pos);
    const isAgg = AGGREGATE_FUNCTIONS.has(name);
    const isAnalytic = ANALYTIC_FUNCTIONS.has(name);
    if (isAgg || isAnalytic) {
      if (e.over) return this.analytic(e, ctx);
      if (isAnalytic) throw new SqlError('KAV2_INVALID_ARGUMENT', `${name} needs an OVER window`, e.pos);
      return this.aggregate(e, ctx);
    }
    if (e.over) throw new SqlError('KAV2_INVALID_ARGUMENT', `${name} is not an aggregate or analytic function and cannot take OVER`, e.pos);
    if (e.star || e.distinct) throw new SqlError('KAV2_INVALID_ARGUMENT', `${name}(${e.star ? '*' : 'DISTINCT ...'}) is only valid for aggregates`, e.pos);
    const sig = SCALAR_FUNCTIONS[name];
    if (!sig) throw new SqlError('KAV2_UNKNOWN_FUNCTION', `unknown function ${name}`, e.pos);
    // "Amazon Kinesis Data Analytics does not support the optional <time precision> parameter specified in
    // SQL:2008" (SQL Reference, LOCALTIME, LOCALTIMESTAMP).
    if (NILADIC_DATETIME.has(name) && e.args.length > 0) throw unsupported(`${name}(precision) (the SQL:2008 precision parameter; write ${name})`, e.pos);
    if (e.args.length < sig.min || e.args.length > sig.max) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `${name} takes ${sig.min === sig.max ? sig.min : `${sig.min} to ${sig.max}`} arguments, got ${e.args.length}`, e.pos);
    }
    const args = e.args.map((a) => this.bindExpr(a, ctx));
    const types = args.map((a) => a.type);
    this.checkScalarArgs(name, args, e.unit, e.pos);
    let fnName = name;
    if ((name === 'FLOOR' || name === 'CEIL' || name === 'CEILING') && e.unit) fnName = name === 'FLOOR' ? 'FLOOR_TO' : 'CEIL_TO';
    if (name === 'CEILING') fnName = e.unit ? 'CEIL_TO' : 'CEIL';
    if (name === 'CHARACTER_LENGTH') fnName = 'CHAR_LENGTH';
    if (name === 'SUBSTRING' && e.unit === 'SIMILAR') fnName = 'SUBSTRING_SIMILAR';
    else if (name === 'SUBSTRING' && e.unit !== ',' && args.length === 2 && types[1]!.name !== 'NULL' && isString(types[1]!)) fnName = 'SUBSTRING_REGEX';
    return this.fn(fnName, args, sig.returns(types, e.unit), e.unit);
  }

  /**
   * `CREATE FUNCTION` (SQL Reference, CREATE FUNCTION): checks the RETURN expression over the parameters alone and
   * its type against RETURNS ("implicit casting is not allowed in ... returning values"), and records the function.
   * Functions may share a name when their parameter types differ; a built-in function's name is taken.
   */
  defineFunction(s: Statement & { kind: 'createFunction' }): void {
    const builtIn = SCALAR_FUNCTIONS[s.name] !== undefined || AGGREGATE_FUNCTIONS.has(s.name) || ANALYTIC_FUNCTIONS.has(s.name)
      || LOG_PARSE_FUNCTIONS.has(s.name) || UNSUPPORTED_FUNCTIONS.has(s.name);
    if (builtIn) throw new SqlError('KAV2_DUPLICATE_NAME', `${s.name} is a built-in function`, s.namePos);
    const seen = new Set<string>();
    const params = s.params.map((p) => {
      if (seen.has(p.name)) throw new SqlError('KAV2_DUPLICATE_NAME', `function ${s.name} declares parameter ${p.name} twice`, p.pos);
      seen.add(p.name);
      return { name: p.name, type: resolveColumnType(p.type) };
    });
    const returns = resolveColumnType(s.returns);
    const f: UserFunction = { name: s.name, params, returns, returnsSpec: s.returns, nullOnNullInput: s.nullOnNullInput, body: s.body };
    const scope: Scope = { columns: params.map((p) => ({ name: p.name, type: p.type })), qualifiers: new Set() };
    const body = this.bindExpr(s.body, { scope, clause: `the RETURN of function ${s.name}`, functionBody: s.name });
    if (!sameUdfType(returns, body.type)) {
      throw mismatch(`function ${s.name} RETURNS ${formatType(returns)} but its RETURN expression is ${formatType(body.type)} (a user-defined function's result is not cast implicitly)`, s.body.pos);
    }
    const same = this.functions.get(s.name) ?? [];
    const clash = same.findIndex((g) => g.params.length === params.length && g.params.every((p, i) => p.type.name === params[i]!.type.name));
    if (clash >= 0 && !s.orReplace) throw new SqlError('KAV2_DUPLICATE_NAME', `function ${udfSignature(f)} already exists (use CREATE OR REPLACE)`, s.namePos);
    this.functions.set(s.name, clash >= 0 ? same.map((g, i) => (i === clash ? f : g)) : [...same, f]);
  }

  /** A call of a user-defined function: its body over the arguments, which must have the parameters' types. */
  private userCall(e: Expr & { kind: 'call' }, defs: readonly UserFunction[], ctx: Ctx): BExpr {
    if (e.over || e.star || e.distinct) throw new SqlError('KAV2_INVALID_ARGUMENT', `${e.name} is a user-defined scalar function and takes neither OVER, * nor DISTINCT`, e.pos);
    const types = e.args.map((a) => this.bindExpr(a, ctx).type);
    const f = defs.find((d) => d.params.length === types.length && d.params.every((p, i) => sameUdfType(p.type, types[i]!)));
    if (!f) {
      const got = `${e.name}(${types.map(formatType).join(', ')})`;
      throw mismatch(`${got} matches no definition of ${e.name}: ${defs.map(udfSignature).join(', ')} (arguments of a user-defined function are not cast implicitly)`, e.pos);
    }
    if (++this.expansions > MAX_FUNCTION_EXPANSIONS) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `the application expands more than ${MAX_FUNCTION_EXPANSIONS} user-defined function calls (each call is its function's body over the arguments; bodies that use a parameter several times, nested, double at each level)`, e.pos);
    }
    return this.bindExpr(expandCall(f, e.args, e.pos), ctx);
  }

  /** A constant SimpleDateFormat pattern is checked where it is written, not on every row. */
  private checkDateFormat(name: string, format: BExpr | undefined, pos: SourcePos): void {
    if (format?.kind !== 'const' || typeof format.value !== 'string') return;
    const problem = patternProblem(format.value);
    if (problem) throw new SqlError('KAV2_INVALID_ARGUMENT', `${name}: ${problem}`, pos);
  }

  private checkScalarArgs(name: string, args: BExpr[], unit: string | undefined, pos: SourcePos): void {
    const ty = (i: number): SqlType => args[i]?.type ?? t('NULL');
    const need = (i: number, ok: (x: SqlType) => boolean, what: string): void => {
      if (args[i] && ty(i).name !== 'NULL' && !ok(ty(i))) {
        throw mismatch(`argument ${i + 1} of ${name} must be ${what}, got ${formatType(ty(i))}`, pos);
      }
    };
    const str = (x: SqlType): boolean => isString(x);
    const num = (x: SqlType): boolean => isNumeric(x);
    switch (name) {
      case 'UPPER': case 'LOWER': case 'INITCAP': case 'CHAR_LENGTH': case 'CHARACTER_LENGTH': case 'LTRIM': case 'RTRIM':
        need(0, str, 'a character string');
        break;
      case 'SUBSTRING':
        need(0, str, 'a character string');
        if (unit === 'SIMILAR') {
          need(1, str, 'a SIMILAR pattern');
          need(2, str, 'an escape character');
          checkConstantPattern(args[1], args[2], (p, esc) => similarSubstringRegex(p, esc ?? ''), pos);
        } else if (unit !== ',' && args.length === 2 && isString(ty(1))) {
          // SUBSTRING(s FROM regex): "the first expression matching the value of regex-expression".
        } else {
          need(1, num, 'a number');
          need(2, num, 'a number');
        }
        break;
      case 'LEFT': case 'RIGHT':
        need(0, str, 'a character string');
        need(1, num, 'a number');
        need(2, num, 'a number');
        break;
      case 'ABS':
        // "The ABS function works on INTERVAL types and numeric types" (SQL Reference, ABS).
        need(0, (x) => isNumeric(x) || isInterval(x), 'a number or an INTERVAL');
        break;
      case 'SQRT': case 'EXP': case 'LN': case 'LOG10': case 'SIGN': case 'POWER': case 'ROUND': case 'TRUNCATE':
        args.forEach((_, i) => need(i, num, 'a number'));
        break;
      case 'MOD':
        // "The Amazon Kinesis Data Analytics MOD function only supports arguments of scale 0 (integers) ... Other
        // numeric arguments can be CAST to an integer" (SQL Reference, MOD).
        args.forEach((_, i) => need(i, (x) => isInteger(x) || (x.name === 'DECIMAL' && (x.scale ?? 0) === 0), 'an integer (MOD supports arguments of scale 0 only; CAST it to an integer)'));
        break;
      case 'FLOOR': case 'CEIL': case 'CEILING':
        if (unit) need(0, (x) => isTemporal(x) || isInterval(x), 'a TIMESTAMP (FLOOR ... TO unit)');
        else need(0, num, 'a number');
        break;
      case 'STEP':
        need(0, (x) => isTemporal(x) || isInteger(x), 'a TIMESTAMP or an integer');
        if (args[0] && isTemporal(ty(0))) need(1, isInterval, 'an INTERVAL');
        else need(1, isInteger, 'an integer');
        break;
      case 'EXTRACT':
        need(0, (x) => isTemporal(x) || x.name === 'INTERVAL_DT', 'a TIMESTAMP, DATE, TIME or day-time INTERVAL');
        break;
      case 'TSDIFF':
        // SQL Reference, TSDIFF: each argument is "a Unix timestamp in the format milliseconds since
        // '1970-01-01 00:00:00' UTC, expressed as a BIGINT"; a TIMESTAMP is that instant too.
        need(0, (x) => isTemporal(x) || isInteger(x), 'a TIMESTAMP or a BIGINT of milliseconds');
        need(1, (x) => isTemporal(x) || isInteger(x), 'a TIMESTAMP or a BIGINT of milliseconds');
        break;
      case 'CHAR_TO_TIMESTAMP': case 'CHAR_TO_DATE': case 'CHAR_TO_TIME':
        need(0, str, 'a format string');
        need(1, str, 'a character string');
        this.checkDateFormat(name, args[0], pos);
        break;
      case 'TIMESTAMP_TO_CHAR': case 'DATE_TO_CHAR': case 'TIME_TO_CHAR':
        need(0, str, 'a format string');
        need(1, isTemporal, 'a TIMESTAMP');
        this.checkDateFormat(name, args[0], pos);
        break;
      case 'REGEX_REPLACE': case 'REPLACE':
        need(0, str, 'a character string');
        need(1, str, 'a character string');
        need(2, str, 'a character string');
        need(3, num, 'a number');
        need(4, num, 'a number');
        break;
      case 'COALESCE': case 'NVL': case 'NULLIF':
        this.checkUniform(args.map((a) => a.type), name, pos);
        break;
      default:
        break;
    }
  }

  private aggregate(e: Expr & { kind: 'call' }, ctx: Ctx): BExpr {
    if (!ctx.aggs) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `aggregate ${e.name} is not allowed in ${ctx.clause}`, e.pos);
    }
    const { fn, arg, type } = this.aggShape(e, ctx);
    const distinct = distinctMatters(fn, e.distinct);
    if (distinct && fn === 'COUNT') {
      this.portability.push({ pos: e.pos, message: `COUNT(DISTINCT ...) in an aggregate query: Kinesis Data Analytics does not allow it ("SELECT COUNT(DISTINCT x) ... FROM ... GROUP BY ..." is not allowed, ${COUNT_DISTINCT_PAGE}); this engine runs it, KDA would refuse the application` });
    }
    const call: AggCall = arg ? { fn, arg, distinct, type } : { fn, distinct, type };
    const key = JSON.stringify(call);
    let index = ctx.aggs.findIndex((a) => JSON.stringify(a) === key);
    if (index < 0) {
      index = ctx.aggs.length;
      ctx.aggs.push(call);
    }
    return { kind: 'agg', index, type, pos: e.pos };
  }

  private aggShape(e: Expr & { kind: 'call' }, ctx: Ctx): { fn: AggName; arg?: BExpr; type: SqlType } {
    if (e.name === 'ANY' || e.name === 'EVERY') return this.booleanAggregate(e, ctx);
    const fn = e.name as AggName;
    const inner: Ctx = { scope: ctx.scope, clause: `the argument of ${fn}` };
    if (e.star) {
      if (fn !== 'COUNT') throw new SqlError('KAV2_INVALID_ARGUMENT', `${fn}(*) is not valid; only COUNT(*)`, e.pos);
      return { fn, type: t('BIGINT') };
    }
    if (e.args.length !== 1) throw new SqlError('KAV2_INVALID_ARGUMENT', `${fn} takes one argument, got ${e.args.length}`, e.pos);
    const arg = this.bindExpr(e.args[0]!, inner);
    switch (fn) {
      case 'COUNT':
        return { fn, arg, type: t('BIGINT') };
      case 'MIN': case 'MAX':
        return { fn, arg, type: arg.type };
      case 'SUM': case 'AVG':
        if (!isNumeric(arg.type)) throw mismatch(`${fn} needs a numeric argument, got ${formatType(arg.type)}`, e.pos);
        return { fn, arg, type: fn === 'SUM' && isInteger(arg.type) ? t('BIGINT') : arg.type.name === 'NULL' ? t('DOUBLE') : t(arg.type.name, arg.type.length, arg.type.scale) };
      default:
        if (!isNumeric(arg.type)) throw mismatch(`${fn} needs a numeric argument, got ${formatType(arg.type)}`, e.pos);
        return { fn, arg, type: t('DOUBLE') };
    }
  }

  /**
   * ANY(b) is TRUE when b is TRUE in any of the group's rows and EVERY(b) when it is TRUE in all of them (SQL
   * Reference, Boolean Functions); with FALSE below TRUE they are MAX and MIN of b, NULLs ignored.
   */
  private booleanAggregate(e: Expr & { kind: 'call' }, ctx: Ctx): { fn: AggName; arg: BExpr; type: SqlType } {
    if (e.star || e.distinct || e.args.length !== 1) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `${e.name} takes one BOOLEAN argument, got ${e.star ? '*' : e.distinct ? 'DISTINCT ...' : `${e.args.length} arguments`}`, e.pos);
    }
    const arg = this.bindExpr(e.args[0]!, { scope: ctx.scope, clause: `the argument of ${e.name}` });
    if (arg.type.name !== 'BOOLEAN' && arg.type.name !== 'NULL') throw mismatch(`${e.name} needs a BOOLEAN argument, got ${formatType(arg.type)}`, e.pos);
    return { fn: e.name === 'ANY' ? 'MAX' : 'MIN', arg, type: BOOL };
  }

  private analytic(e: Expr & { kind: 'call' }, ctx: Ctx): BExpr {
    if (!ctx.analytics) {
      throw unsupported(`${e.name} ... OVER in ${ctx.clause}`, e.pos);
    }
    const spec = this.resolveWindow(e.over!, ctx);
    const inner: Ctx = { scope: ctx.scope, clause: `the argument of ${e.name}` };
    const partitionBy = spec.partitionBy.map((p) => this.bindExpr(p, inner));
    // "For windowed aggregation, partitioned windows are allowed, but ORDER BY must not be present" (SQL Reference,
    // Allowed and Disallowed Window Specifications): rows are already in ROWTIME order.
    if (spec.orderBy.length > 0) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `ORDER BY in the window of ${e.name} ... OVER: a window of an aggregate or analytic function cannot have ORDER BY (rows are taken in ROWTIME order); remove it`, spec.orderBy[0]!.pos);
    }
    if (!spec.frame) throw unsupported('a window without RANGE or ROWS (an unbounded window)', spec.pos);
    const frame: BoundFrame = spec.frame.kind === 'range'
      ? { kind: 'range', ms: intervalMs(spec.frame.interval) }
      : { kind: 'rows', count: spec.frame.count };
    let call: AnalyticCall;
    if (AGGREGATE_FUNCTIONS.has(e.name)) {
      const shape = this.aggShape(e, ctx);
      if (e.distinct === true && shape.fn === 'COUNT') {
        this.portability.push({ pos: e.pos, message: `COUNT(DISTINCT ...) OVER a window: Kinesis Data Analytics does not allow COUNT DISTINCT as an analytic function or in windowed aggregation (${COUNT_DISTINCT_PAGE}); this engine runs it, KDA would refuse the application` });
      }
      call = { fn: shape.fn, args: shape.arg ? [shape.arg] : [], distinct: distinctMatters(shape.fn, e.distinct), partitionBy, frame, type: shape.type };
    } else if (e.name === 'NTH_VALUE') {
      call = { ...this.nthValue(e, inner), partitionBy, frame };
    } else if (e.name === 'EXP_AVG') {
      call = { ...this.expAvg(e, inner), partitionBy, frame };
    } else {
      if (e.args.length < 1 || e.args.length > (e.name === 'LAG' ? 3 : 1)) {
        throw new SqlError('KAV2_INVALID_ARGUMENT', `${e.name} got ${e.args.length} arguments`, e.pos);
      }
      const args = e.args.map((a) => this.bindExpr(a, inner));
      if (args[1] && (args[1].kind !== 'const' || !isInteger(args[1].type))) {
        throw new SqlError('KAV2_INVALID_ARGUMENT', 'the offset of LAG must be an integer literal', e.pos);
      }
      call = { fn: e.name as AnalyticCall['fn'], args, distinct: false, partitionBy, frame, type: args[0]!.type, ...(e.ignoreNulls ? { ignoreNulls: true } : {}) };
    }
    const index = ctx.analytics.length;
    ctx.analytics.push(call);
    return { kind: 'col', index: ctx.scope.columns.length + index, name: e.name, type: call.type, pos: e.pos };
  }

  /**
   * `NTH_VALUE(x, n) [FROM FIRST | FROM LAST] [RESPECT NULLS | IGNORE NULLS]` (SQL Reference, NTH_VALUE): n
   * counts rows of the frame from its first (or last) row, so it must be a positive integer constant.
   */
  private nthValue(e: Expr & { kind: 'call' }, inner: Ctx): Omit<AnalyticCall, 'partitionBy' | 'frame'> {
    if (e.star || e.distinct || e.args.length !== 2) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `NTH_VALUE takes 2 arguments (x, n), got ${e.star ? '*' : e.distinct ? 'DISTINCT ...' : e.args.length}`, e.pos);
    }
    const x = this.bindExpr(e.args[0]!, inner);
    const nArg = e.args[1]!;
    const n = this.bindExpr(nArg, inner);
    const value = n.kind === 'const' ? n.value : undefined;
    if (n.kind !== 'const' || !isInteger(n.type) || typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      const got = n.kind !== 'const' ? 'an expression that is not a constant'
        : value === null ? 'NULL'
          : `${formatType(n.type)} ${describeConst(value, n.type)}`;
      throw new SqlError('KAV2_INVALID_ARGUMENT', `the n of NTH_VALUE(x, n) must be a positive integer constant (1 is the first row), got ${got}`, nArg.pos);
    }
    return {
      fn: 'NTH_VALUE', args: [x, n], distinct: false, type: x.type,
      ...(e.ignoreNulls ? { ignoreNulls: true } : {}), ...(e.fromLast ? { fromLast: true } : {}),
    };
  }

  /**
   * `EXP_AVG(expression, <time-interval>) OVER w` (SQL Reference, EXP_AVG): the average of the window's values
   * weighted by 2^(-age / half-life), age being how much older than the current row a row's ROWTIME is.
   */
  private expAvg(e: Expr & { kind: 'call' }, inner: Ctx): Omit<AnalyticCall, 'partitionBy' | 'frame'> {
    if (e.star || e.distinct || e.args.length !== 2) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', `EXP_AVG takes 2 arguments (expression, <time-interval>), got ${e.star ? '*' : e.distinct ? 'DISTINCT ...' : e.args.length}`, e.pos);
    }
    const x = this.bindExpr(e.args[0]!, inner);
    if (!isNumeric(x.type) && x.type.name !== 'NULL') throw mismatch(`EXP_AVG needs a number, got ${formatType(x.type)}`, e.args[0]!.pos);
    const halfArg = e.args[1]!;
    const half = this.bindExpr(halfArg, inner);
    const ms = half.kind === 'const' && half.type.name === 'INTERVAL_DT' ? half.value : undefined;
    if (typeof ms !== 'number' || !(ms > 0)) {
      const got = half.kind !== 'const' ? 'an expression that is not a constant' : half.value === null ? 'NULL' : `${formatType(half.type)} ${describeConst(half.value, half.type)}`;
      throw new SqlError('KAV2_INVALID_ARGUMENT', `the <time-interval> of EXP_AVG(expression, <time-interval>) must be a positive day-time INTERVAL constant (the half-life, e.g. INTERVAL '10' SECOND), got ${got}`, halfArg.pos);
    }
    return { fn: 'EXP_AVG', args: [x, half], distinct: false, type: t('DOUBLE'), halfLifeMs: ms };
  }

  private resolveWindow(spec: WindowSpec, ctx: Ctx): WindowSpec {
    if (!spec.ref) return spec;
    const base = ctx.windows?.get(spec.ref);
    if (!base) throw new SqlError('KAV2_INVALID_ARGUMENT', `unknown window ${spec.ref}`, spec.pos);
    const resolved = this.resolveWindow(base, ctx);
    return {
      partitionBy: spec.partitionBy.length ? spec.partitionBy : resolved.partitionBy,
      orderBy: spec.orderBy.length ? spec.orderBy : resolved.orderBy,
      frame: spec.frame ?? resolved.frame,
      pos: spec.pos,
    };
  }

  /**
   * Replaces group keys and aggregates in a post-aggregation expression by columns of the aggregated row.
   * `keys[k]` are the keys' structural keys; `declared[k]`, for a key MONOTONIC(x), that of x, which the
   * key's column also stands for (`SELECT STREAM orderId ... GROUP BY MONOTONIC(orderId)`).
   */
  private rewriteAfterGroup(e: BExpr, keys: readonly string[], nKeys: number, declared: readonly (string | undefined)[] = []): BExpr {
    const s = exprKey(e);
    let k = keys.indexOf(s);
    if (k < 0) k = declared.indexOf(s);
    if (k >= 0) return { kind: 'col', index: k, name: `KEY${k}`, type: e.type };
    switch (e.kind) {
      case 'const': case 'rowtime': return e;
      case 'agg': return { kind: 'col', index: nKeys + e.index, name: `AGG${e.index}`, type: e.type };
      case 'col':
        throw new SqlError('KAV2_INVALID_ARGUMENT', `column ${e.name} must appear in GROUP BY or inside an aggregate`, e.pos);
      case 'fn':
        return { ...e, args: e.args.map((a) => this.rewriteAfterGroup(a, keys, nKeys, declared)) };
      // The subquery's own expressions read the table row; what it reads of the outer row is its operands and params.
      case 'subquery': {
        const rewrite = (a: BExpr): BExpr => this.rewriteAfterGroup(a, keys, nKeys, declared);
        return { ...e, operands: e.operands.map(rewrite), params: e.params.map(rewrite) };
      }
      default:
        return assertNever(e, 'bound expression');
    }
  }

  /**
   * `pumpQuery`: the query of a pump, which may leave out STREAM (the SQL Reference's Identifiers page marks
   * `CREATE OR REPLACE PUMP ... INSERT INTO ExampleStream SELECT * FROM SOURCE_SQL_STREAM_001` "OK"; a pump
   * always runs continuously over streams). A subquery or CURSOR still needs SELECT STREAM.
   */
  /**
   * A SELECT or a UNION ALL. `targetWidth`: the number of columns the pump inserts, which decides whether a plain
   * ROWTIME item is a column (see rowtimeAsColumn), in every branch of a union.
   */
  bindQueryExpr(q: QueryExpr, streams: ReadonlyMap<string, StreamDef>, pumpQuery = false, targetWidth?: number): BoundQuery {
    if (q.kind === 'union') {
      // "Both sides of the operator must be streams; it is an error if one side is a stream and the other is a
      // relation" (SQL Reference, Query). A pump's query may leave STREAM out, but not in one branch only.
      const streaming = q.branches.map(isStreaming);
      const relation = streaming.indexOf(false);
      if (relation >= 0 && streaming.includes(true)) {
        throw new SqlError('KAV2_INVALID_ARGUMENT', 'UNION ALL combines streams only: this query is a relation (write SELECT STREAM)', q.branches[relation]!.pos);
      }
      const branches = q.branches.map((b) => this.bindQueryExpr(b, streams, pumpQuery, targetWidth));
      const union = bindUnion(branches, q.unionPos, (_, column) => this.outputPos.get(column));
      if (!q.orderBy) return union;
      // ORDER BY after the last branch sorts the union's rows, named by its (the first query's) columns.
      const scope: Scope = { columns: union.inputColumns, qualifiers: new Set() };
      const items = union.outputs.map((o) => ({ name: o.name, written: o.expr, evaluated: o.expr }));
      const orderBy = this.bindOrder(q.orderBy, false, items, (e) => {
        const b = this.bindExpr(e, { scope, clause: 'ORDER BY' });
        return { written: b, evaluated: b };
      });
      return { ...union, orderBy };
    }
    const bound = this.bindQuery(q, streams, pumpQuery);
    return targetWidth === undefined ? bound : this.rowtimeAsColumn(bound, targetWidth);
  }

  private bindQuery(q: Query, streams: ReadonlyMap<string, StreamDef>, pumpQuery = false): BoundQuery {
    if (!q.stream && !pumpQuery) throw new SqlError('KAV2_PARSE_UNEXPECTED', 'expected SELECT STREAM (a query over a stream needs the STREAM keyword)', q.pos);
    let source: BoundQuery['source'];
    let columns: readonly Column[];
    let qualifiers: string[];
    /** Columns of a subquery that carry its rows' ROWTIME (see ScopeColumn.rowtimeValue). */
    let rowtimeValues = new Set<number>();
    for (const item of q.joins?.length ? [q.from, ...q.joins.map((j) => j.item)] : []) {
      if (item.kind === 'stream' && item.columnAliases) throw unsupported(`renaming the columns of joined stream ${item.name} (${item.columnAliases.join(', ')})`, item.pos);
    }
    const joined = q.joins?.length ? bindJoinSource(q, this.joinEnv(q, streams)) : undefined;
    if (joined) {
      source = { kind: 'join', join: joined.join };
      columns = joined.columns;
      qualifiers = [...joined.qualifiers];
    } else if (q.from.kind === 'stream') {
      const def = streams.get(q.from.name);
      if (!def && this.tables.has(q.from.name)) throw unsupported(`reading reference table ${q.from.name} on its own (JOIN it to a stream)`, q.from.pos);
      if (!def) throw new SqlError('KAV2_UNKNOWN_STREAM', `unknown stream ${q.from.name}`, q.from.pos);
      if (q.from.window) throw new SqlError('KAV2_INVALID_ARGUMENT', `OVER after ${q.from.name} in FROM applies only to a joined stream`, q.from.window.pos);
      source = { kind: 'stream', name: def.name };
      // Only a query that names it carries the column, so other plans (and window state) stay as they were.
      const renamed = q.from.columnAliases ? renameStreamColumns(def, q.from.columnAliases, q.from.alias, q.from.pos) : def.columns;
      columns = this.inputNames.has(def.name) && mentionsText(q, ARRIVAL_TIME_COLUMN.name) ? withArrivalTime(renamed) : renamed;
      qualifiers = q.from.alias ? [q.from.alias] : [def.name];
    } else if (q.from.kind === 'tableFunction') {
      const fn = bindTableFunction(q.from, (cursor) => this.bindQueryExpr(cursor, streams));
      source = { kind: 'tableFunction', fn };
      columns = fn.columns;
      qualifiers = q.from.alias ? [q.from.alias] : [];
    } else {
      const inner = this.bindQueryExpr(q.from.query, streams);
      source = { kind: 'query', query: inner };
      const innerColumns = inner.outputs.filter((_, i) => i !== inner.rowtimeOutput);
      columns = innerColumns.map((o) => ({ name: o.name, type: o.type }));
      // A ROWTIME item sets a new ROWTIME for the rows, so a column of the old one is no longer theirs.
      if (inner.rowtimeOutput === undefined) rowtimeValues = new Set(innerColumns.flatMap((o, i) => (o.expr.kind === 'rowtime' ? [i] : [])));
      qualifiers = q.from.alias ? [q.from.alias] : [];
      const aliases = q.from.columnAliases;
      if (aliases) {
        if (aliases.length !== columns.length) throw mismatch(`${q.from.alias ?? 'the subquery'}(${aliases.join(', ')}) names ${aliases.length} columns but the subquery selects ${columns.length}`, q.from.pos);
        columns = columns.map((c, i) => ({ ...c, name: aliases[i]! }));
      }
    }
    const scope: Scope = joined ?? {
      columns: columns.map((c, i) => (c === ARRIVAL_TIME_COLUMN ? { ...c, qualifier: qualifiers[0], system: true }
        : rowtimeValues.has(i) ? { ...c, qualifier: qualifiers[0], rowtimeValue: true } : { ...c, qualifier: qualifiers[0] })),
      qualifiers: new Set(qualifiers),
    };
    const windows = new Map<string, WindowSpec>();
    for (const w of q.windows) {
      if (windows.has(w.name)) throw new SqlError('KAV2_DUPLICATE_NAME', `window ${w.name} is defined twice`, w.spec.pos);
      windows.set(w.name, w.spec);
    }
    const where = q.where ? this.boolArg(this.bindExpr(q.where, { scope, clause: 'WHERE' }), q.where.pos) : undefined;

    const selectHasAgg = q.items.some((it) => it.kind === 'expr' && containsAggregate(it.expr));
    const grouped = q.groupBy.length > 0 || selectHasAgg || q.having !== undefined || q.stagger !== undefined;
    const expanded = this.expandItems(q, scope);

    if (!grouped) {
      const analytics: AnalyticCall[] = [];
      const ctx: Ctx = { scope, analytics, windows, clause: 'SELECT' };
      const outputs = expanded.map((it) => this.output(it, ctx));
      const orderBy = q.orderBy && this.bindOrder(q.orderBy, q.distinct, outputs.map((o, i) => ({ name: o.name, expr: expanded[i]!.expr, written: o.expr, evaluated: o.expr })), (e) => {
        const b = this.bindExpr(e, { ...ctx, clause: 'ORDER BY' });
        return { written: b, evaluated: b };
      });
      const distinct = q.distinct ? this.bindDistinctOf(q, outputs.map((o) => o.expr), outputs, orderBy) : undefined;
      return this.finish({ source, inputColumns: columns, where, grouping: { kind: 'none', analytics }, outputs, ...(orderBy ? { orderBy } : {}), ...(distinct ? { distinct } : {}) });
    }

    if (q.having && q.groupBy.length === 0 && !q.stagger) {
      // "In streaming queries, HAVING cannot be used without a GROUP BY clause" (SQL Reference, HAVING clause).
      throw new SqlError('KAV2_INVALID_ARGUMENT', 'HAVING without GROUP BY: in a streaming query HAVING filters the groups of a GROUP BY (or WINDOWED BY STAGGER) and cannot be used without one', q.havingPos ?? q.having.pos);
    }
    if (q.groupBy.length === 0 && !q.stagger) {
      throw unsupported('an aggregate query without GROUP BY (KDA needs GROUP BY on a ROWTIME-based expression, or WINDOWED BY STAGGER)', q.pos);
    }
    const keyCtx: Ctx = { scope, clause: 'GROUP BY' };
    const keys = q.groupBy.map((g) => this.bindExpr(g, keyCtx));
    if (q.stagger) {
      // The stagger window is keyed by its PARTITION BY; GROUP BY, when present, may add keys.
      for (const p of q.stagger.partitionBy) {
        const b = this.bindExpr(p, keyCtx);
        if (!keys.some((k) => exprKey(k) === exprKey(b))) keys.push(b);
      }
    }
    const keyStrings = keys.map(exprKey);
    const declared = keys.map((k) => (k.kind === 'fn' && k.name === 'MONOTONIC' ? exprKey(k.args[0]!) : undefined));
    const aggs: AggCall[] = [];
    const ctx: Ctx = { scope, aggs, windows, clause: 'the SELECT list of a GROUP BY or STAGGER query' };
    const rewrite = (b: BExpr): BExpr => this.rewriteAfterGroup(b, keyStrings, keys.length, declared);
    const items: OrderItem[] = [];
    const outputs = expanded.map((it) => {
      const o = this.output(it, ctx);
      const r = { ...o, expr: rewrite(o.expr) };
      this.outputPos.set(r, it.expr.pos);
      if (this.plainRowtime.has(o)) this.plainRowtime.add(r);
      items.push({ name: o.name, expr: it.expr, written: o.expr, evaluated: r.expr });
      return r;
    });
    const having = q.having ? rewrite(this.boolArg(this.bindExpr(q.having, { ...ctx, clause: 'HAVING' }), q.having.pos)) : undefined;
    /** The grouped query, with its ORDER BY bound over the aggregated row. */
    const done = (grouping: BoundGrouping): BoundQuery => {
      const windowColumn = grouping.kind === 'tumbling' && !grouping.monotonicKey ? grouping.windowKey : undefined;
      const orderBy = q.orderBy && this.bindOrder(q.orderBy, q.distinct, items, (e) => {
        const written = this.bindExpr(e, { ...ctx, clause: 'ORDER BY' });
        return { written, evaluated: rewrite(written) };
      }, windowColumn);
      const distinct = q.distinct ? this.bindDistinctOf(q, items.map((it) => it.written), outputs, orderBy) : undefined;
      return this.finish({ source, inputColumns: columns, where, grouping, having, outputs, ...(orderBy ? { orderBy } : {}), ...(distinct ? { distinct } : {}) });
    };

    let grouping: BoundGrouping;
    if (q.stagger) {
      grouping = { kind: 'stagger', keys, rangeMs: intervalMs(q.stagger.range), aggs };
    } else {
      const windowKey = keys.findIndex((k) => {
        const r = refsRowtimeOnly(k);
        return r.rowtime && !r.cols;
      });
      const rowtimeWindow = windowKey >= 0 && monotoneInRowtime(keys[windowKey]!) === 'up';
      // MONOTONIC(expr) declares a key monotonic (SQL Reference, Monotonic Function); one that grows with
      // ROWTIME stays a time window above, any other closes its groups when its value moves on.
      const declaredKey = rowtimeWindow ? -1 : this.declaredMonotonicKey(keys, q.groupBy);
      // A key that descends as ROWTIME grows (-m, c - m, m * c with c < 0: the Monotonic Expressions and
      // Operators page's rules) is monotonic too, so it closes its groups when its value moves on, like MONOTONIC.
      const monotonicKey = declaredKey >= 0 || rowtimeWindow || windowKey < 0 ? declaredKey
        : rowtimeDirection(keys[windowKey]!) === 'down' ? windowKey : -1;
      if (monotonicKey >= 0) {
        return done({ kind: 'tumbling', keys, windowKey: monotonicKey, aggs, monotonicKey: true });
      }
      if (windowKey >= 0 && !rowtimeWindow) {
        throw unsupported('a GROUP BY window expression that does not grow with ROWTIME (use STEP(ROWTIME BY ...) or FLOOR(ROWTIME TO unit), or declare a key MONOTONIC(expr))', q.groupBy[windowKey]!.pos);
      }
      if (windowKey < 0) {
        throw unsupported('GROUP BY without a ROWTIME-based expression such as STEP(ROWTIME BY INTERVAL ...) or FLOOR(ROWTIME TO unit), or a key declared MONOTONIC(expr) (the window would never close)', q.groupBy[0]!.pos);
      }
      grouping = { kind: 'tumbling', keys, windowKey, aggs };
    }
    return done(grouping);
  }

  /**
   * The first GROUP BY key written MONOTONIC(expr), or -1. Streaming GROUP BY needs a monotonic key that
   * is not constant (SQL Reference, Monotonic Function), so MONOTONIC of a constant is refused.
   */
  private declaredMonotonicKey(keys: readonly BExpr[], written: readonly Expr[]): number {
    const k = keys.findIndex((b) => b.kind === 'fn' && b.name === 'MONOTONIC');
    if (k < 0) return -1;
    const r = refsRowtimeOnly(keys[k]!);
    if (!r.rowtime && !r.cols) {
      throw new SqlError('KAV2_INVALID_ARGUMENT', 'GROUP BY MONOTONIC(expr) needs an expression that changes from row to row; a constant never closes its group', written[k]!.pos);
    }
    return k;
  }

  /** Binds an ORDER BY (see bindOrderBy) over a query's select list `items`. */
  private bindOrder(orderBy: OrderBy, distinct: boolean, items: readonly OrderItem[], bindKey: (e: Expr) => Bound, windowColumn?: number): BoundOrderBy {
    const rowtimeItem = items.findIndex((it) => it.name === 'ROWTIME');
    return bindOrderBy(orderBy, {
      items, bind: bindKey, distinct, intervalMs,
      ...(rowtimeItem >= 0 ? { rowtimeItem } : {}), ...(windowColumn === undefined ? {} : { windowColumn }),
    });
  }

  /** SELECT STREAM DISTINCT over `outputs`, whose expressions over the query's input are `written`. */
  private bindDistinctOf(q: Query, written: readonly BExpr[], outputs: readonly BoundOutput[], orderBy: BoundOrderBy | undefined): BoundDistinct {
    const rowtimeOutput = outputs.findIndex((o) => o.name === 'ROWTIME');
    return bindDistinct(written, rowtimeOutput >= 0 ? rowtimeOutput : undefined, orderBy, q.distinctPos ?? q.pos);
  }

  private finish(q: Omit<BoundQuery, 'rowtimeOutput'>): BoundQuery {
    const rowtimeOutput = q.outputs.findIndex((o) => o.name === 'ROWTIME');
    const rt = q.outputs[rowtimeOutput];
    if (rt && rt.type.name !== 'TIMESTAMP') {
      throw mismatch(`ROWTIME must be a TIMESTAMP, got ${formatType(rt.type)}`, this.outputPos.get(rt) ?? { line: 0, column: 0 });
    }
    return rowtimeOutput >= 0 ? { ...q, rowtimeOutput } : q;
  }

  private expandItems(q: Query, scope: Scope): { expr: Expr; alias?: string; idx: number }[] {
    const out: { expr: Expr; alias?: string; idx: number }[] = [];
    q.items.forEach((it, idx) => {
      if (it.kind === 'expr') {
        out.push({ expr: it.expr, alias: it.alias, idx });
        return;
      }
      const qualifier = it.qualifier === undefined ? undefined : scope.synonyms?.get(it.qualifier) ?? it.qualifier;
      if (qualifier && !scope.qualifiers.has(qualifier)) {
        throw new SqlError('KAV2_UNKNOWN_STREAM', `unknown stream or alias ${qualifier}`, it.pos);
      }
      const order = qualifier === undefined && scope.star ? scope.star : scope.columns.map((_, i) => i);
      for (const c of order.map((i) => scope.columns[i]!)) {
        if (c.hidden || c.system || (qualifier !== undefined ? c.qualifier !== qualifier : c.merged)) continue;
        // Qualified, so that a column both sides of a JOIN have is not ambiguous.
        const parts = c.qualifier === undefined ? [c.name] : [c.qualifier, c.name];
        out.push({ expr: { kind: 'ident', parts, pos: it.pos }, alias: c.name, idx });
      }
    });
    return out;
  }

  private output(it: { expr: Expr; alias?: string; idx: number }, ctx: Ctx): BoundOutput {
    const expr = this.bindExpr(it.expr, ctx);
    const name = it.alias ?? (it.expr.kind === 'ident' ? it.expr.parts[it.expr.parts.length - 1]! : `EXPR$${it.idx}`);
    const out: BoundOutput = { name, expr, type: expr.type.name === 'NULL' ? t('VARCHAR') : expr.type };
    this.outputPos.set(out, it.expr.pos);
    if (it.alias === undefined && name === 'ROWTIME') this.plainRowtime.add(out);
    return out;
  }
}

/**
 * Binds parsed statements against the catalog: resolves names (KDA case rules already applied by
 * the lexer), types every expression, checks GROUP BY / window rules and orders pumps so that a
 * pump reading another pump's stream runs after it.
 */
export const bind = (statements: readonly Statement[], catalog: Catalog): BoundApplication => {
  const tables = new Map((catalog.tables ?? []).map((d) => [d.name, d] as const));
  const inputs = [catalog.input, ...(catalog.parallelInputs ?? [])];
  const inputNames = new Set(inputs.map((i) => i.name));
  if (inputNames.size < inputs.length) throw new SqlError('KAV2_DUPLICATE_NAME', `input streams must be named apart: ${inputs.map((i) => i.name).join(', ')}`);
  const streams = new Map<string, StreamDef>(inputs.map((i) => [i.name, i] as const));
  const binder = new Binder(tables, inputNames, streams);
  const declared: StreamDef[] = [];
  const pumps = new Map<string, BoundPump>();
  for (const s of statements) {
    switch (s.kind) {
      case 'createStream': {
        if (inputNames.has(s.name)) throw new SqlError('KAV2_DUPLICATE_NAME', `stream ${s.name} is the input stream`, s.namePos);
        if (s.name === 'error_stream') throw new SqlError('KAV2_DUPLICATE_NAME', 'error_stream is reserved for rows the application cannot process', s.namePos);
        if (tables.has(s.name)) throw new SqlError('KAV2_DUPLICATE_NAME', `${s.name} is a reference table`, s.namePos);
        if (streams.has(s.name) && !s.orReplace) throw new SqlError('KAV2_DUPLICATE_NAME', `stream ${s.name} already exists (use CREATE OR REPLACE)`, s.namePos);
        const names = new Set<string>();
        for (const c of s.columns) {
          if (names.has(c.name)) throw new SqlError('KAV2_DUPLICATE_NAME', `column ${c.name} is declared twice`, c.pos);
          if (c.name === 'ROWTIME') throw new SqlError('KAV2_DUPLICATE_NAME', 'ROWTIME is a system column and cannot be declared', c.pos);
          names.add(c.name);
        }
        const def: StreamDef = {
          name: s.name,
          columns: s.columns.map((c) => (c.notNull ? { name: c.name, type: resolveColumnType(c.type), notNull: true } : { name: c.name, type: resolveColumnType(c.type) })),
        };
        const existing = declared.findIndex((d) => d.name === s.name);
        if (existing >= 0) declared[existing] = def;
        else declared.push(def);
        streams.set(s.name, def);
        break;
      }
      case 'createPump': {
        if (pumps.has(s.name) && !s.orReplace) throw new SqlError('KAV2_DUPLICATE_NAME', `pump ${s.name} already exists (use CREATE OR REPLACE)`, s.namePos);
        const target = streams.get(s.target);
        if (!target) throw new SqlError('KAV2_UNKNOWN_STREAM', `unknown stream ${s.target}`, s.targetPos);
        if (inputNames.has(target.name)) throw unsupported(`inserting into the input stream ${target.name}`, s.targetPos);
        const query = binder.bindQueryExpr(s.query, streams, true, s.targetColumns?.length ?? target.columns.length);
        const outputs = query.outputs.filter((_, i) => i !== query.rowtimeOutput);
        let columnMap: number[];
        if (s.targetColumns) {
          columnMap = target.columns.map(() => -1);
          s.targetColumns.forEach((tc, qi) => {
            const ti = target.columns.findIndex((c) => c.name === tc.name);
            if (ti < 0) throw new SqlError('KAV2_UNKNOWN_COLUMN', `stream ${target.name} has no column ${tc.name}`, tc.pos);
            columnMap[ti] = qi;
          });
          if (s.targetColumns.length !== outputs.length) {
            throw mismatch(`pump ${s.name} lists ${s.targetColumns.length} target columns but selects ${outputs.length}`, s.query.pos);
          }
        } else {
          if (outputs.length !== target.columns.length) {
            throw mismatch(`pump ${s.name} selects ${outputs.length} columns but stream ${target.name} has ${target.columns.length}`, s.query.pos);
          }
          columnMap = target.columns.map((_, i) => i);
        }
        columnMap.forEach((qi, ti) => {
          if (qi < 0) return;
          const from = outputs[qi]!.type;
          const to = target.columns[ti]!.type;
          const bad = from.name === 'ROW' || ((from.name === 'BOOLEAN') !== (to.name === 'BOOLEAN') && from.name !== 'NULL' && !isString(from) && !isString(to));
          if (bad) throw mismatch(`pump ${s.name}: cannot insert ${formatType(from)} into ${target.name}.${target.columns[ti]!.name} ${formatType(to)}`, s.query.pos);
        });
        pumps.set(s.name, { name: s.name, target: target.name, query, columnMap, targetColumns: target.columns });
        break;
      }
      case 'createFunction':
        binder.defineFunction(s);
        break;
      default:
        assertNever(s, 'statement');
    }
  }
  return { input: catalog.input, inputs, streams: declared, pumps: orderPumps([...pumps.values()]), portability: binder.portability };
};

