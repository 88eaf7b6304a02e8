import { assertNever } from '@surv/domain';
import { SqlError, type SourcePos } from '../errors';
import { type Expr, type OrderBy, type SortItem } from '../parser/ast';
import { type BExpr } from './bound';
import { type BoundOrderBy, type BoundSortKey, type SortClose } from './bound-order';
import { exprKey, monotoneInRowtime, refsRowtimeOnly } from './expr-analysis';
import { formatType } from './sql-type';

/** An expression bound over the query's input (`written`) and over the row the SELECT list reads (`evaluated`). */
export interface Bound {
  readonly written: BExpr;
  readonly evaluated: BExpr;
}

/** What binding an ORDER BY needs from the query around it. */
export interface OrderBindEnv {
  /**
   * The select list (after `*` is expanded): each item's output name, its expression as written (absent for a
   * union's columns) and bound as `bind` binds.
   */
  readonly items: readonly ({ readonly name: string; readonly expr?: Expr } & Bound)[];
  /**
   * Binds an expression as a select item is bound: `written` over the query's input, `evaluated` over the row
   * the SELECT list reads (after GROUP BY, keys and aggregates are columns of the aggregated row).
   */
  bind(e: Expr): Bound;
  /** Index into `items` of the item that sets ROWTIME (an item named ROWTIME), if any. */
  readonly rowtimeItem?: number;
  /** Column of the aggregated row holding the window of a tumbling GROUP BY on ROWTIME, if the query has one. */
  readonly windowColumn?: number;
  /** SELECT DISTINCT: ORDER BY may only name select items. */
  readonly distinct: boolean;
  /** Milliseconds of an interval literal. */
  intervalMs(e: Expr & { kind: 'interval' }): number;
}

const invalid = (msg: string, pos: SourcePos): SqlError => new SqlError('KAV2_INVALID_ARGUMENT', msg, pos);

/** Structural key of an expression as written (positions left out). */
const astKey = (e: Expr): string => JSON.stringify(e, (k, v: unknown) => (k === 'pos' ? undefined : v));

/** The first unqualified ROWTIME in an expression as written, if any. */
const unqualifiedRowtime = (e: Expr): SourcePos | undefined => {
  const first = (...xs: (Expr | undefined)[]): SourcePos | undefined => {
    for (const x of xs) {
      const p = x === undefined ? undefined : unqualifiedRowtime(x);
      if (p) return p;
    }
    return undefined;
  };
  switch (e.kind) {
    case 'ident': return e.parts.length === 1 && e.parts[0] === 'ROWTIME' ? e.pos : undefined;
    case 'literal': case 'typedLiteral': case 'interval': return undefined;
    case 'unary': case 'isNull': case 'isBool': case 'cast': case 'intervalCast': case 'field': return unqualifiedRowtime(e.operand);
    case 'binary': return first(e.left, e.right);
    case 'like': return first(e.operand, e.pattern, e.escape);
    case 'in': return first(e.operand, ...e.list);
    // Only a subquery's operands are written in this query's terms.
    case 'inQuery': return first(...e.operands);
    case 'exists': return undefined;
    case 'between': return first(e.operand, e.low, e.high);
    case 'case': return first(e.operand, ...e.whens.flatMap((w) => [w.when, w.then]), e.otherwise);
    case 'call': return first(...e.args);
    case 'temporal': return first(...e.operands);
    default: return assertNever(e, 'expression');
  }
};

/**
 * The select item an ORDER BY item names, if it names one: an ordinal (`ORDER BY 2`: "ordinals specifying the
 * position of items in the select list", ORDER BY clause page) or an output name. Otherwise the item is an
 * expression over the query's input ("does not require that columns/expressions in the ORDER BY clause be
 * present in the SELECT list").
 */
const selectItemOf = (item: SortItem, env: OrderBindEnv): number | undefined => {
  const e = item.expr;
  if (e.kind === 'literal' && e.literalType === 'INTEGER') {
    const k = e.value as number;
    if (k < 1 || k > env.items.length) throw invalid(`ORDER BY ${k}: the select list has ${env.items.length} items`, e.pos);
    return k - 1;
  }
  if (e.kind === 'ident' && e.parts.length === 1) {
    const hits = env.items.flatMap((it, i) => (it.name === e.parts[0] ? [i] : []));
    if (hits.length > 1) throw new SqlError('KAV2_AMBIGUOUS_COLUMN', `ORDER BY ${e.parts[0]}: ${hits.length} select items are named so`, e.pos);
    if (hits.length === 1) return hits[0];
  }
  // The same expression as a select item (`ORDER BY SUM(amount)` after `SELECT ... SUM(amount)`) is that item.
  const key = astKey(e);
  const same = env.items.findIndex((it) => it.expr !== undefined && astKey(it.expr) === key);
  return same >= 0 ? same : undefined;
};

/**
 * Binds the ORDER BY of a streaming query. A streaming ORDER BY "can use ORDER BY if its leading expression is
 * time-based and monotonic" (ORDER BY clause page: `SELECT STREAM DISTINCT ticker FROM trades ORDER BY ticker`
 * "will fail"); its leading key must grow with ROWTIME and cannot be DESC. `ORDER BY <timestamp_expr> WITHIN
 * <interval>` is a T-sort, with the restrictions of the T-sorting Stream Input page: a TIMESTAMP, "present in the
 * select list of the query with the alias ROWTIME", without unqualified ROWTIME, not DESC.
 */
export const bindOrderBy = (orderBy: OrderBy, env: OrderBindEnv): BoundOrderBy => {
  const tsort = orderBy.within !== undefined;
  const bound = orderBy.items.map((item, i) => {
    if (tsort && i === 0) {
      const rowtime = unqualifiedRowtime(item.expr);
      if (rowtime) {
        throw invalid('ORDER BY ... WITHIN: the leading expression must not use ROWTIME, which it defines; name the stream\'s ROWTIME with its qualifier (s.ROWTIME)', rowtime);
      }
    }
    const selected = selectItemOf(item, env);
    const { written, evaluated } = selected === undefined ? env.bind(item.expr) : env.items[selected]!;
    if (env.distinct && selected === undefined && !env.items.some((it) => exprKey(it.written) === exprKey(written))) {
      throw invalid('with SELECT DISTINCT, an ORDER BY expression must be one of the select items', item.pos);
    }
    if (written.type.name === 'ROW') throw new SqlError('KAV2_TYPE_MISMATCH', 'ORDER BY cannot sort ROW values', item.pos);
    const key: BoundSortKey = { expr: evaluated, desc: item.desc, nullsFirst: item.nullsFirst ?? item.desc };
    return { item, selected, written, key };
  });
  const lead = bound[0]!;
  if (tsort) {
    const { item, selected, written } = lead;
    if (item.descPos) throw invalid('ORDER BY ... WITHIN: the leading expression cannot be DESC (a T-sort orders rows by ascending timestamp)', item.descPos);
    if (written.type.name !== 'TIMESTAMP') {
      throw new SqlError('KAV2_TYPE_MISMATCH', `ORDER BY ... WITHIN: the leading expression must be a TIMESTAMP, got ${formatType(written.type)}`, item.pos);
    }
    const rowtimeItem = env.rowtimeItem;
    const isRowtimeItem = rowtimeItem !== undefined
      && (selected === rowtimeItem || exprKey(env.items[rowtimeItem]!.written) === exprKey(written));
    if (!isRowtimeItem) {
      throw invalid('ORDER BY ... WITHIN: the leading expression must also be in the select list, aliased ROWTIME (SELECT STREAM <expr> AS ROWTIME, ...)', item.pos);
    }
    const withinMs = env.intervalMs(orderBy.within!);
    if (withinMs < 0) throw invalid('ORDER BY ... WITHIN needs an interval of zero or more', orderBy.within!.pos);
    return { kind: 'tsort', keys: bound.map((b) => b.key), withinMs };
  }
  const { item, written, key } = lead;
  if (monotoneInRowtime(written) !== 'up') {
    const hint = lead.selected !== undefined && lead.selected === env.rowtimeItem
      ? '; ROWTIME here is the select item aliased ROWTIME, whose order is not known (to sort rows by an out-of-order timestamp, write ORDER BY <timestamp_expr> WITHIN <interval>)'
      : '';
    throw invalid(`ORDER BY on a stream needs a leading expression that is time-based and monotonic, such as ROWTIME, FLOOR(ROWTIME TO MINUTE) or STEP(ROWTIME BY INTERVAL ...)${hint}`, item.pos);
  }
  if (item.descPos) throw invalid('the leading ORDER BY expression of a streaming query cannot be DESC: time only moves forward', item.descPos);
  const r = refsRowtimeOnly(key.expr);
  const close: SortClose = r.rowtime && !r.cols ? 'time'
    : key.expr.kind === 'col' && key.expr.index === env.windowColumn ? 'window' : 'value';
  return { kind: 'sort', keys: bound.map((b) => b.key), close };
};
