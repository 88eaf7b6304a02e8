import { type BoundSortKey, type SortClose } from '../analyzer/bound-order';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { generateEvaluator, generateMultiEvaluator, type MultiEvaluator } from './codegen';
import { type Evaluator } from './compile-expr';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type EvalEnv, type Row, RowError } from './row';
import { compareValues, keyComparator } from './sort-keys';

/** A gathered row: its ROWTIME, its values and its ORDER BY keys. */
type Held = [rowtime: number, values: SqlValue[], keys: SqlValue[]];

interface SortState {
  /** Whether a leading value is being gathered, that value, and the last one emitted (if any was). */
  open: boolean;
  value: SqlValue;
  emitted: SqlValue;
  hasEmitted: boolean;
  rows: Held[];
}

/**
 * Streaming ORDER BY (SQL Reference, ORDER BY clause): "gathers rows until the monotonic expression in
 * streaming ORDER BY clause does not change", then emits them sorted by the other keys (ASC/DESC, stable for
 * ties). The leading key grows with ROWTIME, so a value is complete when a row brings another one, when time
 * passes it (see SortClose), or at flush(). Every row of a value comes out with the latest ROWTIME among them,
 * so the output's ROWTIME still ascends though the rows within a value are reordered. A row whose leading value
 * is before the open one, or is one already emitted, is LATE_ROW. Only the open value's rows are held.
 */
export class SortOperator implements Operator {
  private readonly keysOf: MultiEvaluator;
  private readonly leadAt: Evaluator | undefined;
  private readonly order: (x: readonly SqlValue[], y: readonly SqlValue[]) => number;
  private readonly probe: Row = { rowtime: 0, values: [] };
  /** A leading value as error messages show it. */
  private readonly describe: (v: SqlValue) => string;
  private open = false;
  private value: SqlValue = null;
  private hasEmitted = false;
  private emitted: SqlValue = null;
  private rows: Held[] = [];
  /** The latest ROWTIME among the held rows: the ROWTIME they all leave with. */
  private rowtime = -Infinity;

  constructor(
    private readonly keys: readonly BoundSortKey[],
    private readonly close: SortClose,
    env: EvalEnv,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    this.keysOf = generateMultiEvaluator(keys.map((k) => k.expr), env);
    this.leadAt = close === 'time' ? generateEvaluator(keys[0]!.expr, env) : undefined;
    this.order = keyComparator(keys, 1);
    const timestamp = keys[0]!.expr.type.name === 'TIMESTAMP';
    this.describe = (v) => (timestamp && typeof v === 'number' ? new Date(v).toISOString() : JSON.stringify(v));
  }

  push(row: Row): void {
    const k = new Array<SqlValue>(this.keys.length);
    try {
      this.keysOf(row, k);
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, `ORDER BY: ${e.message}`, row);
      throw e;
    }
    const v = k[0] ?? null;
    if (this.open && v !== this.value) {
      if (v === null || (this.value !== null && compareValues(v, this.value) < 0)) {
        return this.onError('LATE_ROW', `row is late: its leading ORDER BY value ${this.describe(v)} is before ${this.describe(this.value)}, whose rows are being sorted`, row);
      }
      this.emit();
    }
    if (!this.open) {
      if (this.hasEmitted && (v === null || (this.emitted !== null && compareValues(v, this.emitted) <= 0))) {
        return this.onError('LATE_ROW', `row is late: its leading ORDER BY value ${this.describe(v)} is not after ${this.describe(this.emitted)}, whose rows were already sorted and emitted`, row);
      }
      this.open = true;
      this.value = v;
    }
    this.rows.push([row.rowtime, row.values.slice(), k]);
    if (row.rowtime > this.rowtime) this.rowtime = row.rowtime;
  }

  advance(rowtime: number): void {
    if (!this.open) return;
    if (this.close === 'window') {
      if (rowtime >= this.rowtime) this.emit();
    } else if (this.close === 'time') {
      this.probe.rowtime = rowtime;
      let v: SqlValue;
      try {
        v = this.leadAt!(this.probe);
      } catch (e) {
        if (e instanceof RowError) return;
        throw e;
      }
      if (v !== this.value) this.emit();
    }
  }

  flush(): void {
    if (this.open) this.emit();
  }

  /** Emits the open value's rows, sorted by the keys after the leading one. */
  private emit(): void {
    const rows = this.rows;
    const rowtime = this.rowtime;
    this.rows = [];
    this.rowtime = -Infinity;
    this.open = false;
    this.hasEmitted = true;
    this.emitted = this.value;
    rows.sort((a, b) => this.order(a[2], b[2]));
    for (const [, values] of rows) this.next({ rowtime, values });
  }

  snapshot(): SortState | null {
    if (!this.open && !this.hasEmitted) return null;
    return { open: this.open, value: this.value, emitted: this.emitted, hasEmitted: this.hasEmitted, rows: this.rows };
  }

  restore(state: unknown): void {
    this.open = false;
    this.value = null;
    this.hasEmitted = false;
    this.emitted = null;
    this.rows = [];
    this.rowtime = -Infinity;
    if (state === null || state === undefined) return;
    const s = state as Partial<SortState>;
    const ok = typeof s.open === 'boolean' && typeof s.hasEmitted === 'boolean' && Array.isArray(s.rows)
      && s.rows.every((r) => Array.isArray(r) && typeof r[0] === 'number' && Array.isArray(r[1]) && Array.isArray(r[2]) && r[2].length === this.keys.length);
    if (!ok) throw new SqlError('KAV2_INVALID_STATE', 'ORDER BY state does not match this application');
    this.open = s.open!;
    this.value = s.value ?? null;
    this.hasEmitted = s.hasEmitted!;
    this.emitted = s.emitted ?? null;
    this.rows = s.rows!;
    for (const r of this.rows) if (r[0] > this.rowtime) this.rowtime = r[0];
  }

  explain(): string {
    return explainNode({ kind: 'sort', keys: this.keys, close: this.close });
  }
}
