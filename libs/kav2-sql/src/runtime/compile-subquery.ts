import { type BExpr } from '../analyzer/bound';
import { type SqlType, type SqlValue, DATETIME_TYPES, STRING_TYPES } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { castFn } from './cast';
import { CompositeKeyMap } from './composite-key-map';
import { sameKey } from './key-hash';
import { type Evaluator } from './compile-expr';
import { type EvalEnv, type Row } from './row';

type Compile = (e: BExpr, env: EvalEnv) => Evaluator;
type TableRow = readonly SqlValue[];

/** A character value compared with a datetime is read as a datetime, whichever side it is on (as `=` reads it). */
const comparisonCast = (own: SqlType, other: SqlType): ((v: SqlValue) => SqlValue) | undefined =>
  STRING_TYPES.has(own.name) && DATETIME_TYPES.has(other.name) ? castFn(own, other) : undefined;

const withCast = (ev: Evaluator, cast: ((v: SqlValue) => SqlValue) | undefined): Evaluator => (cast ? (r) => cast(ev(r)) : ev);

/**
 * `(v1, ..., vn) = (r1, ..., rn)` in three-valued logic (SQL:2008, row value comparison): FALSE when a pair of
 * non-NULL fields differs, otherwise NULL when a field on either side is NULL, otherwise TRUE. Fields compare as the
 * MemberSet's keys do (sameKey), so a scan and a lookup agree.
 */
const compareRow = (v: readonly SqlValue[], r: readonly SqlValue[]): boolean | null => {
  let unknown = false;
  for (let i = 0; i < v.length; i++) {
    const a = v[i]!;
    const b = r[i]!;
    if (a === null || b === null) unknown = true;
    else if (!sameKey(a, b)) return false;
  }
  return unknown ? null : true;
};

/**
 * The rows of an uncorrelated IN subquery, built once: rows without a NULL are looked up, and only a tested value
 * that is not found looks further, for a row that makes the answer NULL instead of FALSE.
 */
class MemberSet {
  private readonly exact: CompositeKeyMap<true>;
  private readonly rows: (readonly SqlValue[])[] = [];
  private readonly withNull: (readonly SqlValue[])[] = [];

  constructor(width: number) {
    this.exact = new CompositeKeyMap(Array.from({ length: width }, (_, i) => i));
  }

  add(t: readonly SqlValue[]): void {
    this.rows.push(t);
    if (t.includes(null)) this.withNull.push(t);
    else this.exact.set(t, true);
  }

  /** `v IN (the rows)`: TRUE when a row equals v, NULL when none does but one may (a NULL on either side), else FALSE. */
  test(v: readonly SqlValue[]): boolean | null {
    if (this.rows.length === 0) return false;
    const vNull = v.includes(null);
    if (!vNull && this.exact.get(v) !== undefined) return true;
    if (vNull && v.length === 1) return null;
    const rest = vNull ? this.rows : this.withNull;
    for (const r of rest) if (compareRow(v, r) === null) return null;
    return false;
  }
}

/**
 * Compiles `IN (SELECT ...)` / `EXISTS (SELECT ...)` over a reference table (see BoundSubquery). Tables do not change
 * while the application runs, so an uncorrelated subquery is evaluated once, at its first row (not at compile time,
 * so that a value the table cannot give, say a failing CAST, is that row's error, on error_stream, like any other).
 * A correlated one runs per outer row, over the rows its equality correlation finds in an index built on first use,
 * or over the whole table when WHERE has no such correlation; so does one that reads the clock (CURRENT_ROW_TIMESTAMP).
 */
export const compileSubquery = (e: BExpr & { kind: 'subquery' }, env: EvalEnv, compile: Compile): Evaluator => {
  const q = e.query;
  const table = env.tables?.get(q.table);
  if (!table) throw new SqlError('KAV2_INVALID_STATE', `internal: reference table ${q.table} is not loaded`);
  const width = q.width;
  const params = e.params.map((p) => compile(p, env));
  const where = q.where ? compile(q.where, env) : undefined;
  // The one row the subquery's expressions read: a table row's values, then the outer values.
  const scratch: Row = { rowtime: 0, values: new Array<SqlValue>(width + params.length).fill(null) };
  const load = (row: TableRow): void => {
    for (let i = 0; i < width; i++) scratch.values[i] = row[i] ?? null;
  };
  const passes = (row: TableRow): boolean => {
    load(row);
    return where === undefined || where(scratch) === true;
  };
  const setOuter = (r: Row): void => {
    for (let i = 0; i < params.length; i++) scratch.values[width + i] = params[i]!(r);
    scratch.rowtime = r.rowtime;
  };
  const correlated = params.length > 0 || q.perRow === true;
  const candidates = correlatedRows(q.keys[0], params.length > 0, table, scratch, load, (x) => compile(x, env));

  if (e.test === 'EXISTS') {
    const any = (rows: readonly TableRow[]): boolean => {
      for (const row of rows) if (passes(row)) return true;
      return false;
    };
    if (!correlated) {
      let known: boolean | undefined;
      return () => (known ??= any(table));
    }
    return (r) => {
      setOuter(r);
      return any(candidates());
    };
  }

  const outputs = q.outputs.map((o, i) => withCast(compile(o, env), comparisonCast(o.type, e.operands[i]!.type)));
  const operands = e.operands.map((o, i) => withCast(compile(o, env), comparisonCast(o.type, q.outputs[i]!.type)));
  const tested = new Array<SqlValue>(operands.length).fill(null);
  const readTested = (r: Row): void => {
    for (let i = 0; i < operands.length; i++) tested[i] = operands[i]!(r);
  };
  if (!correlated) {
    let set: MemberSet | undefined;
    const build = (): MemberSet => {
      const s = new MemberSet(outputs.length);
      for (const row of table) if (passes(row)) s.add(outputs.map((o) => o(scratch)));
      return s;
    };
    return (r) => {
      readTested(r);
      return (set ??= build()).test(tested);
    };
  }
  const value = new Array<SqlValue>(outputs.length).fill(null);
  return (r) => {
    readTested(r);
    setOuter(r);
    let any = false;
    let unknown = false;
    for (const row of candidates()) {
      if (!passes(row)) continue;
      any = true;
      for (let i = 0; i < outputs.length; i++) value[i] = outputs[i]!(scratch);
      const c = compareRow(tested, value);
      if (c === true) return true;
      if (c === null) unknown = true;
    }
    return any && unknown ? null : false;
  };
};

/**
 * The table rows that may pass WHERE for the outer row whose values are in `scratch`: those whose `key.inner` equals
 * its `key.outer` (a NULL equals nothing), found in a Map from key to rows built at first use; every row otherwise.
 */
const correlatedRows = (
  key: { readonly inner: BExpr; readonly outer: BExpr } | undefined, correlated: boolean, table: readonly TableRow[],
  scratch: Row, load: (row: TableRow) => void, compile: (e: BExpr) => Evaluator,
): (() => readonly TableRow[]) => {
  if (!key || !correlated) return () => table;
  const inner = compile(key.inner);
  const outer = compile(key.outer);
  let index: Map<SqlValue, TableRow[]> | undefined;
  const build = (): Map<SqlValue, TableRow[]> => {
    const m = new Map<SqlValue, TableRow[]>();
    for (const row of table) {
      load(row);
      const k = inner(scratch);
      if (k === null) continue;
      const rows = m.get(k);
      if (rows) rows.push(row);
      else m.set(k, [row]);
    }
    return m;
  };
  const none: readonly TableRow[] = [];
  return () => {
    const k = outer(scratch);
    if (k === null) return none;
    return (index ??= build()).get(k) ?? none;
  };
};
