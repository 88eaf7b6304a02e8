import { type AggCall, type BExpr } from '../analyzer/bound';
import { explainNode } from '../planner/explain';
import { type GroupSlot, GroupTable } from './group-table';
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
      const closes = this.table.openedAt(this.table.add(row)) + this.rangeMs;
      if (closes < this.nextDue) this.nextDue = closes;
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
  }

  advance(rowtime: number): void {
    if (rowtime < this.nextDue) return;
    const due: GroupSlot[] = [];
    let nextDue = Infinity;
    for (const g of this.table.groups()) {
      const closes = this.table.openedAt(g) + this.rangeMs;
      if (closes <= rowtime) due.push(g);
      else if (closes < nextDue) nextDue = closes;
    }
    this.nextDue = nextDue;
    // A stable sort: groups opened at the same time keep their first-seen order.
    due.sort((a, b) => this.table.openedAt(a) - this.table.openedAt(b));
    for (const g of due) this.emit(g);
  }

  flush(): void {
    const all = this.table.groups().sort((a, b) => this.table.openedAt(a) - this.table.openedAt(b));
    for (const g of all) this.emit(g);
    this.nextDue = Infinity;
  }

  private emit(g: GroupSlot): void {
    // Read before remove(): the slot is reused afterwards.
    const rowtime = this.table.openedAt(g) + this.rangeMs;
    const values = this.table.result(g);
    this.table.remove(g);
    this.next({ rowtime, values });
  }

  snapshot(): unknown {
    return this.table.size === 0 ? null : this.table.snapshot();
  }

  restore(state: unknown): void {
    this.table.clear();
    if (state !== null && state !== undefined) this.table.restore(state);
    this.nextDue = Math.min(Infinity, ...this.table.groups().map((g) => this.table.openedAt(g) + this.rangeMs));
  }

  explain(): string {
    return explainNode({ kind: 'stagger', keys: this.keys, rangeMs: this.rangeMs, aggs: this.aggs });
  }
}
