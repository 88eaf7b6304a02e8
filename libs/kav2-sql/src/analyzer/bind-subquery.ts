import { assertNever } from '@surv/domain';
import { SqlError, unsupported, type SourcePos } from '../errors';
import { type Expr, type QueryExpr } from '../parser/ast';
import { type BExpr, type StreamDef } from './bound';
import { type BoundSubquery } from './bound-subquery';
import { equiKeys } from './bind-join';
import { exprKey } from './expr-analysis';
import { type Column, formatType } from './sql-type';

/** Resolves a name the subquery does not have: the outer query's column (or ROWTIME) it names, as a value of the subquery's row. */
export type OuterResolver = (parts: readonly string[], pos: SourcePos) => BExpr;

/** What binding an IN / EXISTS subquery needs from the binder. */
export interface SubqueryBindEnv {
  readonly tables: ReadonlyMap<string, StreamDef>;
  readonly streams: ReadonlyMap<string, StreamDef>;
  /** Binds one of the subquery's expressions over the table's columns (named by `qualifier`), other names through `outer`. */
  bindExpr(e: Expr, columns: readonly Column[], qualifier: string, outer: OuterResolver, clause: string): BExpr;
  /** Resolves a name against the query around the subquery (which may itself be a subquery). */
  resolveOuter(parts: readonly string[], pos: SourcePos): BExpr;
}

/** The bound subquery and the outer expressions it reads (see BoundSubquery). */
export interface BoundSubquerySource {
  readonly query: BoundSubquery;
  readonly params: readonly BExpr[];
}

const invalid = (msg: string, pos: SourcePos): SqlError => new SqlError('KAV2_INVALID_ARGUMENT', msg, pos);

/**
 * A subquery over a stream is refused by name: IN and EXISTS test a finished set of rows, and a stream never finishes
 * (a stream is matched with a stream by a windowed JOIN).
 */
const needsTable = (what: string, source: string, pos: SourcePos): SqlError =>
  invalid(`${what} needs an in-application reference table in FROM, but ${source}: an infinite stream is never complete, so it cannot be the set of rows ${what} tests (JOIN the streams with a window instead)`, pos);

/** Whether an expression reads CURRENT_ROW_TIMESTAMP, in a nested subquery too. */
const readsClock = (e: BExpr): boolean => {
  switch (e.kind) {
    case 'const': case 'col': case 'rowtime': case 'agg': return false;
    case 'fn': return e.name === 'CURRENT_ROW_TIMESTAMP' || e.args.some(readsClock);
    case 'subquery': return e.query.perRow === true || [...e.operands, ...e.params].some(readsClock);
    default: return assertNever(e, 'bound expression');
  }
};

/** The `table-side = outer-side` conjuncts of `where` whose values can key a Map (see BoundSubquery.keys): a join's equi-keys, the table being its left side. */
const correlationKeys = (where: BExpr | undefined, width: number): BoundSubquery['keys'] =>
  equiKeys(where, width).map((k) => ({ inner: k.left, outer: k.right }));

/**
 * Binds the query of `IN (SELECT ...)` or `EXISTS (SELECT ...)` (SQL Reference, Streaming SQL Operators): a SELECT
 * of one in-application reference table with an optional WHERE, which may refer to the outer query's columns
 * (a correlated subquery). Tables are static once the application runs, so the set of rows is a lookup.
 */
export const bindSubquery = (test: 'IN' | 'EXISTS', query: QueryExpr, env: SubqueryBindEnv): BoundSubquerySource => {
  const what = `${test} (subquery)`;
  if (query.kind === 'union') throw unsupported(`UNION ALL in ${what} (the subquery reads one reference table)`, query.unionPos[0]!);
  const q = query;
  if (q.joins?.length) throw unsupported(`a JOIN in ${what} (the subquery reads one reference table)`, q.joins[0]!.pos);
  const from = q.from;
  if (from.kind === 'subquery') throw needsTable(what, 'it reads a subquery', from.pos);
  if (from.kind === 'tableFunction') throw needsTable(what, `it reads table function ${from.name} over a stream`, from.pos);
  const table = env.tables.get(from.name);
  if (!table) {
    if (env.streams.has(from.name)) throw needsTable(what, `${from.name} is a stream`, from.pos);
    throw new SqlError('KAV2_UNKNOWN_STREAM', `unknown reference table ${from.name} in ${what}`, from.pos);
  }
  if (q.stream) throw invalid(`SELECT STREAM in ${what}: ${table.name} is a reference table, a relation, not a stream; write SELECT`, q.pos);
  if (from.window) throw invalid(`reference table ${table.name} cannot have a window: OVER applies to streams`, from.window.pos);
  if (q.stagger) throw unsupported(`WINDOWED BY in ${what}`, q.stagger.pos);
  if (q.groupBy.length > 0) throw unsupported(`GROUP BY in ${what}`, q.groupBy[0]!.pos);
  if (q.having) throw unsupported(`HAVING in ${what}`, q.havingPos ?? q.having.pos);
  if (q.windows.length > 0) throw unsupported(`WINDOW in ${what}`, q.windows[0]!.spec.pos);
  if (q.orderBy) throw unsupported(`ORDER BY in ${what} (the rows are a set)`, q.orderBy.pos);

  const qualifier = from.alias ?? table.name;
  let columns: readonly Column[] = table.columns;
  if (from.columnAliases) {
    const aliases = from.columnAliases;
    if (aliases.length !== columns.length) {
      throw new SqlError('KAV2_TYPE_MISMATCH', `${qualifier}(${aliases.join(', ')}) names ${aliases.length} columns but reference table ${table.name} has ${columns.length}`, from.pos);
    }
    columns = columns.map((c, i) => ({ ...c, name: aliases[i]! }));
  }
  const width = columns.length;
  const params: BExpr[] = [];
  const paramKeys: string[] = [];
  // An outer name becomes a value after the table row's: one slot per distinct outer expression.
  const outer: OuterResolver = (parts, pos) => {
    const b = env.resolveOuter(parts, pos);
    const key = exprKey(b);
    let i = paramKeys.indexOf(key);
    if (i < 0) {
      i = params.length;
      params.push(b);
      paramKeys.push(key);
    }
    return { kind: 'col', index: width + i, name: parts.join('.'), type: b.type, pos };
  };
  const bind = (e: Expr, clause: string): BExpr => env.bindExpr(e, columns, qualifier, outer, `${clause} of ${what}`);

  const where = q.where ? bind(q.where, 'the WHERE') : undefined;
  if (where && where.type.name !== 'BOOLEAN' && where.type.name !== 'NULL') {
    throw new SqlError('KAV2_TYPE_MISMATCH', `expected a BOOLEAN but got ${formatType(where.type)}`, q.where!.pos);
  }
  const outputs: BExpr[] = [];
  for (const it of q.items) {
    if (it.kind === 'expr') {
      outputs.push(bind(it.expr, 'the SELECT list'));
      continue;
    }
    if (it.qualifier !== undefined && it.qualifier !== qualifier) throw new SqlError('KAV2_UNKNOWN_STREAM', `unknown stream or alias ${it.qualifier} in ${what}`, it.pos);
    columns.forEach((c, index) => outputs.push({ kind: 'col', index, name: c.name, type: c.type, pos: it.pos }));
  }
  // EXISTS reads no value of its rows; its SELECT list is bound only so that a wrong name in it is reported.
  const perRow = (where !== undefined && readsClock(where)) || outputs.some(readsClock);
  const bound: BoundSubquery = {
    table: table.name, width, ...(where ? { where } : {}), outputs: test === 'IN' ? outputs : [], keys: correlationKeys(where, width),
    ...(perRow ? { perRow: true as const } : {}),
  };
  return { query: bound, params };
};
