import { type AnalyticCall, type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { aggregateFn, type AggregateFn } from './aggregates';
import { generateMultiEvaluator, type MultiEvaluator } from './codegen';
import { CountingRangeWindow } from './counting-range-window';
import { CompositeKeyMap } from './composite-key-map';
import { type Emit, type Operator, type OnRowError } from './operator';
import { type EvalEnv, type Row, RowError } from './row';
import { NonNullValues } from './non-null-values';
import { slidingAccumulator, type SlidingAccumulator } from './sliding-accumulators';

interface Entry {
  t: number;
  v: SqlValue[];
}

/** What every partition of a window keeps up to date as rows enter and leave its frame. */
interface FrameUpkeep {
  /** Argument offsets whose non-null values are counted (plain COUNT). */
  readonly counted: readonly number[];
  /** Argument offsets of the incrementally kept aggregates, and a factory of each one's accumulator. */
  readonly accumulated: readonly { readonly offset: number; readonly create: () => SlidingAccumulator }[];
  /** Argument offsets whose non-null values are indexed (IGNORE NULLS). */
  readonly indexed: readonly number[];
}

/** A partition's rows inside the frame, oldest first (array + head index: O(1) eviction). */
class Deque {
  items: Entry[] = [];
  /** The partition's key values. */
  keys: SqlValue[] = [];
  head = 0;
  /** Non-null values in the frame of each counted argument (COUNT is kept up to date, not recounted). */
  readonly counts: number[];
  /** The frame's running aggregates, one per `upkeep.accumulated`. */
  readonly accs: SlidingAccumulator[];
  /** The frame's non-null values, one list per `upkeep.indexed`. */
  readonly nonNulls: NonNullValues[];
  private readonly counted: readonly number[];
  constructor(private readonly upkeep: FrameUpkeep) {
    this.counted = upkeep.counted;
    this.counts = upkeep.counted.map(() => 0);
    this.accs = upkeep.accumulated.map((a) => a.create());
    this.nonNulls = upkeep.indexed.map(() => new NonNullValues());
  }
  get size(): number {
    return this.items.length - this.head;
  }
  push(e: Entry): void {
    this.items.push(e);
    for (let j = 0; j < this.counted.length; j++) if (e.v[this.counted[j]!] !== null) this.counts[j]!++;
    const { accs } = this;
    for (let j = 0; j < accs.length; j++) accs[j]!.add(e.v[this.upkeep.accumulated[j]!.offset] ?? null);
    const { nonNulls } = this;
    for (let j = 0; j < nonNulls.length; j++) nonNulls[j]!.add(e.v[this.upkeep.indexed[j]!] ?? null);
  }
  private drop(): void {
    const e = this.items[this.head++]!;
    for (let j = 0; j < this.counted.length; j++) if (e.v[this.counted[j]!] !== null) this.counts[j]!--;
    const { accs } = this;
    for (let j = 0; j < accs.length; j++) accs[j]!.evict(e.v[this.upkeep.accumulated[j]!.offset] ?? null);
    const { nonNulls } = this;
    for (let j = 0; j < nonNulls.length; j++) nonNulls[j]!.evict(e.v[this.upkeep.indexed[j]!] ?? null);
  }
  /**
   * Drops rows at or before `t` (before it when `inclusive` is false): a row exactly RANGE older than the current
   * one is outside the window (KDA guide).
   */
  evictUpTo(t: number, inclusive = true): void {
    while (this.head < this.items.length && (this.items[this.head]!.t < t || (inclusive && this.items[this.head]!.t === t))) this.drop();
    this.compact();
  }
  keepLast(n: number): void {
    while (this.size > n) this.drop();
    this.compact();
  }
  private compact(): void {
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * Evicts what left a RANGE frame at `now`: rows at or before now - ms; for a zero-width range (RANGE CURRENT ROW,
 * "all rows with the same timestamp", SQL Reference, Window examples) the rows before now.
 */
const evictRange = (w: { evictUpTo(t: number, inclusive?: boolean): void }, now: number, ms: number): void => {
  if (ms === 0) w.evictUpTo(now, false);
  else w.evictUpTo(now - ms);
};

interface WindowGroup {
  readonly partitionExprs: BExpr[];
  readonly frame: AnalyticCall['frame'];
  /**
   * `counter`: index into the deque's running counts when the call is a plain COUNT; `acc`: index into its
   * running aggregates when the call has one (else its frame is scanned); `indexed`: index into its non-null
   * value lists (IGNORE NULLS); `lag`: LAG's offset, or NTH_VALUE's n.
   */
  readonly calls: { call: AnalyticCall; out: number; offset: number; fn?: AggregateFn; lag: number; counter?: number; acc?: number; indexed?: number }[];
  readonly argExprs: (BExpr | undefined)[];
  /** Argument offsets kept counted in every deque. */
  readonly counted: number[];
  /** The aggregates every deque keeps running (the deque's {@link FrameUpkeep}, with `counted`). */
  readonly accumulated: FrameUpkeep['accumulated'][number][];
  readonly indexed: number[];
  /** Each live partition's rows by partition key, and the same in first-seen order (sweeps, snapshots). */
  readonly parts: CompositeKeyMap<Deque>;
  readonly live: Set<Deque>;
  partition?: MultiEvaluator;
  args?: MultiEvaluator;
  keyScratch: SqlValue[];
  /**
   * Every call is a running COUNT: a row only needs which counted arguments were non-null, so rows
   * share one canonical value array per combination instead of each keeping its own.
   */
  countOnly?: { scratch: SqlValue[]; canon: Map<number, SqlValue[]> };
  /** A count-only RANGE window: every partition's rows in one arrival-ordered FIFO instead of `parts`. */
  fifo?: CountingRangeWindow;
}

/**
 * Sliding windows (`OVER (PARTITION BY ... RANGE INTERVAL ... PRECEDING | ROWS n PRECEDING)`): each
 * input row is emitted at once with its analytic values appended, computed over the rows of its
 * partition inside the frame (the current row included). Rows older than the range are evicted.
 */
export class SlidingOperator implements Operator {
  private readonly groups: WindowGroup[] = [];
  private maxRowtime = -Infinity;
  private lastSweep = -Infinity;
  private readonly minRange: number;
  private readonly out: Row;

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
        g = { partitionExprs: [...call.partitionBy], frame: call.frame, calls: [], argExprs: [], counted: [], accumulated: [], indexed: [], parts: new CompositeKeyMap(call.partitionBy.map((_, i) => i)), live: new Set(), keyScratch: call.partitionBy.map(() => null) };
        byWindow.set(key, g);
        this.groups.push(g);
      }
      const offset = g.argExprs.length;
      // NTH_VALUE's n is a constant (the binder checks it): only x is kept with each row.
      // NTH_VALUE's n and EXP_AVG's half-life are constants (the binder checks them): only x is kept with each row.
      for (const a of call.fn === 'NTH_VALUE' || call.fn === 'EXP_AVG' ? call.args.slice(0, 1) : call.args) g.argExprs.push(a);
      const agg = call.fn === 'LAG' || call.fn === 'FIRST_VALUE' || call.fn === 'LAST_VALUE' || call.fn === 'NTH_VALUE' || call.fn === 'EXP_AVG' ? undefined : call.fn;
      const fn = agg === undefined ? undefined : aggregateFn(agg, call.distinct, call.type);
      const lagArg = call.args[1];
      const lag = call.fn === 'LAG' || call.fn === 'NTH_VALUE' ? (lagArg?.kind === 'const' ? Number(lagArg.value) : 1) : 0;
      if (call.fn === 'COUNT' && !call.distinct) {
        // COUNT(*) counts a constant TRUE argument, so it stays a running count as well.
        if (call.args.length === 0) g.argExprs.push(undefined);
        g.counted.push(offset);
        g.calls.push({ call, out, offset, fn: fn!, lag, counter: g.counted.length - 1 });
        return;
      }
      const create = agg !== undefined && fn !== undefined ? slidingAccumulator(agg, call.distinct, fn) : undefined;
      if (create !== undefined) {
        g.accumulated.push({ offset, create });
        g.calls.push({ call, out, offset, fn: fn!, lag, acc: g.accumulated.length - 1 });
      } else if (fn === undefined && call.ignoreNulls) {
        g.indexed.push(offset);
        g.calls.push({ call, out, offset, lag, indexed: g.indexed.length - 1 });
      } else g.calls.push(fn ? { call, out, offset, fn, lag } : { call, out, offset, lag });
    });
    for (const g of this.groups) {
      g.partition = generateMultiEvaluator(g.partitionExprs, env);
      g.args = generateMultiEvaluator(g.argExprs, env);
      if (g.calls.every((c) => c.counter !== undefined) && g.counted.length <= 16) {
        g.countOnly = { scratch: g.argExprs.map(() => null), canon: new Map() };
        if (g.frame.kind === 'range') g.fifo = new CountingRangeWindow(g.counted.length, g.partitionExprs.length);
      }
    }
    this.out = { rowtime: 0, values: new Array<SqlValue>(inputWidth + analytics.length).fill(null) };
    // A zero-width range (RANGE CURRENT ROW) holds one instant's rows; sweeping its idle partitions once a
    // second, not at every new ROWTIME, bounds the work.
    const ranges = analytics.map((a) => (a.frame.kind === 'range' ? a.frame.ms || 1000 : Infinity));
    this.minRange = Math.max(Math.min(...ranges), 1);
  }

  push(row: Row): void {
    if (row.rowtime < this.maxRowtime) {
      return this.onError('LATE_ROW', `row is late: ROWTIME ${new Date(row.rowtime).toISOString()} is before ${new Date(this.maxRowtime).toISOString()} already seen by a sliding window`, row);
    }
    this.maxRowtime = row.rowtime;
    const width = this.inputWidth;
    // One output row, refilled per input row (operators never keep rows: see Operator.push).
    const out = this.out;
    const values = out.values;
    try {
      const groups = this.groups;
      for (let gi = 0; gi < groups.length; gi++) {
        const g = groups[gi]!;
        const key = g.keyScratch;
        g.partition!(row, key);
        const shared = g.countOnly;
        const calls = g.calls;
        if (shared !== undefined) {
          g.args!(row, shared.scratch);
          const mask = this.maskOf(g, shared.scratch);
          const fifo = g.fifo;
          if (fifo !== undefined) {
            const p = fifo.add(key, row.rowtime, mask);
            evictRange(fifo, row.rowtime, (g.frame as { ms: number }).ms);
            for (let ci = 0; ci < calls.length; ci++) values[width + calls[ci]!.out] = fifo.count(p, calls[ci]!.counter!);
            continue;
          }
          this.pushToDeque(g, key, row.rowtime, this.canonical(g, mask), values);
        } else {
          const vals = new Array<SqlValue>(g.argExprs.length);
          g.args!(row, vals);
          this.pushToDeque(g, key, row.rowtime, vals, values);
        }
      }
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, e.message, row);
      throw e;
    }
    for (let i = 0; i < width; i++) values[i] = row.values[i] ?? null;
    out.rowtime = row.rowtime;
    this.next(out);
  }

  /** Count-only rows share one value array per pattern of counted (non-null) arguments. */
  private canonical(g: WindowGroup, mask: number): SqlValue[] {
    const shared = g.countOnly!;
    let canon = shared.canon.get(mask);
    if (canon === undefined) {
      canon = g.argExprs.map(() => null);
      for (let j = 0; j < g.counted.length; j++) if ((mask & (1 << j)) !== 0) canon[g.counted[j]!] = true;
      shared.canon.set(mask, canon);
    }
    return canon;
  }

  /** Bit j set when counted argument j of the row's values is not NULL. */
  private maskOf(g: WindowGroup, v: readonly SqlValue[]): number {
    let mask = 0;
    for (let j = 0; j < g.counted.length; j++) if (v[g.counted[j]!] !== null && v[g.counted[j]!] !== undefined) mask |= 1 << j;
    return mask;
  }

  /** Adds a row to its partition's queue, evicts what left the frame and writes the calls' values after the input columns. */
  private pushToDeque(g: WindowGroup, key: readonly SqlValue[], t: number, vals: SqlValue[], out: SqlValue[]): void {
    let d = g.parts.get(key);
    if (!d) {
      d = new Deque(g);
      d.keys = key.slice();
      g.parts.set(key, d);
      g.live.add(d);
    }
    d.push({ t, v: vals });
    if (g.frame.kind === 'range') evictRange(d, t, g.frame.ms);
    else d.keepLast(g.frame.count + 1);
    const width = this.inputWidth;
    const calls = g.calls;
    for (let ci = 0; ci < calls.length; ci++) {
      const c = calls[ci]!;
      if (c.counter !== undefined) out[width + c.out] = d.counts[c.counter]!;
      else {
        const v = c.acc !== undefined ? d.accs[c.acc]!.result() : undefined;
        out[width + c.out] = v !== undefined ? v : this.compute(c, d);
      }
    }
  }

  private compute(c: WindowGroup['calls'][number], d: Deque): SqlValue {
    const { items, head } = d;
    const last = items.length - 1;
    switch (c.call.fn) {
      case 'FIRST_VALUE': case 'LAST_VALUE': case 'LAG': case 'NTH_VALUE':
        if (c.call.ignoreNulls) return this.nonNull(c, d);
        break;
      default:
        break;
    }
    switch (c.call.fn) {
      case 'NTH_VALUE': {
        // The frame is items[head..last]; too few rows give NULL (NTH_VALUE reference page).
        const idx = c.call.fromLast ? last - (c.lag - 1) : head + (c.lag - 1);
        return idx >= head && idx <= last ? items[idx]!.v[c.offset] ?? null : null;
      }
      case 'FIRST_VALUE': return items[head]!.v[c.offset] ?? null;
      case 'LAST_VALUE': return items[last]!.v[c.offset] ?? null;
      case 'EXP_AVG': {
        // "the older one will be given half as much weight as the newer one" per half-life (SQL Reference,
        // EXP_AVG): weight 2^(-(now - t) / half-life), relative to the current row; NULL values are left out.
        const now = items[last]!.t;
        const half = c.call.halfLifeMs!;
        let sum = 0;
        let weights = 0;
        for (let i = head; i <= last; i++) {
          const v = items[i]!.v[c.offset] ?? null;
          if (v === null) continue;
          const w = 2 ** (-(now - items[i]!.t) / half);
          sum += w * (v as number);
          weights += w;
        }
        return weights === 0 ? null : sum / weights;
      }
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

  /**
   * IGNORE NULLS (LAG reference page): NULL values are not counted. FIRST_VALUE / LAST_VALUE take the
   * first / last non-NULL value of the window; LAG(expr, n) the n-th non-NULL value before the current row,
   * else its default; NTH_VALUE(x, n) the n-th non-NULL value from the first (or last) row, else NULL.
   * An n that is not a positive integer names no value.
   */
  private nonNull(c: WindowGroup['calls'][number], d: Deque): SqlValue {
    const values = d.nonNulls[c.indexed!]!;
    const n = Number.isInteger(c.lag) && c.lag >= 1 ? c.lag : Infinity;
    switch (c.call.fn) {
      case 'FIRST_VALUE': return values.fromOldest(0);
      case 'LAST_VALUE': return values.fromNewest(0);
      case 'NTH_VALUE': return c.call.fromLast ? values.fromNewest(n - 1) : values.fromOldest(n - 1);
      default: {
        // LAG: the current row is the frame's last; when its value is not NULL it is the newest one held.
        const current = d.items[d.items.length - 1]!.v;
        const skip = (current[c.offset] ?? null) === null ? 0 : 1;
        if (n - 1 + skip < values.size) return values.fromNewest(n - 1 + skip);
        return c.call.args.length > 2 ? current[c.offset + 2] ?? null : null;
      }
    }
  }

  /** Drops partitions whose rows all fell out of the range, so idle keys do not hold memory forever. */
  private sweep(now: number): void {
    for (const g of this.groups) {
      if (g.frame.kind !== 'range') continue;
      if (g.fifo !== undefined) {
        evictRange(g.fifo, now, g.frame.ms);
        continue;
      }
      for (const d of g.live) {
        evictRange(d, now, g.frame.ms);
        if (d.size === 0) {
          g.parts.delete(d.keys);
          g.live.delete(d);
        }
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
      windows: this.groups.map((g) => (g.fifo !== undefined ? this.fifoPartitions(g) : [...g.live].map((d) => [d.keys, d.items.slice(d.head).map((e) => [e.t, e.v])]))),
    };
  }

  /** A FIFO window in the snapshot's per-partition form (partitions in first-row order). */
  private fifoPartitions(g: WindowGroup): [SqlValue[], [number, SqlValue[]][]][] {
    const parts = new Map<number, [SqlValue[], [number, SqlValue[]][]]>();
    for (const [p, t, mask] of g.fifo!.entries()) {
      let part = parts.get(p);
      if (part === undefined) {
        part = [g.fifo!.keysOf(p), []];
        parts.set(p, part);
      }
      part[1].push([t, this.canonical(g, mask)]);
    }
    return [...parts.values()];
  }

  restore(state: unknown): void {
    const s = state as { max: number | null; windows: [SqlValue[], [number, SqlValue[]][]][][] } | null;
    for (const g of this.groups) {
      g.parts.clear();
      g.live.clear();
      g.fifo?.clear();
    }
    this.maxRowtime = s?.max ?? -Infinity;
    if (!s) return;
    const wellFormed = Array.isArray(s.windows) && s.windows.length === this.groups.length
      && s.windows.every((parts) => Array.isArray(parts) && parts.every((p) => Array.isArray(p) && Array.isArray(p[0]) && Array.isArray(p[1])));
    if (!wellFormed) throw new SqlError('KAV2_INVALID_STATE', 'sliding window state does not match this application');
    s.windows.forEach((parts, i) => {
      const g = this.groups[i]!;
      if (g.fifo !== undefined) {
        // Back into one time-ordered FIFO; rows of equal time leave together, so their order does not matter.
        const rows = parts.flatMap(([k, entries]) => entries.map(([t, v]) => ({ k, t, mask: this.maskOf(g, v) })));
        rows.sort((a, b) => a.t - b.t);
        for (const r of rows) g.fifo.add(r.k, r.t, r.mask);
        return;
      }
      for (const [k, entries] of parts) {
        const d = new Deque(g);
        d.keys = k;
        for (const [t, v] of entries) d.push({ t, v });
        g.parts.set(k, d);
        g.live.add(d);
      }
    });
  }

  explain(): string {
    return explainNode({ kind: 'sliding', inputWidth: this.inputWidth, analytics: this.analytics });
  }
}
