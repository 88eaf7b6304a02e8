import { type AnalyticCall } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { aggregateFn, type AggregateFn } from './aggregates';
import { compileExpr, type Evaluator } from './compile-expr';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type EvalEnv, type Row, RowError } from './row';

interface Entry {
  t: number;
  v: SqlValue[];
}

/** A partition's rows inside the frame, oldest first (array + head index: O(1) eviction). */
class Deque {
  items: Entry[] = [];
  head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(e: Entry): void {
    this.items.push(e);
  }
  /** Drops rows at or before `t`: a row exactly RANGE older than the current one is outside the window (KDA guide). */
  evictUpTo(t: number): void {
    while (this.head < this.items.length && this.items[this.head]!.t <= t) this.head++;
    this.compact();
  }
  keepLast(n: number): void {
    if (this.size > n) this.head = this.items.length - n;
    this.compact();
  }
  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

interface WindowGroup {
  readonly partition: Evaluator[];
  readonly frame: AnalyticCall['frame'];
  readonly calls: { call: AnalyticCall; out: number; offset: number; fn?: AggregateFn; lag: number }[];
  readonly args: Evaluator[];
  readonly parts: Map<string, Deque>;
}

const SWEEP_EVERY = 1024;

/**
 * Sliding windows (`OVER (PARTITION BY ... RANGE INTERVAL ... PRECEDING | ROWS n PRECEDING)`): each
 * input row is emitted at once with its analytic values appended, computed over the rows of its
 * partition inside the frame (the current row included). Rows older than the range are evicted.
 */
export class SlidingOperator implements Operator {
  private readonly groups: WindowGroup[] = [];
  private maxRowtime = -Infinity;
  private pushes = 0;
  private lastSweep = -Infinity;
  private readonly minRange: number;

  constructor(
    private readonly inputWidth: number,
    private readonly analytics: readonly AnalyticCall[],
    env: EvalEnv,
    private readonly next: Emit,
    private readonly onError: OnRowError,
  ) {
    const byWindow = new Map<string, WindowGroup>();
    analytics.forEach((call, out) => {
      const key = JSON.stringify([call.partitionBy, call.frame], (k, v: unknown) => (k === 'pos' ? undefined : v));
      let g = byWindow.get(key);
      if (!g) {
        g = { partition: call.partitionBy.map((p) => compileExpr(p, env)), frame: call.frame, calls: [], args: [], parts: new Map() };
        byWindow.set(key, g);
        this.groups.push(g);
      }
      const offset = g.args.length;
      for (const a of call.args) g.args.push(compileExpr(a, env));
      const fn = call.fn === 'LAG' || call.fn === 'FIRST_VALUE' || call.fn === 'LAST_VALUE' ? undefined : aggregateFn(call.fn, call.distinct, call.type);
      const lagArg = call.args[1];
      const lag = call.fn === 'LAG' ? (lagArg?.kind === 'const' ? Number(lagArg.value) : 1) : 0;
      g.calls.push(fn ? { call, out, offset, fn, lag } : { call, out, offset, lag });
    });
    const ranges = analytics.map((a) => (a.frame.kind === 'range' ? a.frame.ms : Infinity));
    this.minRange = Math.max(Math.min(...ranges), 1);
  }

  push(row: Row): void {
    if (row.rowtime < this.maxRowtime) {
      return this.onError('LATE_ROW', `row is late: ROWTIME ${new Date(row.rowtime).toISOString()} is before ${new Date(this.maxRowtime).toISOString()} already seen by a sliding window`, row);
    }
    this.maxRowtime = row.rowtime;
    const extra: SqlValue[] = new Array<SqlValue>(this.analytics.length);
    try {
      for (const g of this.groups) {
        const key = JSON.stringify(g.partition.map((p) => p(row)));
        const vals = g.args.map((a) => a(row));
        let d = g.parts.get(key);
        if (!d) {
          d = new Deque();
          g.parts.set(key, d);
        }
        d.push({ t: row.rowtime, v: vals });
        if (g.frame.kind === 'range') d.evictUpTo(row.rowtime - g.frame.ms);
        else d.keepLast(g.frame.count + 1);
        for (const c of g.calls) extra[c.out] = this.compute(c, d);
      }
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
    if (++this.pushes % SWEEP_EVERY === 0) this.sweep(row.rowtime);
    this.next({ rowtime: row.rowtime, values: [...row.values.slice(0, this.inputWidth), ...extra] });
  }

  private compute(c: WindowGroup['calls'][number], d: Deque): SqlValue {
    const { items, head } = d;
    const last = items.length - 1;
    switch (c.call.fn) {
      case 'FIRST_VALUE': return items[head]!.v[c.offset] ?? null;
      case 'LAST_VALUE': return items[last]!.v[c.offset] ?? null;
      case 'LAG': {
        const idx = last - c.lag;
        if (idx >= head) return items[idx]!.v[c.offset] ?? null;
        return c.call.args.length > 2 ? items[last]!.v[c.offset + 2] ?? null : null;
      }
      default: {
        const fn = c.fn!;
        const s = fn.init();
        const star = c.call.args.length === 0;
        for (let i = head; i <= last; i++) fn.add(s, star ? true : items[i]!.v[c.offset] ?? null);
        return fn.result(s);
      }
    }
  }

  /** Drops partitions whose rows all fell out of the range, so idle keys do not hold memory forever. */
  private sweep(now: number): void {
    for (const g of this.groups) {
      if (g.frame.kind !== 'range') continue;
      for (const [k, d] of g.parts) {
        d.evictUpTo(now - g.frame.ms);
        if (d.size === 0) g.parts.delete(k);
      }
    }
  }

  advance(rowtime: number): void {
    // Time passing without rows still lets idle partitions go once a whole range has elapsed.
    if (rowtime - this.lastSweep >= this.minRange) {
      this.lastSweep = rowtime;
      this.sweep(rowtime);
    }
  }

  flush(): void {}

  snapshot(): unknown {
    this.sweep(this.maxRowtime);
    return {
      max: Number.isFinite(this.maxRowtime) ? this.maxRowtime : null,
      windows: this.groups.map((g) => [...g.parts].map(([k, d]) => [k, d.items.slice(d.head).map((e) => [e.t, e.v])])),
    };
  }

  restore(state: unknown): void {
    const s = state as { max: number | null; windows: [string, [number, SqlValue[]][]][][] } | null;
    for (const g of this.groups) g.parts.clear();
    this.maxRowtime = s?.max ?? -Infinity;
    if (!s) return;
    if (!Array.isArray(s.windows) || s.windows.length !== this.groups.length) throw new SqlError('KAV2_INVALID_STATE', 'sliding window state does not match this application');
    s.windows.forEach((parts, i) => {
      const g = this.groups[i]!;
      for (const [k, entries] of parts) {
        const d = new Deque();
        d.items = entries.map(([t, v]) => ({ t, v }));
        g.parts.set(k, d);
      }
    });
  }

  explain(): string {
    return explainNode({ kind: 'sliding', inputWidth: this.inputWidth, analytics: this.analytics });
  }
}
