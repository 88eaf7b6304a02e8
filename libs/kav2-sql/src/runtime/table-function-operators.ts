import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { type PlanNode } from '../planner/logical-plan';
import { DistinctCounter } from './distinct-counter';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type Row } from './row';
import { TopKCounter } from './top-k-counter';

type TableFunctionNode = PlanNode & { kind: 'tableFunction' };

/** What a tumbling table function keeps per window: fold values in, read the result rows out. */
interface WindowSummary {
  add(v: SqlValue): void;
  results(): SqlValue[][];
  snapshot(): unknown;
  restore(state: unknown): void;
}

interface TumblingTableState {
  readonly start: number;
  readonly summary: unknown;
}

/**
 * TOP_K_ITEMS_TUMBLING / COUNT_DISTINCT_ITEMS_TUMBLING: windows of `windowMs` aligned on the epoch
 * (like STEP(ROWTIME BY ...)). A window closes when ROWTIME reaches its end (a later row, advanceTo
 * or flush) and emits its rows with ROWTIME = the window end, as tumbling GROUP BY windows do; a
 * window that saw no row emits nothing.
 */
class TumblingTableFunctionOperator implements Operator {
  private start: number | undefined;
  private summary: WindowSummary;

  constructor(
    private readonly node: TableFunctionNode,
    private readonly newSummary: () => WindowSummary,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    this.summary = newSummary();
  }

  push(row: Row): void {
    const start = Math.floor(row.rowtime / this.node.windowMs) * this.node.windowMs;
    if (this.start !== undefined && start < this.start) {
      return this.onError('LATE_ROW', `row is late: ROWTIME ${new Date(row.rowtime).toISOString()} belongs to a ${this.node.name} window that already closed`, row);
    }
    if (this.start !== undefined && start > this.start) this.close();
    this.start = start;
    this.summary.add(row.values[this.node.column] ?? null);
  }

  advance(rowtime: number): void {
    if (this.start !== undefined && rowtime >= this.start + this.node.windowMs) this.close();
  }

  flush(): void {
    if (this.start !== undefined) this.close();
  }

  private close(): void {
    const rowtime = this.start! + this.node.windowMs;
    const rows = this.summary.results();
    this.start = undefined;
    this.summary = this.newSummary();
    for (const values of rows) this.next({ rowtime, values });
  }

  snapshot(): unknown {
    if (this.start === undefined) return null;
    const state: TumblingTableState = { start: this.start, summary: this.summary.snapshot() };
    return state;
  }

  restore(state: unknown): void {
    this.summary = this.newSummary();
    this.start = undefined;
    if (state === null || state === undefined) return;
    const s = state as Partial<TumblingTableState>;
    if (typeof s.start !== 'number') throw new SqlError('KAV2_INVALID_STATE', `${this.node.name}: state has no window start`);
    this.start = s.start;
    this.summary.restore(s.summary);
  }

  explain(): string {
    return explainNode(this.node);
  }
}

/** The operator of a `TABLE(...)` function in FROM. */
export const createTableFunctionOperator = (node: TableFunctionNode, next: Emit, onError: OnRowError): Operator => {
  switch (node.name) {
    case 'TOP_K_ITEMS_TUMBLING':
      return new TumblingTableFunctionOperator(node, () => new TopKCounter(node.k), next, onError);
    case 'COUNT_DISTINCT_ITEMS_TUMBLING':
      return new TumblingTableFunctionOperator(node, () => new DistinctCounter(), next, onError);
  }
};
