import { type AggCall, type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { explainNode } from '../planner/explain';
import { GroupTable } from './group-table';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type EvalEnv, type Row, RowError } from './row';

/**
 * WINDOWED BY STAGGER: a window per partition key opens at the ROWTIME of the key's first row and
 * closes RANGE later; its row is emitted then, with ROWTIME = open time + RANGE (as in the KDA guide).
 */
export class StaggerOperator implements Operator {
  private readonly table: GroupTable;
  /** Earliest close time of any open window, so advance() is O(1) until something is due. */
  private nextDue = Infinity;
  constructor(
    private readonly keys: readonly BExpr[],
    private readonly rangeMs: number,
    private readonly aggs: readonly AggCall[],
    env: EvalEnv,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    this.table = new GroupTable(keys, aggs, env);
  }

  push(row: Row): void {
    try {
      const g = this.table.add(row);
      if (g.openedAt + this.rangeMs < this.nextDue) this.nextDue = g.openedAt + this.rangeMs;
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
  }

  advance(rowtime: number): void {
    if (rowtime < this.nextDue) return;
    const due: [SqlValue, number][] = [];
    let nextDue = Infinity;
    for (const [id, g] of this.table.groups) {
      const closes = g.openedAt + this.rangeMs;
      if (closes <= rowtime) due.push([id, g.openedAt]);
      else if (closes < nextDue) nextDue = closes;
    }
    this.nextDue = nextDue;
    due.sort((a, b) => a[1] - b[1]);
    for (const [id] of due) this.emit(id);
  }

  flush(): void {
    const all = [...this.table.groups.entries()].sort((a, b) => a[1].openedAt - b[1].openedAt);
    for (const [id] of all) this.emit(id);
    this.nextDue = Infinity;
  }

  private emit(id: SqlValue): void {
    const g = this.table.groups.get(id)!;
    this.table.groups.delete(id);
    this.next({ rowtime: g.openedAt + this.rangeMs, values: this.table.result(g) });
  }

  snapshot(): unknown {
    return this.table.groups.size === 0 ? null : this.table.snapshot();
  }

  restore(state: unknown): void {
    this.table.groups.clear();
    if (state !== null && state !== undefined) this.table.restore(state);
    this.nextDue = Math.min(Infinity, ...[...this.table.groups.values()].map((g) => g.openedAt + this.rangeMs));
  }

  explain(): string {
    return explainNode({ kind: 'stagger', keys: this.keys, rangeMs: this.rangeMs, aggs: this.aggs });
  }
}
