import { type AggCall, type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { compileExpr, type Evaluator } from './compile-expr';
import { GroupTable } from './group-table';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type EvalEnv, type Row, RowError } from './row';

interface TumblingState {
  window: SqlValue | null;
  last: number;
  groups: unknown;
  closed: SqlValue | null;
}

const MAX_SEARCH_MS = 2 ** 46;

/**
 * GROUP BY over a ROWTIME-based expression (STEP, FLOOR ... TO, or any monotonic form): one open
 * window at a time. When ROWTIME reaches a new window value, every group of the old window is
 * emitted with ROWTIME = the window's end, and its state is dropped.
 */
export class TumblingOperator implements Operator {
  private readonly table: GroupTable;
  private readonly windowOf: Evaluator;
  private window: SqlValue | undefined;
  /** The last window emitted: rows for it or earlier are late (it must never be emitted twice). */
  private closed: SqlValue | undefined;
  /** Largest ROWTIME folded into the open window: where the search for the window end starts. */
  private last = 0;
  private readonly probe: Row = { rowtime: 0, values: [] };
  /** First ROWTIME folded into the open window and the window's end, found once per window. */
  private openedAt = 0;
  private end: number | undefined;

  constructor(
    private readonly keys: readonly BExpr[],
    private readonly windowKey: number,
    private readonly aggs: readonly AggCall[],
    env: EvalEnv,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    this.table = new GroupTable(keys, aggs, env, windowKey);
    this.windowOf = compileExpr(keys[windowKey]!, env);
  }

  private windowAt(t: number): SqlValue {
    this.probe.rowtime = t;
    return this.windowOf(this.probe);
  }

  /** End of the open window: rows in [openedAt, end) belong to it without evaluating the window key. */
  private openEnd(): number {
    if (this.end === undefined) this.end = this.windowEnd();
    return this.end;
  }

  push(row: Row): void {
    if (this.window !== undefined && row.rowtime >= this.openedAt && row.rowtime < this.openEnd()) {
      try {
        this.table.add(row);
      } catch (e) {
        if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
        throw e;
      }
      if (row.rowtime > this.last) this.last = row.rowtime;
      return;
    }
    let w: SqlValue;
    try {
      w = this.windowAt(row.rowtime);
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
    if ((this.window !== undefined && (w as number) < (this.window as number)) || (this.closed !== undefined && (w as number) <= (this.closed as number))) {
      return this.onError('LATE_ROW', `row is late: ROWTIME ${new Date(row.rowtime).toISOString()} belongs to a window that already closed`, row);
    }
    if (this.window !== undefined && w !== this.window) this.close();
    try {
      this.table.add(row);
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
    if (this.window === undefined) {
      this.window = w;
      this.openedAt = row.rowtime;
      this.last = row.rowtime;
      this.end = undefined;
    }
    if (row.rowtime > this.last) this.last = row.rowtime;
  }

  advance(rowtime: number): void {
    if (this.window === undefined || rowtime < this.openEnd()) return;
    const w = this.windowAt(rowtime);
    if ((w as number) > (this.window as number)) this.close();
  }

  flush(): void {
    if (this.window !== undefined) this.close();
  }

  /** The first instant after `last` whose window value differs: exponential then binary search. */
  private windowEnd(): number {
    const current = this.window;
    let lo = this.last;
    let step = 1;
    let hi = lo + step;
    while (this.windowAt(hi) === current) {
      lo = hi;
      step *= 2;
      if (step > MAX_SEARCH_MS) throw new SqlError('KAV2_RUNTIME', 'cannot find the end of a GROUP BY window: the ROWTIME expression never changes');
      hi = lo + step;
    }
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.windowAt(mid) === current) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  private close(): void {
    const end = this.openEnd();
    this.end = undefined;
    const rows = this.table.drain();
    this.closed = this.window;
    this.window = undefined;
    for (const values of rows) this.next({ rowtime: end, values });
  }

  snapshot(): TumblingState | null {
    if (this.window === undefined && this.closed === undefined) return null;
    return { window: this.window ?? null, last: this.last, groups: this.table.snapshot(), closed: this.closed ?? null };
  }

  restore(state: unknown): void {
    this.table.clear();
    this.window = undefined;
    this.closed = undefined;
    if (state === null || state === undefined) return;
    const s = state as TumblingState;
    this.window = s.window ?? undefined;
    this.closed = s.closed ?? undefined;
    this.last = s.last;
    this.openedAt = s.last;
    this.end = undefined;
    this.table.restore(s.groups);
  }

  explain(): string {
    return explainNode({ kind: 'tumble', keys: this.keys, windowKey: this.windowKey, aggs: this.aggs });
  }
}
