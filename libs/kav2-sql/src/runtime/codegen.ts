import { type AggCall, type BExpr } from '../analyzer/bound';
import { type SqlType, type SqlValue, DATETIME_TYPES, isInteger, NUMERIC_TYPES, STRING_TYPES } from '../analyzer/sql-type';
import { type AccLayout } from './accumulator-layout';
import { castFn } from './cast';
import { type DistinctTable } from './distinct-table';
import { compileExpr, type Evaluator, isNumericWidening } from './compile-expr';
import { type EvalEnv, type Row, RowError } from './row';

/** Evaluates several expressions of one row into `out`, in order. */
export type MultiEvaluator = (row: Row, out: SqlValue[]) => void;

const COMPARE_OPS: Readonly<Record<string, string>> = { '=': '===', '<>': '!==', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };
const ARITH_OPS: Readonly<Record<string, string>> = { '+': '+', '-': '-', '*': '*', 'TS+INTERVAL_DT': '+', 'TS-INTERVAL_DT': '-', TS_DIFF: '-' };

type Family = 'number' | 'string' | 'boolean' | 'null' | 'other';
const family = (t: SqlType): Family => {
  if (t.name === 'NULL') return 'null';
  if (STRING_TYPES.has(t.name)) return 'string';
  if (t.name === 'BOOLEAN') return 'boolean';
  if (NUMERIC_TYPES.has(t.name) || DATETIME_TYPES.has(t.name) || t.name === 'INTERVAL_DT' || t.name === 'INTERVAL_YM') return 'number';
  return 'other';
};

/** True when JavaScript's own ===, < ... on the two values means what SQL comparison means. */
const nativelyComparable = (args: readonly BExpr[]): boolean => {
  const fams = new Set(args.map((a) => family(a.type)));
  fams.delete('null');
  return fams.size <= 1 && !fams.has('other');
};

/** Arithmetic the writer inlines as a JavaScript operator (DECIMAL and year-month intervals run as their closures). */
const inlineArithmetic = (e: BExpr & { kind: 'fn' }): boolean =>
  e.name in ARITH_OPS && e.type.name !== 'DECIMAL' && e.type.name !== 'INTERVAL_YM' && family(e.type) === 'number';

/** A structural key of an expression: equal keys mean the same computation on the same row. */
const exprKey = (e: BExpr): string => {
  const type = JSON.stringify(e.type);
  switch (e.kind) {
    case 'const': {
      const v = e.value;
      const text = typeof v === 'string' ? JSON.stringify(v) : Object.is(v, -0) ? '-0' : String(v);
      return `c:${typeof v}:${text}:${type}`;
    }
    case 'col': return `v${e.index}:${type}`;
    case 'rowtime': return 'rt';
    case 'fn': return `${e.name}:${e.unit ?? ''}:${type}(${e.args.map(exprKey).join(',')})`;
    case 'agg': return `a${e.index}:${type}`;
    case 'subquery': return `sq${subqueryId(e)}`;
  }
};

const subqueryIds = new WeakMap<BExpr, number>();
let nextSubqueryId = 0;
/** A subquery is keyed by identity (never shared by structure): it is neither hoistable nor cheap to compare. */
const subqueryId = (e: BExpr): number => {
  let id = subqueryIds.get(e);
  if (id === undefined) {
    id = nextSubqueryId++;
    subqueryIds.set(e, id);
  }
  return id;
};

const SAFE_OPS = new Set(['AND', 'OR', 'NOT', 'NEG', 'IS NULL', 'IS NOT NULL', 'IS TRUE', 'IS NOT TRUE', 'IS FALSE', 'IS NOT FALSE', 'COALESCE', 'NVL', 'MONOTONIC']);

/**
 * True when the generated code for `e` can neither throw nor have an effect, so computing it on a
 * path that would not have needed it changes nothing: column reads, native comparisons, boolean
 * logic and the arithmetic the writer inlines.
 */
const hoistable = (e: BExpr): boolean => {
  if (e.kind === 'const' || e.kind === 'col' || e.kind === 'rowtime') return true;
  if (e.kind !== 'fn') return false;
  const op = e.name;
  const safe = SAFE_OPS.has(op)
    || ((op in COMPARE_OPS || op === 'IN') && nativelyComparable(e.args))
    || inlineArithmetic(e);
  return safe && e.args.every(hoistable);
};

/** Keys of the hoistable column reads and calls that occur more than once in `exprs`. */
const repeatedHoistable = (exprs: readonly (BExpr | undefined)[]): Set<string> => {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const visit = (e: BExpr): void => {
    if (e.kind === 'fn') e.args.forEach(visit);
    if ((e.kind !== 'col' && e.kind !== 'fn') || !hoistable(e)) return;
    const key = exprKey(e);
    if (seen.has(key)) repeated.add(key);
    else seen.add(key);
  };
  for (const e of exprs) if (e !== undefined) visit(e);
  return repeated;
};

/**
 * Most CASE branches or IN items written inline: each nests one block in the generated source, and V8 overflows
 * its stack compiling thousands of nested blocks (at the first row). Longer ones run as their closure, a loop.
 */
const MAX_INLINE_BRANCHES = 64;

const divisionByZero = (what: string) => (): never => {
  throw new RowError('DIVISION_BY_ZERO', what);
};

/**
 * Writes one straight-line JavaScript function for a set of expressions, so V8 compiles a row's
 * whole evaluation as one unit instead of a tree of closure calls. SQL NULL logic and lazy
 * branches (CASE, AND, OR, COALESCE) are kept exactly; anything not generated here is evaluated
 * by its closure from `compileExpr`, which stays the reference semantics.
 */
class FunctionWriter {
  private readonly lines: string[] = [];
  /** Shared subexpressions, computed once at the top of the function (see `shared`). */
  private readonly prelude: string[] = [];
  private inPrelude = false;
  private readonly helpers: unknown[] = [];
  private temps = 0;
  /** Keys of the hoistable subexpressions that occur more than once, and the variable of each one computed. */
  private readonly shared: Set<string>;
  private readonly computed = new Map<string, string>();

  constructor(private readonly env: EvalEnv, exprs: readonly (BExpr | undefined)[]) {
    this.shared = repeatedHoistable(exprs);
  }

  private temp(): string {
    return `t${this.temps++}`;
  }

  private helper(value: unknown): string {
    this.helpers.push(value);
    return `h[${this.helpers.length - 1}]`;
  }

  private emit(line: string): void {
    (this.inPrelude ? this.prelude : this.lines).push(line);
  }

  private literal(v: SqlValue): string {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return JSON.stringify(v);
    return Number.isFinite(v) && !Object.is(v, -0) ? `(${String(v)})` : this.helper(v);
  }

  /** Appends the statements computing `e`; returns a variable or literal holding its value. */
  value(e: BExpr): string {
    // Keys are only worth computing (they cost a walk of the subtree) when something is shared.
    if (this.shared.size > 0 && (e.kind === 'col' || e.kind === 'fn')) {
      const key = exprKey(e);
      if (this.shared.has(key)) return this.computed.get(key) ?? this.hoist(e, key);
    }
    return this.compute(e);
  }

  /**
   * Computes a shared subexpression unconditionally in the prelude, its own shared parts first, so
   * that every later use (in any branch) reads one variable. Only expressions that cannot throw
   * and have no effects are shared, so computing one a branch would skip changes no result.
   */
  private hoist(e: BExpr, key: string): string {
    if (e.kind === 'fn') for (const a of e.args) this.hoistShared(a);
    const saved = this.inPrelude;
    this.inPrelude = true;
    const v = this.compute(e);
    this.inPrelude = saved;
    this.computed.set(key, v);
    return v;
  }

  private hoistShared(e: BExpr): void {
    if (e.kind !== 'col' && e.kind !== 'fn') return;
    const key = exprKey(e);
    if (this.shared.has(key)) {
      if (!this.computed.has(key)) this.hoist(e, key);
    } else if (e.kind === 'fn') for (const a of e.args) this.hoistShared(a);
  }

  private compute(e: BExpr): string {
    switch (e.kind) {
      case 'const': return this.literal(e.value);
      case 'rowtime': return 'r.rowtime';
      case 'col': {
        const t = this.temp();
        this.emit(`${t} = r.values[${e.index}] ?? null;`);
        return t;
      }
      case 'fn': return this.fn(e);
      default: return this.fallback(e);
    }
  }

  private fallback(e: BExpr): string {
    const ev = this.helper(compileExpr(e, this.env));
    const t = this.temp();
    this.emit(`${t} = ${ev}(r);`);
    return t;
  }

  /** `t = a === null ? null : <rest computed lazily from a>` */
  private unlessNull(a: string, body: (t: string) => void): string {
    const t = this.temp();
    this.emit(`if (${a} === null) ${t} = null; else {`);
    body(t);
    this.emit('}');
    return t;
  }

  private fn(e: BExpr & { kind: 'fn' }): string {
    const [x, y] = e.args as [BExpr, BExpr];
    const op = e.name;
    if (op in COMPARE_OPS) {
      if (!nativelyComparable(e.args)) return this.fallback(e);
      const a = this.value(x);
      return this.unlessNull(a, (t) => {
        const b = this.value(y);
        this.emit(`${t} = ${b} === null ? null : ${a} ${COMPARE_OPS[op]!} ${b};`);
      });
    }
    if (op in ARITH_OPS) {
      if (!inlineArithmetic(e)) return this.fallback(e);
      const trunc = isInteger(e.type) && op !== '-' && op !== 'TS_DIFF';
      const a = this.value(x);
      return this.unlessNull(a, (t) => {
        const b = this.value(y);
        const expr = `${a} ${ARITH_OPS[op]!} ${b}`;
        this.emit(`${t} = ${b} === null ? null : ${trunc ? `Math.trunc(${expr})` : expr};`);
      });
    }
    switch (op) {
      case '/': case 'IVDIV': {
        const a = this.value(x);
        const fail = this.helper(divisionByZero('division by zero'));
        return this.unlessNull(a, (t) => {
          const b = this.value(y);
          this.emit(`${t} = ${b} === null ? null : ${b} === 0 ? ${fail}() : ${a} / ${b};`);
        });
      }
      case 'NEG': {
        const a = this.value(x);
        const t = this.temp();
        this.emit(`${t} = ${a} === null ? null : -${a};`);
        return t;
      }
      case 'AND': case 'OR': {
        const stop = op === 'AND' ? 'false' : 'true';
        const a = this.value(x);
        const t = this.temp();
        this.emit(`if (${a} === ${stop}) ${t} = ${stop}; else {`);
        const b = this.value(y);
        this.emit(`${t} = ${b} === ${stop} ? ${stop} : ${a} === null || ${b} === null ? null : ${op === 'AND' ? 'true' : 'false'};`);
        this.emit('}');
        return t;
      }
      case 'NOT': {
        const a = this.value(x);
        const t = this.temp();
        this.emit(`${t} = ${a} === null ? null : !${a};`);
        return t;
      }
      case 'IS NULL': case 'IS NOT NULL': case 'IS TRUE': case 'IS NOT TRUE': case 'IS FALSE': case 'IS NOT FALSE': {
        const a = this.value(x);
        const [cmp, what] = op === 'IS NULL' ? ['===', 'null'] : op === 'IS NOT NULL' ? ['!==', 'null'] : [op.includes('NOT') ? '!==' : '===', op.endsWith('TRUE') ? 'true' : 'false'];
        const t = this.temp();
        this.emit(`${t} = ${a} ${cmp} ${what};`);
        return t;
      }
      case 'COALESCE': case 'NVL': return this.coalesce(e.args, 0, this.temp());
      // MONOTONIC only declares a property of its argument (SQL Reference, Monotonic Function).
      case 'MONOTONIC': return this.value(x);
      case 'CASE': return (e.args.length - 1) / 2 > MAX_INLINE_BRANCHES ? this.fallback(e) : this.caseWhen(e);
      case 'CAST': {
        const a = this.value(x);
        const cast = this.helper(castFn(x.type, e.type));
        const t = this.temp();
        this.emit(`${t} = ${cast}(${a});`);
        return t;
      }
      case 'IN': {
        if (!nativelyComparable(e.args) || e.args.length - 1 > MAX_INLINE_BRANCHES) return this.fallback(e);
        const a = this.value(x);
        const sawNull = this.temp();
        return this.unlessNull(a, (t) => {
          this.emit(`${sawNull} = false;`);
          const items = e.args.slice(1);
          items.forEach((item) => {
            const b = this.value(item);
            this.emit(`if (${b} !== null && ${a} === ${b}) ${t} = true; else {`);
            this.emit(`if (${b} === null) ${sawNull} = true;`);
          });
          this.emit(`${t} = ${sawNull} ? null : false;`);
          for (let i = 0; i < items.length; i++) this.emit('}');
        });
      }
      default: return this.fallback(e);
    }
  }

  private coalesce(args: readonly BExpr[], i: number, t: string): string {
    if (i >= args.length) {
      this.emit(`${t} = null;`);
      return t;
    }
    const a = this.value(args[i]!);
    this.emit(`if (${a} !== null) ${t} = ${a}; else {`);
    this.coalesce(args, i + 1, t);
    this.emit('}');
    return t;
  }

  private caseWhen(e: BExpr & { kind: 'fn' }): string {
    const t = this.temp();
    const branches = (e.args.length - 1) / 2;
    const branchValue = (arg: BExpr): void => {
      const v = this.value(arg);
      const widen = arg.type.name !== e.type.name && arg.type.name !== 'NULL' && isNumericWidening(arg.type, e.type);
      this.emit(widen ? `${t} = ${this.helper(castFn(arg.type, e.type))}(${v});` : `${t} = ${v};`);
    };
    for (let i = 0; i < branches; i++) {
      const c = this.value(e.args[2 * i]!);
      this.emit(`if (${c} === true) {`);
      branchValue(e.args[2 * i + 1]!);
      this.emit('} else {');
    }
    branchValue(e.args[e.args.length - 1]!);
    for (let i = 0; i < branches; i++) this.emit('}');
    return t;
  }

  /** The finished function: the emitted statements, then `tail`, over parameters `params`. */
  build<F>(tail: string, params: string): F {
    const decl = this.temps > 0 ? `let ${Array.from({ length: this.temps }, (_, i) => `t${i}`).join(', ')};\n` : '';
    const body = [...this.prelude, ...this.lines].join('\n');
    const source = `"use strict";\nreturn function generated(${params}) {\n${decl}${body}\n${tail}\n};`;
    // The source is generated from a typed plan; string literals are JSON-escaped, no identifier is user text.
    return new Function('h', source)(this.helpers) as F;
  }

  /** Starts a new output slot: statements after this belong to the next expression. */
  mark(line: string): void {
    this.emit(line);
  }
}

/** One expression as a generated function (same results and RowErrors as `compileExpr`). */
export const generateEvaluator = (e: BExpr, env: EvalEnv): Evaluator => {
  const w = new FunctionWriter(env, [e]);
  const v = w.value(e);
  return w.build<Evaluator>(`return ${v};`, 'r');
};

/**
 * Several expressions (undefined stands for COUNT(*)'s constant TRUE) as one generated function
 * that writes their values into `out`.
 */
export const generateMultiEvaluator = (exprs: readonly (BExpr | undefined)[], env: EvalEnv): MultiEvaluator => {
  const w = new FunctionWriter(env, exprs);
  exprs.forEach((e, i) => {
    const v = e === undefined ? 'true' : w.value(e);
    w.mark(`out[${i}] = ${v};`);
  });
  return w.build<MultiEvaluator>('', 'r, out');
};

/**
 * Folds one row's aggregate arguments (`values[offset + i]`) into a group's accumulators: its
 * numbers from `n[nb]`, its values from `o[ob]` (see AccLayout).
 */
export type Fold = (n: Float64Array, o: unknown[], nb: number, ob: number, values: readonly SqlValue[]) => void;

/**
 * The accumulator updates of a GROUP BY as one generated function over the group's slots (see
 * AccLayout). Each update is the same arithmetic as the aggregate's own `add`, in the same order.
 */
export const generateFold = (aggs: readonly AggCall[], layout: AccLayout, offset: number, distinct: DistinctTable): Fold => {
  const lines: string[] = [];
  aggs.forEach((a, i) => {
    const v = `values[${offset + i}]`;
    const { num, obj } = layout.slots[i]!;
    const k = `nb + ${num}`;
    const k1 = `nb + ${num + 1}`;
    const k2 = `nb + ${num + 2}`;
    const j = `ob + ${obj}`;
    // A COUNT(DISTINCT)'s values (SUM(DISTINCT)'s, ...) are owned by its count's position (see AccLayout).
    if (a.distinct && a.fn !== 'MIN' && a.fn !== 'MAX') lines.push(`if (${v} !== null && distinct.add(${k}, ${v})) n[${k}]++;`);
    else if (a.fn === 'COUNT') lines.push(`if (${v} !== null) n[${k}]++;`);
    else if (a.fn === 'SUM' || a.fn === 'AVG') lines.push(`if (${v} !== null) { n[${k}]++; n[${k1}] += ${v}; }`);
    else if (a.fn === 'MIN' || a.fn === 'MAX') lines.push(`if (${v} !== null) { const c = o[${j}]; if (c === null || ${v} ${a.fn === 'MIN' ? '<' : '>'} c) o[${j}] = ${v}; }`);
    else {
      // Welford's update, as in aggregates.ts: count, mean, sum of squared deviations.
      lines.push(`if (${v} !== null) { const x = ${v}; const c = n[${k}] + 1; const mean = n[${k1}]; const d = x - mean; const nm = mean + d / c; n[${k}] = c; n[${k1}] = nm; n[${k2}] = n[${k2}] + d * (x - nm); }`);
    }
  });
  const source = `"use strict";\nreturn function fold(n, o, nb, ob, values) {\n${lines.join('\n')}\n};`;
  // Generated from the typed aggregate list: no user text reaches the source.
  return new Function('distinct', source)(distinct) as Fold;
};
