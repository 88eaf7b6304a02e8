import { type AggCall, type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { type AccState, aggregateFn, type AggregateFn } from './aggregates';
import { compileExpr, type Evaluator } from './compile-expr';
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
export class GroupTable {
  readonly groups = new Map<string, Group>();
  private readonly keyEvals: Evaluator[];
  private readonly argEvals: (Evaluator | undefined)[];
  private readonly fns: AggregateFn[];

  constructor(keys: readonly BExpr[], aggs: readonly AggCall[], env: EvalEnv) {
    this.keyEvals = keys.map((k) => compileExpr(k, env));
    this.argEvals = aggs.map((a) => (a.arg ? compileExpr(a.arg, env) : undefined));
    this.fns = aggs.map((a) => aggregateFn(a.fn, a.distinct, a.type));
  }

  /** Evaluates the key and argument expressions of a row and folds it into its group (may throw RowError). */
  add(row: Row): Group {
    const keys = this.keyEvals.map((k) => k(row));
    const args = this.argEvals.map((a) => (a ? a(row) : true));
    const id = JSON.stringify(keys);
    let g = this.groups.get(id);
    if (!g) {
      g = { keys, accs: this.fns.map((f) => f.init()), openedAt: row.rowtime };
      this.groups.set(id, g);
    }
    for (let i = 0; i < this.fns.length; i++) this.fns[i]!.add(g.accs[i]!, args[i]!);
    return g;
  }

  /** The aggregated row of a group: key values then aggregate results. */
  result(g: Group): SqlValue[] {
    return [...g.keys, ...this.fns.map((f, i) => f.result(g.accs[i]!))];
  }

  snapshot(): GroupTableState {
    return [...this.groups.values()].map((g) => [g.keys, g.accs, g.openedAt]);
  }

  restore(state: unknown): void {
    if (!Array.isArray(state)) throw new SqlError('KAV2_INVALID_STATE', 'group table state must be an array');
    this.groups.clear();
    for (const [keys, accs, openedAt] of state as GroupTableState) {
      this.groups.set(JSON.stringify(keys), { keys, accs, openedAt });
    }
  }
}
