import { type BoundJoin, type BoundJoinSide, sideWidth } from '../analyzer/bound-join';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { explainNode } from '../planner/explain';
import { generateEvaluator, generateMultiEvaluator, type MultiEvaluator } from './codegen';
import { type Evaluator } from './compile-expr';
import { CompositeKeyMap } from './composite-key-map';
import { type Emit, type Operator, type OnRowError, StatelessOperator } from './operator';
import { type EvalEnv, type Row, RowError } from './row';

type StreamSide = BoundJoinSide & { kind: 'stream' };

/** Rows of a reference table, each in the table's column order. */
export type TableRows = readonly (readonly SqlValue[])[];

/** A stored row of a joined stream: its ROWTIME, its values (ROWTIME last), its lookup key, whether it matched. */
interface Entry {
  readonly t: number;
  readonly v: SqlValue[];
  readonly k: SqlValue[] | undefined;
  matched: boolean;
}

/** Entries in arrival order (array + head index, so the oldest leaves in O(1)). */
class Fifo {
  items: Entry[] = [];
  head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  oldest(): Entry | undefined {
    return this.items[this.head];
  }
  shift(): Entry {
    const e = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as Entry;
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return e;
  }
}

/** Writes side `s` of a joined row (left values, then right values): `v`, or NULLs when it is undefined. */
const fillSide = (values: SqlValue[], widths: readonly [number, number], s: 0 | 1, v: readonly SqlValue[] | undefined): void => {
  const offset = s === 0 ? 0 : widths[0];
  const w = widths[s];
  if (v === undefined) for (let i = 0; i < w; i++) values[offset + i] = null;
  else for (let i = 0; i < w; i++) values[offset + i] = v[i] ?? null;
};

/** Equality keys of the join condition: for each side, its key expressions, over the joined row. */
const keyEvaluator = (join: BoundJoin, side: 'left' | 'right', env: EvalEnv): MultiEvaluator | undefined =>
  join.keys.length === 0 ? undefined : generateMultiEvaluator(join.keys.map((k) => k[side]), env);

/** True when a key has a NULL: `=` is then never TRUE, so the row can match nothing by key. */
const hasNull = (k: readonly SqlValue[]): boolean => {
  for (let i = 0; i < k.length; i++) if (k[i] === null || k[i] === undefined) return true;
  return false;
};

/**
 * The rows of one joined stream that can still match (KDA JOIN clause): the RANGE before the current
 * time, or the last n + 1 rows (ROWS n PRECEDING). A stream without OVER stores nothing: only its
 * current row takes part, when it arrives. Keyed joins also index the rows by key.
 */
class JoinWindowState {
  readonly fifo = new Fifo();
  readonly index: CompositeKeyMap<Fifo> | undefined;
  readonly stores: boolean;
  constructor(readonly side: StreamSide, readonly keeps: boolean, nKeys: number) {
    this.stores = side.window.kind !== 'current';
    this.index = nKeys > 0 && this.stores ? new CompositeKeyMap(Array.from({ length: nKeys }, (_, i) => i)) : undefined;
  }
  add(e: Entry): void {
    this.fifo.items.push(e);
    if (this.index === undefined || e.k === undefined) return;
    let b = this.index.get(e.k);
    if (b === undefined) {
      b = new Fifo();
      this.index.set(e.k, b);
    }
    b.items.push(e);
  }
  /** Removes the oldest entry; it is also the oldest of its key, since both lists are in arrival order. */
  removeOldest(): Entry {
    const e = this.fifo.shift();
    if (this.index !== undefined && e.k !== undefined) {
      const b = this.index.get(e.k)!;
      b.shift();
      if (b.size === 0) this.index.delete(e.k);
    }
    return e;
  }
  /** Entries that may match a row with key `k` (all of them without keys), oldest first. */
  candidates(k: SqlValue[] | undefined): Fifo | undefined {
    if (this.index === undefined) return this.fifo;
    if (k === undefined) return undefined;
    return this.index.get(k);
  }
  /** When an entry of ROWTIME t stops matching: a row exactly RANGE older is outside the window. */
  endOf(t: number): number {
    const w = this.side.window;
    return w.kind === 'range' ? t + w.ms : t;
  }
  clear(): void {
    this.fifo.items = [];
    this.fifo.head = 0;
    this.index?.clear();
  }
}

/**
 * A stream-to-stream JOIN. Each arriving row is joined with the other stream's window, so every pair
 * is emitted once, when its later row arrives, with that ROWTIME ("the later of the ROWTIMEs of the
 * rows that matched"). A kept (outer) row without a match is emitted with NULLs on the other side
 * once it can no longer match: at once for a stream without window, else when it leaves its window,
 * with the window's end as ROWTIME. Output is in ascending ROWTIME. Time is the latest ROWTIME the
 * join has seen on either input; a row older than that is late and goes to error_stream.
 */
export class StreamJoinOperator implements Operator {
  private readonly sides: [JoinWindowState, JoinWindowState];
  private readonly keyOf: [MultiEvaluator | undefined, MultiEvaluator | undefined];
  private readonly condition: Evaluator | undefined;
  private readonly widths: [number, number];
  private readonly nKeys: number;
  /** The joined row handed on, refilled for every pair (operators never keep rows: see Operator.push). */
  private readonly out: Row;
  private now = -Infinity;

  constructor(private readonly join: BoundJoin, env: EvalEnv, private readonly next: Emit, private readonly onError: OnRowError) {
    const left = join.left as StreamSide;
    const right = join.right as StreamSide;
    this.nKeys = join.keys.length;
    const keeps = (s: 'LEFT' | 'RIGHT'): boolean => join.type === 'FULL' || join.type === s;
    this.sides = [new JoinWindowState(left, keeps('LEFT'), this.nKeys), new JoinWindowState(right, keeps('RIGHT'), this.nKeys)];
    this.keyOf = [keyEvaluator(join, 'left', env), keyEvaluator(join, 'right', env)];
    this.condition = join.condition ? generateEvaluator(join.condition, env) : undefined;
    this.widths = [sideWidth(left), sideWidth(right)];
    this.out = { rowtime: 0, values: new Array<SqlValue>(this.widths[0] + this.widths[1]).fill(null) };
  }

  /** A row of the left stream. */
  push(row: Row): void {
    this.pushSide(0, row);
  }

  /** A row of the right stream. */
  pushRight(row: Row): void {
    this.pushSide(1, row);
  }

  private keyFor(s: 0 | 1, v: SqlValue[]): SqlValue[] | undefined {
    const evalKey = this.keyOf[s];
    if (evalKey === undefined) return undefined;
    fillSide(this.out.values, this.widths, s, v);
    const k = new Array<SqlValue>(this.nKeys);
    evalKey(this.out, k);
    return hasNull(k) ? undefined : k;
  }

  private pushSide(s: 0 | 1, row: Row): void {
    if (row.rowtime < this.now) {
      return this.onError('LATE_ROW', `row is late: ROWTIME ${new Date(row.rowtime).toISOString()} is before ${new Date(this.now).toISOString()} already seen by a JOIN`, this.describe(s, row));
    }
    const v = row.values.slice(0, this.widths[s] - 1);
    v.push(row.rowtime);
    let k: SqlValue[] | undefined;
    try {
      k = this.keyFor(s, v);
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, `JOIN: ${e.message}`, this.describe(s, row));
      throw e;
    }
    this.now = row.rowtime;
    this.expire(this.now);
    const entry: Entry = { t: row.rowtime, v, k, matched: false };
    const o = (1 - s) as 0 | 1;
    const other = this.sides[o];
    const cands = this.nKeys > 0 && k === undefined ? undefined : other.candidates(k);
    if (cands !== undefined && cands.size > 0) {
      const items = cands.items;
      const end = items.length;
      for (let i = cands.head; i < end; i++) {
        const c = items[i]!;
        fillSide(this.out.values, this.widths, s, v);
        fillSide(this.out.values, this.widths, o, c.v);
        this.out.rowtime = row.rowtime;
        let ok: unknown = true;
        if (this.condition !== undefined) {
          try {
            ok = this.condition(this.out);
          } catch (e) {
            if (e instanceof RowError) {
              this.onError(e.errorName, `JOIN ON: ${e.message}`, this.out);
              continue;
            }
            throw e;
          }
        }
        if (ok !== true) continue;
        entry.matched = true;
        c.matched = true;
        this.next(this.out);
      }
    }
    const mine = this.sides[s];
    if (!mine.stores) {
      if (mine.keeps && !entry.matched) this.emitUnmatched(s, entry, row.rowtime);
      return;
    }
    mine.add(entry);
    const w = mine.side.window;
    if (w.kind === 'rows') {
      while (mine.fifo.size > w.count + 1) {
        const gone = mine.removeOldest();
        if (mine.keeps && !gone.matched) this.emitUnmatched(s, gone, row.rowtime);
      }
    }
  }

  /** A row of an input named by its side's columns (positional width of the joined row, so DATA_ROW stays readable). */
  private describe(s: 0 | 1, row: Row): Row {
    const v = row.values.slice(0, this.widths[s] - 1);
    v.push(row.rowtime);
    fillSide(this.out.values, this.widths, s, v);
    fillSide(this.out.values, this.widths, (1 - s) as 0 | 1, undefined);
    return { rowtime: row.rowtime, values: this.out.values.slice() };
  }

  private emitUnmatched(s: 0 | 1, e: Entry, rowtime: number): void {
    fillSide(this.out.values, this.widths, s, e.v);
    fillSide(this.out.values, this.widths, (1 - s) as 0 | 1, undefined);
    this.out.rowtime = rowtime;
    this.next(this.out);
  }

  /** Evicts RANGE rows whose window ended at or before `now`; kept unmatched ones come out in ROWTIME order. */
  private expire(now: number): void {
    const [a, b] = this.sides;
    for (;;) {
      const ea = a.side.window.kind === 'range' ? a.fifo.oldest() : undefined;
      const eb = b.side.window.kind === 'range' ? b.fifo.oldest() : undefined;
      const ta = ea === undefined ? Infinity : a.endOf(ea.t);
      const tb = eb === undefined ? Infinity : b.endOf(eb.t);
      const t = Math.min(ta, tb);
      if (t > now) return;
      const s: 0 | 1 = ta <= tb ? 0 : 1;
      const st = this.sides[s];
      const gone = st.removeOldest();
      if (st.keeps && !gone.matched) this.emitUnmatched(s, gone, t);
    }
  }

  advance(): void {
    // Time here is the latest ROWTIME the join has seen: a stream derived by another pump (a window's
    // results, say) reaches the join with ROWTIMEs behind the input's, so the input's time cannot close
    // join windows without dropping rows that still match.
  }

  /** End of input: every kept row still waiting comes out, at the end of its window, in ROWTIME order. */
  flush(): void {
    const pending: { end: number; s: 0 | 1; e: Entry }[] = [];
    this.sides.forEach((st, s) => {
      if (!st.keeps) return;
      const { items, head } = st.fifo;
      for (let i = head; i < items.length; i++) {
        const e = items[i]!;
        if (!e.matched) pending.push({ end: Math.max(st.endOf(e.t), this.now), s: s as 0 | 1, e });
      }
    });
    pending.sort((x, y) => x.end - y.end || x.e.t - y.e.t);
    for (const p of pending) this.emitUnmatched(p.s, p.e, p.end);
    for (const st of this.sides) st.clear();
  }

  snapshot(): unknown {
    return {
      now: Number.isFinite(this.now) ? this.now : null,
      sides: this.sides.map((st) => st.fifo.items.slice(st.fifo.head).map((e) => [e.t, e.v, e.matched])),
    };
  }

  restore(state: unknown): void {
    const s = state as { now: number | null; sides: [number, SqlValue[], boolean][][] } | null;
    for (const st of this.sides) st.clear();
    this.now = -Infinity;
    if (s === null || s === undefined) return;
    const wellFormed = typeof s === 'object' && Array.isArray(s.sides) && s.sides.length === 2
      && s.sides.every((rows, i) => Array.isArray(rows) && rows.every((r) => Array.isArray(r) && typeof r[0] === 'number' && Array.isArray(r[1]) && r[1].length === this.widths[i]));
    if (!wellFormed) throw new SqlError('KAV2_INVALID_STATE', 'join window state does not match this application');
    s.sides.forEach((rows, i) => {
      for (const [t, v, matched] of rows) this.sides[i]!.add({ t, v, k: this.keyFor(i as 0 | 1, v), matched: matched === true });
    });
    this.now = s.now ?? -Infinity;
  }

  explain(): string {
    return explainNode({ kind: 'join', join: this.join });
  }
}

/**
 * A stream-to-table JOIN (reference data): each stream row is looked up in the table as it arrives
 * and joined with every matching table row, keeping the stream row's ROWTIME; under a LEFT (or
 * RIGHT) OUTER JOIN that keeps the stream, a row without a match comes out with NULLs for the table.
 */
export class TableJoinOperator extends StatelessOperator {
  private readonly streamSide: 0 | 1;
  private readonly widths: [number, number];
  private readonly keeps: boolean;
  private readonly condition: Evaluator | undefined;
  private readonly streamKey: MultiEvaluator | undefined;
  private readonly rows: TableRows;
  private readonly index: CompositeKeyMap<(readonly SqlValue[])[]> | undefined;
  private readonly out: Row;
  private readonly key: SqlValue[];

  constructor(private readonly join: BoundJoin, rows: TableRows, env: EvalEnv, private readonly next: Emit, private readonly onError: OnRowError) {
    super();
    this.streamSide = join.left.kind === 'stream' ? 0 : 1;
    this.widths = [sideWidth(join.left), sideWidth(join.right)];
    this.keeps = join.type === (this.streamSide === 0 ? 'LEFT' : 'RIGHT');
    this.condition = join.condition ? generateEvaluator(join.condition, env) : undefined;
    this.rows = rows;
    this.out = { rowtime: 0, values: new Array<SqlValue>(this.widths[0] + this.widths[1]).fill(null) };
    this.key = join.keys.map(() => null);
    const streamName = this.streamSide === 0 ? 'left' : 'right';
    const tableName = this.streamSide === 0 ? 'right' : 'left';
    if (join.keys.length > 0) {
      this.streamKey = keyEvaluator(join, streamName, env);
      const tableKey = keyEvaluator(join, tableName, env)!;
      const index = new CompositeKeyMap<(readonly SqlValue[])[]>(join.keys.map((_, i) => i));
      const t = (1 - this.streamSide) as 0 | 1;
      for (const r of rows) {
        fillSide(this.out.values, this.widths, t, r);
        const k = join.keys.map(() => null as SqlValue);
        try {
          tableKey(this.out, k);
        } catch (e) {
          // A key the table row cannot compute matches no stream row; the condition would fail the same way.
          if (e instanceof RowError) continue;
          throw e;
        }
        if (hasNull(k)) continue;
        const list = index.get(k);
        if (list) list.push(r);
        else index.set(k, [r]);
      }
      this.index = index;
    }
  }

  push(row: Row): void {
    const s = this.streamSide;
    const t = (1 - s) as 0 | 1;
    const streamWidth = this.widths[s];
    const values = this.out.values;
    const offset = s === 0 ? 0 : this.widths[0];
    let matched = false;
    try {
      for (let i = 0; i < streamWidth - 1; i++) values[offset + i] = row.values[i] ?? null;
      values[offset + streamWidth - 1] = row.rowtime;
      this.out.rowtime = row.rowtime;
      let cands: readonly (readonly SqlValue[])[] | undefined = this.rows;
      if (this.index !== undefined) {
        this.streamKey!(this.out, this.key);
        cands = hasNull(this.key) ? undefined : this.index.get(this.key);
      }
      if (cands !== undefined) {
        for (const r of cands) {
          fillSide(this.out.values, this.widths, t, r);
          if (this.condition !== undefined && this.condition(this.out) !== true) continue;
          matched = true;
          this.next(this.out);
        }
      }
    } catch (e) {
      if (e instanceof RowError) return this.onError(e.errorName, `JOIN: ${e.message}`, row);
      throw e;
    }
    if (!matched && this.keeps) {
      fillSide(this.out.values, this.widths, t, undefined);
      this.next(this.out);
    }
  }

  explain(): string {
    return explainNode({ kind: 'join', join: this.join });
  }
}

/** Builds the operator of a plan's join node; `pushRight` is the second input of a stream-to-stream join. */
export const createJoinOperator = (
  join: BoundJoin,
  env: EvalEnv,
  next: Emit,
  onError: OnRowError,
): { op: Operator; right?: { source: string; push: (row: Row) => void } } => {
  if (join.left.kind === 'stream' && join.right.kind === 'stream') {
    const op = new StreamJoinOperator(join, env, next, onError);
    return { op, right: { source: join.right.name, push: (row) => op.pushRight(row) } };
  }
  const table = join.left.kind === 'table' ? join.left : join.right;
  const rows = env.tables?.get(table.name);
  if (rows === undefined) throw new SqlError('KAV2_UNKNOWN_STREAM', `reference table ${table.name} has no data loaded`);
  return { op: new TableJoinOperator(join, rows, env, next, onError) };
};
