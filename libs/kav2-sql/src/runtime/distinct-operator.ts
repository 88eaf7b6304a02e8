import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { CompositeKeyMap } from './composite-key-map';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type Row } from './row';
import { compareValues } from './sort-keys';

interface DistinctState {
  epoch: SqlValue;
  /** The key of every row passed with this epoch value. */
  rows: SqlValue[][];
}

/**
 * SELECT STREAM DISTINCT (SQL Reference, SELECT ALL and SELECT DISTINCT): a row passes at once ("emits rows for
 * SELECT DISTINCT as soon as they are ready") unless a row with the same key columns (NULL equal to NULL, ROWTIME
 * left out) already passed with the same value of the epoch column, a select item that grows with ROWTIME. When
 * that value moves on, the rows of the previous one are forgotten, so only one value's keys are held; a row whose
 * epoch value goes back could be a duplicate of a forgotten row, and goes to error_stream as LATE_ROW.
 */
export class DistinctOperator implements Operator {
  private readonly seen: CompositeKeyMap<true>;
  private rows: SqlValue[][] = [];
  private started = false;
  private epochValue: SqlValue = null;

  constructor(
    private readonly epoch: number,
    private readonly key: readonly number[],
    private readonly timestamp: boolean,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    this.seen = new CompositeKeyMap(key.map((_, i) => i));
  }

  push(row: Row): void {
    const e = this.epoch < 0 ? row.rowtime : row.values[this.epoch] ?? null;
    if (this.started && e !== this.epochValue) {
      if (e === null || (this.epochValue !== null && compareValues(e, this.epochValue) < 0)) {
        return this.onError('LATE_ROW', `row is late: its ${this.epoch < 0 ? 'ROWTIME' : `column ${this.epoch + 1}`} ${this.show(e)} is before ${this.show(this.epochValue)}; SELECT DISTINCT has forgotten the rows of earlier values`, row);
      }
      this.seen.clear();
      this.rows = [];
    }
    this.started = true;
    this.epochValue = e;
    const k = this.key.map((i) => row.values[i] ?? null);
    if (this.seen.get(k) !== undefined) return;
    this.seen.set(k, true);
    this.rows.push(k);
    this.next(row);
  }

  private show(v: SqlValue): string {
    return typeof v === 'number' && this.timestamp ? new Date(v).toISOString() : JSON.stringify(v);
  }

  // Rows pass at once: neither time nor the end of input has anything to release.
  advance(): void {}
  flush(): void {}

  snapshot(): DistinctState | null {
    return this.started ? { epoch: this.epochValue, rows: this.rows } : null;
  }

  restore(state: unknown): void {
    this.seen.clear();
    this.rows = [];
    this.started = false;
    this.epochValue = null;
    if (state === null || state === undefined) return;
    const s = state as Partial<DistinctState>;
    if (!Array.isArray(s.rows) || !s.rows.every((r) => Array.isArray(r) && r.length === this.key.length)) {
      throw new SqlError('KAV2_INVALID_STATE', 'SELECT DISTINCT state does not match this application');
    }
    this.started = true;
    this.epochValue = s.epoch ?? null;
    for (const k of s.rows) {
      this.seen.set(k, true);
      this.rows.push(k);
    }
  }

  explain(): string {
    return explainNode({ kind: 'distinct', epoch: this.epoch, key: this.key, timestamp: this.timestamp });
  }
}
