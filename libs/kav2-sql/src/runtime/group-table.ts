import { type AggCall, type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { type Accumulators, type AccLayout, accumulatorLayout, newAccumulators, resultOf, stateOf, storeState } from './accumulator-layout';
import { type AccState, aggregateFn, type AggregateFn } from './aggregates';
import { CompositeKeyMap } from './composite-key-map';
import { type Fold, generateFold, generateMultiEvaluator, type MultiEvaluator } from './codegen';
import { type EvalEnv, type Row } from './row';

/** One group of a window: its key values, accumulators and (for stagger windows) when it opened. */
export interface Group {
  keys: SqlValue[];
  accs: Accumulators;
  openedAt: number;
}

/** Serialised form of a group table, used by snapshot(). */
export type GroupTableState = [key: SqlValue[], accs: AccState[], openedAt: number][];

/**
 * Groups of aggregates keyed by GROUP BY values, in first-seen order (which is the order KDA emits
 * them in). Shared by the tumbling and stagger operators.
 */
export class GroupTable {
  /** Live groups by key (the shared window key left out). */
  private readonly byKey: CompositeKeyMap<Group>;
  /** Live groups in first-seen order, which is the order KDA emits them in. */
  private readonly order = new Set<Group>();
  private readonly fns: AggregateFn[];
  private readonly layout: AccLayout;
  private readonly width: number;
  /** Key values then aggregate arguments of one row, in one generated function. */
  private readonly evaluate: MultiEvaluator;
  // Reused per row: every key and argument is evaluated before any accumulator changes, so a row
  // that fails half way leaves its group untouched.
  private readonly scratch: SqlValue[];
  private readonly fold: Fold;

  /**
   * `sharedKey`: a key position every live group has the same value in (a tumbling window's own
   * key: one window is open at a time), left out of the lookup.
   */
  constructor(keys: readonly BExpr[], aggs: readonly AggCall[], env: EvalEnv, sharedKey = -1) {
    this.width = keys.length;
    this.evaluate = generateMultiEvaluator([...keys, ...aggs.map((a) => a.arg)], env);
    this.fns = aggs.map((a) => aggregateFn(a.fn, a.distinct, a.type));
    this.layout = accumulatorLayout(aggs);
    this.fold = generateFold(aggs, this.layout, keys.length);
    this.scratch = new Array<SqlValue>(keys.length + aggs.length).fill(null);
    this.byKey = new CompositeKeyMap(keys.map((_, i) => i).filter((i) => i !== sharedKey));
  }

  get size(): number {
    return this.order.size;
  }

  /** Live groups in first-seen order. */
  groups(): IterableIterator<Group> {
    return this.order.values();
  }

  /** Evaluates the key and argument expressions of a row and folds it into its group (may throw RowError). */
  add(row: Row): Group {
    const values = this.scratch;
    this.evaluate(row, values);
    // The scratch array starts with the key values, so it is the lookup key as it is.
    let g = this.byKey.get(values);
    if (g === undefined) {
      g = { keys: values.slice(0, this.width), accs: newAccumulators(this.layout), openedAt: row.rowtime };
      this.byKey.set(values, g);
      this.order.add(g);
    }
    this.fold(g.accs.n, g.accs.o, values);
    return g;
  }

  /** Forgets one group (its window closed). */
  remove(g: Group): void {
    this.byKey.delete(g.keys);
    this.order.delete(g);
  }

  clear(): void {
    this.byKey.clear();
    this.order.clear();
  }

  /** Every live group's aggregated row, in first-seen order, and the table empty (a window closed). */
  drain(): SqlValue[][] {
    const rows: SqlValue[][] = [];
    for (const g of this.order) rows.push(this.result(g));
    this.clear();
    return rows;
  }

  /** The aggregated row of a group: key values then aggregate results. */
  result(g: Group): SqlValue[] {
    const out = g.keys.slice();
    const slots = this.layout.slots;
    for (let i = 0; i < slots.length; i++) out.push(resultOf(slots[i]!, g.accs) ?? this.fns[i]!.result(this.state(g, i)));
    return out;
  }

  /** Aggregate i's state in the form its AggregateFn reads. */
  private state(g: Group, i: number): AccState {
    return stateOf(this.layout.slots[i]!, g.accs);
  }

  snapshot(): GroupTableState {
    return [...this.order].map((g) => [g.keys, this.fns.map((f, i) => f.save(this.state(g, i))), g.openedAt]);
  }

  restore(state: unknown): void {
    if (!Array.isArray(state)) throw new SqlError('KAV2_INVALID_STATE', 'group table state must be an array');
    this.clear();
    for (const [keys, accs, openedAt] of state as GroupTableState) {
      const g: Group = { keys, accs: newAccumulators(this.layout), openedAt };
      accs.forEach((a, i) => storeState(this.layout.slots[i]!, g.accs, this.fns[i]!.load(a)));
      this.byKey.set(keys, g);
      this.order.add(g);
    }
  }
}
