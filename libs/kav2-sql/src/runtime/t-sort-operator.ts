import { type BoundSortKey } from '../analyzer/bound-order';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { generateMultiEvaluator, type MultiEvaluator } from './codegen';
import { MinHeap } from './min-heap';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type EvalEnv, type Row, RowError } from './row';
import { keyComparator } from './sort-keys';

/** A held row: its ROWTIME, values, ORDER BY keys (the timestamp first) and arrival number (ties stay in order). */
type Held = [rowtime: number, values: SqlValue[], keys: SqlValue[], seq: number];

interface TSortState {
  latest: number | null;
  seq: number;
  rows: Held[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * T-sort (SQL Reference, T-sorting Stream Input): `ORDER BY <timestamp_expr> WITHIN <interval>` reorders rows
 * whose timestamp is out of order by at most the interval ("a sliding time-based window of incoming rows").
 * The window follows the latest timestamp seen: a row is held until a timestamp more than the interval after
 * its own arrives (then no row can still come before it), and leaves in timestamp order, ties by the other keys,
 * then in arrival order; flush() releases the rest. A row more than the interval before the latest timestamp is
 * late (LATE_ROW on error_stream, as late rows are reported everywhere else); a NULL timestamp discards the row
 * ("the corresponding row is discarded"). Time alone releases nothing: "incoming rowtimebounds ... are ignored".
 * The SELECT list after it sets ROWTIME from the same timestamp (the page requires it aliased ROWTIME).
 */
export class TSortOperator implements Operator {
  private readonly keysOf: MultiEvaluator;
  private heap: MinHeap<Held>;
  private readonly compare: (a: Held, b: Held) => number;
  private latest = -Infinity;
  private seq = 0;

  constructor(
    private readonly keys: readonly BoundSortKey[],
    private readonly withinMs: number,
    env: EvalEnv,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    this.keysOf = generateMultiEvaluator(keys.map((k) => k.expr), env);
    const rest = keyComparator(keys, 1);
    this.compare = (a, b) => (a[2][0] as number) - (b[2][0] as number) || rest(a[2], b[2]) || a[3] - b[3];
    this.heap = new MinHeap(this.compare);
  }

  push(row: Row): void {
    const k = new Array<SqlValue>(this.keys.length);
    try {
      this.keysOf(row, k);
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, `ORDER BY ... WITHIN: ${e.message}`, row);
      throw e;
    }
    const ts = k[0];
    if (typeof ts !== 'number') return;
    if (ts < this.latest - this.withinMs) {
      return this.onError('LATE_ROW', `row is late: its ORDER BY timestamp ${iso(ts)} is more than ${this.withinMs} ms (WITHIN) before ${iso(this.latest)}, the latest seen`, row);
    }
    this.heap.push([row.rowtime, row.values.slice(), k, this.seq++]);
    if (ts > this.latest) {
      this.latest = ts;
      this.release(ts - this.withinMs);
    }
  }

  /** Emits, in order, every held row whose timestamp is before `bound`. */
  private release(bound: number): void {
    for (let top = this.heap.peek(); top !== undefined && (top[2][0] as number) < bound; top = this.heap.peek()) {
      this.heap.pop();
      this.next({ rowtime: top[0], values: top[1] });
    }
  }

  advance(): void {}

  flush(): void {
    this.release(Infinity);
  }

  snapshot(): TSortState | null {
    if (this.heap.size === 0 && !Number.isFinite(this.latest)) return null;
    return { latest: Number.isFinite(this.latest) ? this.latest : null, seq: this.seq, rows: this.heap.items };
  }

  restore(state: unknown): void {
    this.heap = new MinHeap(this.compare);
    this.latest = -Infinity;
    this.seq = 0;
    if (state === null || state === undefined) return;
    const s = state as Partial<TSortState>;
    const ok = typeof s.seq === 'number' && Array.isArray(s.rows)
      && s.rows.every((r) => Array.isArray(r) && typeof r[0] === 'number' && Array.isArray(r[1]) && Array.isArray(r[2]) && r[2].length === this.keys.length && typeof r[3] === 'number');
    if (!ok) throw new SqlError('KAV2_INVALID_STATE', 'ORDER BY ... WITHIN state does not match this application');
    // The saved array is the heap as it was, so it is a heap under the same order.
    this.heap = new MinHeap(this.compare, s.rows!);
    this.latest = s.latest ?? -Infinity;
    this.seq = s.seq!;
  }

  explain(): string {
    return explainNode({ kind: 'tsort', keys: this.keys, withinMs: this.withinMs });
  }
}
