import { type AggCall, type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { type AccState, aggregateFn, type AggregateFn } from './aggregates';
import { type Fold, generateFold, generateMultiEvaluator, type MultiEvaluator } from './codegen';
import { type EvalEnv, type Row } from './row';

/** One group of a window: its key values, accumulators and (for stagger windows) when it opened. */
export interface Group {
  keys: SqlValue[];
  accs: AccState[];
  openedAt: number;
}

/** Serialised form of a group table, used by snapshot(). */
export type GroupTableState = [key: SqlValue[], accs: AccState[], openedAt: number][];

/**
 * Groups of aggregates keyed by GROUP BY values, in first-seen order (which is the order KDA emits
 * them in). Shared by the tumbling and stagger operators.
 */
// Control characters that the compact group id uses as separators; keys holding them take the JSON id.
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is looked for
const SEPARATORS = /[\u0000-\u0002]/;

/**
 * A Map key for a group's key values. Each position has one SQL type, so a value's text is
 * unambiguous within its position; NULL is \u0000, positions are joined by \u0001. Text holding
 * those characters (never in practice) takes a JSON id marked with \u0002, which no compact id
 * can start with.
 */
export const groupId = (keys: readonly SqlValue[], skip: number): SqlValue => {
  if (keys.length === 1) return keys[0]!;
  if (keys.length === 2 && skip >= 0) return keys[1 - skip]!;
  let id = '';
  for (let i = 0; i < keys.length; i++) {
    if (i === skip) continue;
    const k = keys[i]!;
    if (typeof k === 'string' && SEPARATORS.test(k)) return `\u0002${JSON.stringify(keys)}`;
    id += k === null ? '\u0000\u0001' : `${String(k)}\u0001`;
  }
  return id;
};

export class GroupTable {
  readonly groups = new Map<SqlValue, Group>();
  private readonly fns: AggregateFn[];
  private readonly width: number;
  /** Key values then aggregate arguments of one row, in one generated function. */
  private readonly evaluate: MultiEvaluator;
  // Reused per row: every key and argument is evaluated before any accumulator changes, so a row
  // that fails half way leaves its group untouched.
  private readonly scratch: SqlValue[];
  private readonly fold: Fold;
  private readonly keyScratch: SqlValue[];

  /**
   * `sharedKey`: a key position every live group has the same value in (a tumbling window's own
   * key: one window is open at a time), left out of the group id.
   */
  constructor(keys: readonly BExpr[], aggs: readonly AggCall[], env: EvalEnv, private readonly sharedKey = -1) {
    this.width = keys.length;
    this.evaluate = generateMultiEvaluator([...keys, ...aggs.map((a) => a.arg)], env);
    this.fns = aggs.map((a) => aggregateFn(a.fn, a.distinct, a.type));
    this.fold = generateFold(aggs, this.fns, keys.length);
    this.scratch = new Array<SqlValue>(keys.length + aggs.length).fill(null);
    this.keyScratch = new Array<SqlValue>(keys.length).fill(null);
  }

  /** Evaluates the key and argument expressions of a row and folds it into its group (may throw RowError). */
  add(row: Row): Group {
    const values = this.scratch;
    const width = this.width;
    this.evaluate(row, values);
    const keys = this.keyScratch;
    for (let i = 0; i < width; i++) keys[i] = values[i]!;
    const id = groupId(keys, this.sharedKey);
    let g = this.groups.get(id);
    if (g === undefined) {
      g = { keys: keys.slice(), accs: this.fns.map((f) => f.init()), openedAt: row.rowtime };
      this.groups.set(id, g);
    }
    this.fold(g.accs, values);
    return g;
  }

  /** The aggregated row of a group: key values then aggregate results. */
  result(g: Group): SqlValue[] {
    return [...g.keys, ...this.fns.map((f, i) => f.result(g.accs[i]!))];
  }

  snapshot(): GroupTableState {
    return [...this.groups.values()].map((g) => [g.keys, g.accs.map((a, i) => this.fns[i]!.save(a)), g.openedAt]);
  }

  restore(state: unknown): void {
    if (!Array.isArray(state)) throw new SqlError('KAV2_INVALID_STATE', 'group table state must be an array');
    this.groups.clear();
    for (const [keys, accs, openedAt] of state as GroupTableState) {
      this.groups.set(groupId(keys, this.sharedKey), { keys, accs: accs.map((a, i) => this.fns[i]!.load(a as AccState)), openedAt });
    }
  }
}
