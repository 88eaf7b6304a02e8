import { assertNever } from '@surv/domain';
import { SqlError, unsupported, type SourcePos } from '../errors';
import { type Expr, type FromItem, type JoinClause, type Query, type WindowSpec } from '../parser/ast';
import { type BExpr, type StreamDef } from './bound';
import { type BoundJoin, type BoundJoinSide, type JoinWindow, sideWidth } from './bound-join';
import { type Column, type SqlType, DATETIME_TYPES, NUMERIC_TYPES, STRING_TYPES, t } from './sql-type';

/** A column of a query's scope; hidden columns (a side's ROWTIME) are reachable only qualified. */
export interface JoinScopeColumn extends Column {
  readonly qualifier?: string;
  readonly hidden?: boolean;
  /**
   * The other side's copy of a JOIN ... USING / NATURAL JOIN column: reachable qualified (`b.c`, `b.*`), while an
   * unqualified `c` and `*` see the column once, through the side that keeps its rows.
   */
  readonly merged?: boolean;
}

/** What binding a join needs from the binder. */
export interface JoinBindEnv {
  readonly streams: ReadonlyMap<string, StreamDef>;
  readonly tables: ReadonlyMap<string, StreamDef>;
  readonly windows: ReadonlyMap<string, WindowSpec>;
  /** Binds the ON condition over the joined scope (a BOOLEAN, no aggregates). */
  bindCondition(e: Expr, columns: readonly JoinScopeColumn[], qualifiers: ReadonlySet<string>, synonyms: ReadonlyMap<string, string>): BExpr;
  /** Resolves `OVER w` against the WINDOW clause. */
  resolveWindow(spec: WindowSpec): WindowSpec;
  /** Milliseconds of a RANGE interval. */
  intervalMs(e: Expr & { kind: 'interval' }): number;
}

/** The FROM ... JOIN of a query, bound: the join, and the scope its other clauses see. */
export interface BoundJoinSource {
  readonly join: BoundJoin;
  readonly columns: readonly JoinScopeColumn[];
  readonly qualifiers: ReadonlySet<string>;
  /** Other names of a qualifier: the window name of an unaliased `stream OVER w` (see bindSide). */
  readonly synonyms: ReadonlyMap<string, string>;
  /** What an unqualified `*` expands to, when USING / NATURAL puts the shared columns first (SQL standard). */
  readonly star?: readonly number[];
}

const invalid = (msg: string, pos: SourcePos): SqlError => new SqlError('KAV2_INVALID_ARGUMENT', msg, pos);

const joinWindow = (item: FromItem & { kind: 'stream' }, env: JoinBindEnv): JoinWindow => {
  if (!item.window) return { kind: 'current' };
  const spec = env.resolveWindow(item.window);
  if (spec.partitionBy.length > 0) throw unsupported('PARTITION BY in the window of a joined stream', spec.pos);
  if (spec.orderBy.some((o) => !(o.kind === 'ident' && o.parts.at(-1) === 'ROWTIME'))) {
    throw unsupported('ORDER BY other than ROWTIME in the window of a joined stream', spec.pos);
  }
  if (!spec.frame) throw unsupported('a joined stream window without RANGE or ROWS (an unbounded window)', spec.pos);
  if (spec.frame.kind === 'rows') return { kind: 'rows', count: spec.frame.count };
  const ms = env.intervalMs(spec.frame.interval);
  // A join window ends RANGE after a row, exclusive, so a zero-width one would never hold rows of the same instant.
  if (ms === 0) throw unsupported('a zero-width RANGE window (RANGE CURRENT ROW or RANGE INTERVAL \'0\' ... PRECEDING) on a joined stream', spec.frame.pos);
  return { kind: 'range', ms };
};

const bindSide = (item: FromItem, offset: number, env: JoinBindEnv): { side: BoundJoinSide; qualifier: string; synonym?: string } => {
  if (item.kind !== 'stream') {
    throw unsupported(`a ${item.kind === 'subquery' ? 'subquery' : 'table function'} as a JOIN input (insert it into an in-application stream with a pump and join that stream)`, item.pos);
  }
  const qualifier = item.alias ?? item.name;
  const table = env.tables.get(item.name);
  if (table) {
    if (item.window) throw invalid(`reference table ${item.name} cannot have a window: OVER applies to streams`, item.window.pos);
    return { side: { kind: 'table', name: table.name, columns: table.columns, offset }, qualifier };
  }
  const stream = env.streams.get(item.name);
  if (!stream) throw new SqlError('KAV2_UNKNOWN_STREAM', `unknown stream or reference table ${item.name}`, item.pos);
  const side: BoundJoinSide = { kind: 'stream', name: stream.name, columns: stream.columns, offset, window: joinWindow(item, env) };
  // The Developer Guide's Stream Joins page writes `JOIN TradeStream OVER t ON o.orderId = t.orderId ... WINDOW t AS
  // (...)`: an unaliased stream windowed by a named window is also reachable by the window's name.
  return { side, qualifier, ...(!item.alias && item.window?.ref ? { synonym: item.window.ref } : {}) };
};

type Family = 'number' | 'string' | 'boolean' | 'datetime' | 'other';
/** Values of one family (but 'other') compare as SQL `=` does when compared as JavaScript values, so they can key a Map. */
export const keyFamily = (ty: SqlType): Family =>
  NUMERIC_TYPES.has(ty.name) ? 'number' : STRING_TYPES.has(ty.name) ? 'string' : ty.name === 'BOOLEAN' ? 'boolean' : DATETIME_TYPES.has(ty.name) ? 'datetime' : 'other';

/** Which sides an expression reads: bit 1 left, bit 2 right, bit 4 the output ROWTIME or anything unknown. */
const sidesOf = (e: BExpr, leftWidth: number): number => {
  switch (e.kind) {
    case 'const': return 0;
    case 'col': return e.index < leftWidth ? 1 : 2;
    case 'rowtime': case 'agg': return 4;
    case 'fn': return e.args.reduce((m, a) => m | sidesOf(a, leftWidth), 0);
    case 'subquery': return [...e.operands, ...e.params].reduce((m, a) => m | sidesOf(a, leftWidth), 0);
    default: return assertNever(e, 'bound expression');
  }
};

/**
 * `a = b` conjuncts where each operand reads one side only and both compare like JavaScript values
 * (same type family), so rows can be looked up by key; the whole condition is still evaluated on
 * every candidate pair, so keys only narrow the search.
 */
export const equiKeys = (cond: BExpr | undefined, leftWidth: number): BoundJoin['keys'] => {
  const keys: { left: BExpr; right: BExpr }[] = [];
  const walk = (e: BExpr): void => {
    if (e.kind !== 'fn') return;
    if (e.name === 'AND') {
      e.args.forEach(walk);
      return;
    }
    if (e.name !== '=' || e.args.length !== 2) return;
    const [a, b] = e.args as [BExpr, BExpr];
    const fa = keyFamily(a.type);
    if (fa === 'other' || fa !== keyFamily(b.type)) return;
    const sa = sidesOf(a, leftWidth);
    const sb = sidesOf(b, leftWidth);
    if (sa === 1 && sb === 2) keys.push({ left: a, right: b });
    else if (sa === 2 && sb === 1) keys.push({ left: b, right: a });
  };
  if (cond) walk(cond);
  return keys;
};

/**
 * Binds `FROM a [OVER (...)] JOIN b [OVER (...)] ON ...` (KDA JOIN clause): a stream joined to a
 * stream (at least one side windowed) or to a reference table.
 */
export const bindJoinSource = (q: Query, env: JoinBindEnv): BoundJoinSource => {
  const joins = q.joins!;
  if (joins.length > 1) {
    throw unsupported('more than one JOIN in a query (join two inputs per pump and join the result stream in the next pump)', joins[1]!.pos);
  }
  const clause: JoinClause = joins[0]!;
  const l = bindSide(q.from, 0, env);
  const r = bindSide(clause.item, sideWidth(l.side), env);
  if (l.qualifier === r.qualifier) throw new SqlError('KAV2_DUPLICATE_NAME', `both sides of the JOIN are named ${l.qualifier}; give one an alias`, clause.item.pos);
  const left = l.side;
  const right = r.side;
  if (left.kind === 'table' && right.kind === 'table') {
    throw unsupported('a JOIN of two reference tables (KDA joins a reference table to a stream)', clause.pos);
  }
  if (left.kind === 'stream' && right.kind === 'stream' && left.window.kind === 'current' && right.window.kind === 'current') {
    throw invalid(
      'a stream-to-stream JOIN needs a window on at least one stream: KDA requires restricting at least one side with OVER (RANGE INTERVAL ... PRECEDING) or OVER (ROWS n PRECEDING)',
      clause.pos,
    );
  }
  const tableSide = left.kind === 'table' ? left : right.kind === 'table' ? right : undefined;
  if (tableSide) {
    const streamSide = tableSide === left ? right : left;
    if (streamSide.kind === 'stream' && streamSide.window.kind !== 'current') {
      throw unsupported('a window on the stream side of a stream-to-table JOIN (each stream row is looked up in the table as it arrives)', clause.pos);
    }
    const keepsTable = clause.type === 'FULL' || (clause.type === 'LEFT' && tableSide === left) || (clause.type === 'RIGHT' && tableSide === right);
    if (keepsTable) {
      throw unsupported(`a ${clause.type} OUTER JOIN that keeps unmatched reference-table rows (a table row has no time at which it stops matching)`, clause.pos);
    }
  }
  const columns: JoinScopeColumn[] = [];
  for (const [side, qualifier] of [[left, l.qualifier], [right, r.qualifier]] as const) {
    for (const c of side.columns) columns.push({ ...c, qualifier });
    if (side.kind === 'stream') columns.push({ name: 'ROWTIME', type: t('TIMESTAMP'), qualifier, hidden: true });
  }
  const qualifiers = new Set([l.qualifier, r.qualifier]);
  const synonyms = new Map<string, string>();
  for (const s of [l, r]) if (s.synonym && !qualifiers.has(s.synonym)) synonyms.set(s.synonym, s.qualifier);
  if (l.synonym && l.synonym === r.synonym) synonyms.delete(l.synonym);
  const shared = sharedColumns(clause, left, right, l.qualifier, r.qualifier);
  const on = shared ? usingCondition(shared, l.qualifier, r.qualifier, clause.using?.pos ?? clause.pos) : clause.on;
  const condition = on ? env.bindCondition(on, columns, qualifiers, synonyms)
    : clause.comma && q.where ? commaCondition(q.where, (e) => env.bindCondition(e, columns, qualifiers, synonyms), sideWidth(left)) : undefined;
  const join: BoundJoin = { type: clause.type, left, right, ...(condition ? { condition } : {}), keys: equiKeys(condition, sideWidth(left)) };
  if (!shared) return { join, columns, qualifiers, synonyms };
  // The side whose rows a RIGHT JOIN keeps carries the shared columns; otherwise the left side does.
  const keptOffset = clause.type === 'RIGHT' ? right.offset : left.offset;
  const otherOffset = clause.type === 'RIGHT' ? left.offset : right.offset;
  const keptIdx = new Set(shared.map((sc) => keptOffset + (clause.type === 'RIGHT' ? sc.right : sc.left)));
  const mergedIdx = new Set(shared.map((sc) => otherOffset + (clause.type === 'RIGHT' ? sc.left : sc.right)));
  const merged = columns.map((c, i) => (mergedIdx.has(i) ? { ...c, merged: true } : c));
  const visible = (i: number): boolean => !merged[i]!.hidden && !merged[i]!.merged && !keptIdx.has(i);
  const star = [...keptIdx, ...merged.map((_, i) => i).filter(visible)];
  return { join, columns: merged, qualifiers, synonyms, star };
};

/**
 * The conditions of a comma join's WHERE that compare one side with the other (`s.k = t.k`), ANDed: the join looks
 * rows up by them instead of pairing every row with every other. WHERE still filters the joined rows as written, so
 * a conjunct left out (or one that does not bind here: WHERE reports it) changes nothing but speed.
 */
const commaCondition = (where: Expr, bindCond: (e: Expr) => BExpr, leftWidth: number): BExpr | undefined => {
  const conjuncts: Expr[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'binary' && e.op === 'AND') {
      walk(e.left);
      walk(e.right);
    } else if (e.kind === 'binary' && e.op === '=') conjuncts.push(e);
  };
  walk(where);
  const bound: BExpr[] = [];
  for (const c of conjuncts) {
    let b: BExpr;
    try {
      b = bindCond(c);
    } catch (err) {
      if (err instanceof SqlError) continue;
      throw err;
    }
    if (equiKeys(b, leftWidth).length === 1) bound.push(b);
  }
  if (bound.length === 0) return undefined;
  return bound.slice(1).reduce<BExpr>((acc, b) => ({ kind: 'fn', name: 'AND', args: [acc, b], type: t('BOOLEAN') }), bound[0]!);
};

/** A column of USING / NATURAL: its name and its index on each side. */
interface SharedColumn { readonly name: string; readonly left: number; readonly right: number }

/**
 * The columns a JOIN ... USING (c, ...) names, or every column name both sides have for NATURAL JOIN (FROM clause
 * page); undefined for ON and CROSS JOIN.
 */
const sharedColumns = (clause: JoinClause, left: BoundJoinSide, right: BoundJoinSide, lq: string, rq: string): SharedColumn[] | undefined => {
  if (!clause.using && !clause.natural) return undefined;
  if (clause.type === 'FULL') {
    throw unsupported(`a FULL OUTER JOIN with ${clause.natural ? 'NATURAL' : 'USING'} (its shared columns would be COALESCE of both sides; write ON and select COALESCE(a.c, b.c))`, clause.using?.pos ?? clause.pos);
  }
  const idx = (side: BoundJoinSide, name: string): number => side.columns.findIndex((c) => c.name === name);
  if (clause.natural) {
    return left.columns.filter((c) => idx(right, c.name) >= 0).map((c) => ({ name: c.name, left: idx(left, c.name), right: idx(right, c.name) }));
  }
  const using = clause.using!;
  const seen = new Set<string>();
  return using.names.map((name) => {
    if (seen.has(name)) throw new SqlError('KAV2_DUPLICATE_NAME', `column ${name} is named twice in USING`, using.pos);
    seen.add(name);
    const [li, ri] = [idx(left, name), idx(right, name)];
    if (li < 0 || ri < 0) throw new SqlError('KAV2_UNKNOWN_COLUMN', `USING column ${name} is not a column of ${li < 0 ? lq : rq}`, using.pos);
    return { name, left: li, right: ri };
  });
};

/** `l.c1 = r.c1 AND ...`, the condition USING / NATURAL stand for; TRUE when NATURAL finds no shared column. */
const usingCondition = (shared: readonly SharedColumn[], lq: string, rq: string, pos: SourcePos): Expr => {
  const eq = (sc: SharedColumn): Expr => ({
    kind: 'binary', op: '=', pos,
    left: { kind: 'ident', parts: [lq, sc.name], pos },
    right: { kind: 'ident', parts: [rq, sc.name], pos },
  });
  if (shared.length === 0) return { kind: 'literal', value: true, literalType: 'BOOLEAN', pos };
  return shared.slice(1).reduce<Expr>((acc, sc) => ({ kind: 'binary', op: 'AND', left: acc, right: eq(sc), pos }), eq(shared[0]!));
};
