import { type AggCall, type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { compileExpr, type Evaluator } from './compile-expr';
import { GroupTable } from './group-table';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type EvalEnv, type Row, RowError } from './row';

interface MonotonicKeyState {
  /** Whether a group is open, and its key value. */
  open: boolean;
  value: SqlValue;
  /** The latest non-NULL key value (open or emitted) and the direction the values move in (0: not yet known). */
  last: SqlValue;
  direction: -1 | 0 | 1;
  /** Largest ROWTIME seen: the ROWTIME of what flush() emits. */
  rowtime: number | null;
  groups: unknown;
}

const compare = (a: SqlValue, b: SqlValue): number => ((a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0);

/**
 * Streaming GROUP BY on a key declared MONOTONIC(expr) (SQL Reference, Monotonic Function and GROUP BY clause):
 * like a tumbling window whose "window" is the key's value. The open value's groups are emitted, in
 * first-seen order, when a row arrives whose key differs (the key moved on), with that row's ROWTIME, or at
 * flush() with the latest ROWTIME seen. The reference leaves a key that changes direction undefined; such a row
 * (1000, 1001, 1005, 1001, or a value already emitted) goes to error_stream as LATE_ROW, so that no group is
 * emitted twice. A NULL key is a value of its own (GROUP BY's IS NOT DISTINCT FROM) and sets no direction.
 */
export class MonotonicKeyOperator implements Operator {
  private readonly table: GroupTable;
  private readonly keyOf: Evaluator;
  private open = false;
  private value: SqlValue = null;
  private last: SqlValue = null;
  private direction: -1 | 0 | 1 = 0;
  private rowtime = -Infinity;

  constructor(
    private readonly keys: readonly BExpr[],
    private readonly windowKey: number,
    private readonly aggs: readonly AggCall[],
    env: EvalEnv,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    this.table = new GroupTable(keys, aggs, env, windowKey);
    this.keyOf = compileExpr(keys[windowKey]!, env);
  }

  push(row: Row): void {
    let v: SqlValue;
    try {
      v = this.keyOf(row);
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
    if (!this.open || v !== this.value) {
      const late = this.lateReason(v);
      if (late !== undefined) return this.onError('LATE_ROW', `row is late: its MONOTONIC key ${late}`, row);
    }
    if (row.rowtime > this.rowtime) this.rowtime = row.rowtime;
    if (this.open && v !== this.value) this.close(row.rowtime);
    try {
      this.table.add(row);
    } catch (e) {
      // The previous group stays emitted; the failed row opens nothing.
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
    if (!this.open) this.moveTo(v);
  }

  /** Why a row whose key opens a new group cannot (it would go back, or repeat an emitted value), if so. */
  private lateReason(v: SqlValue): string | undefined {
    if (v === null || this.last === null) return undefined;
    const c = compare(v, this.last);
    if (c === 0) return `${JSON.stringify(v)} belongs to a group that was already emitted`;
    if (this.direction !== 0 && c !== this.direction) {
      return `${JSON.stringify(v)} goes back: the key has moved ${this.direction > 0 ? 'up' : 'down'} to ${JSON.stringify(this.last)}`;
    }
    return undefined;
  }

  /** Opens the group of key value `v`, learning the direction from the first change between values. */
  private moveTo(v: SqlValue): void {
    if (v !== null) {
      if (this.last !== null && this.direction === 0) this.direction = compare(v, this.last) as -1 | 1;
      this.last = v;
    }
    this.open = true;
    this.value = v;
  }

  // Time alone never closes a group: only a row with another key value (or flush) does.
  advance(): void {}

  flush(): void {
    if (this.open) this.close(this.rowtime);
  }

  private close(rowtime: number): void {
    const rows = this.table.drain();
    this.open = false;
    for (const values of rows) this.next({ rowtime, values });
  }

  snapshot(): MonotonicKeyState | null {
    if (!this.open && this.last === null) return null;
    return {
      open: this.open, value: this.value, last: this.last, direction: this.direction,
      rowtime: Number.isFinite(this.rowtime) ? this.rowtime : null, groups: this.table.snapshot(),
    };
  }

  restore(state: unknown): void {
    this.table.clear();
    this.open = false;
    this.value = null;
    this.last = null;
    this.direction = 0;
    this.rowtime = -Infinity;
    if (state === null || state === undefined) return;
    const s = state as Partial<MonotonicKeyState>;
    if (typeof s.open !== 'boolean' || ![-1, 0, 1].includes(s.direction as number) || !Array.isArray(s.groups)) {
      throw new SqlError('KAV2_INVALID_STATE', 'MONOTONIC GROUP BY state does not match this application');
    }
    this.open = s.open;
    this.value = s.value ?? null;
    this.last = s.last ?? null;
    this.direction = s.direction!;
    this.rowtime = s.rowtime ?? -Infinity;
    this.table.restore(s.groups);
  }

  explain(): string {
    return explainNode({ kind: 'tumble', keys: this.keys, windowKey: this.windowKey, aggs: this.aggs, monotonicKey: true });
  }
}
