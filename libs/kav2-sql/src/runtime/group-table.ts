import { type AggCall, type BExpr } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { type AccLayout, type AccView, accumulatorLayout, resultOf, stateOf, storeState } from './accumulator-layout';
import { type AccState, aggregateFn, type AggregateFn } from './aggregates';
import { DistinctTable } from './distinct-table';
import { SlotIndex } from './slot-index';
import { type Fold, generateFold, generateMultiEvaluator, type MultiEvaluator } from './codegen';
import { type EvalEnv, type Row } from './row';

/** A live group: its slot number in the table. */
export type GroupSlot = number;

/** Serialised form of a group table, used by snapshot(). */
export type GroupTableState = [key: SqlValue[], accs: AccState[], openedAt: number][];

const NONE = -1;

/**
 * Groups of aggregates keyed by GROUP BY values, in first-seen order (which is the order KDA emits
 * them in). Shared by the tumbling, MONOTONIC-key and stagger operators.
 *
 * A group is a numbered slot in flat storage, not objects: its accumulators are a stretch of one
 * Float64Array and one value array (AccLayout), its key values sit in one array per key position,
 * and one SlotIndex finds a key's slot. A wide GROUP BY keeps tens of thousands of groups
 * for a window's length, long enough to be promoted out of V8's young generation before they die:
 * as objects, every closed window left them all behind as garbage, and every row chased pointers
 * through a group, its accumulators and their arrays. Freed slots are reused.
 */
export class GroupTable {
  /** Live groups by key (the shared window key left out): their slots. */
  private readonly byKey: SlotIndex;
  /** Every COUNT(DISTINCT)'s values, for all groups. */
  private readonly distinct = new DistinctTable();
  private readonly fns: AggregateFn[];
  private readonly layout: AccLayout;
  private readonly width: number;
  /** Key values then aggregate arguments of one row, in one generated function. */
  private readonly evaluate: MultiEvaluator;
  // Reused per row: every key and argument is evaluated before any accumulator changes, so a row
  // that fails half way leaves its group untouched.
  private readonly scratch: SqlValue[];
  private readonly fold: Fold;
  private capacity = 0;
  /** Slots ever handed out; those below it that are not live are in `free`. */
  private used = 0;
  private readonly free: GroupSlot[] = [];
  private live = 0;
  private nums = new Float64Array(0);
  private objs: unknown[] = [];
  /** keyCols[i][slot]: the group's i-th key value. */
  private readonly keyCols: SqlValue[][];
  private opened = new Float64Array(0);
  // Live slots in first-seen order, as a doubly linked list.
  private nextOf = new Int32Array(0);
  private prevOf = new Int32Array(0);
  private head = NONE;
  private tail = NONE;
  /** One group's accumulators, repointed per read (results and snapshots, not rows). */
  private readonly view: { n: Float64Array; o: unknown[]; nb: number; ob: number } = { n: this.nums, o: this.objs, nb: 0, ob: 0 };

  /**
   * `sharedKey`: a key position every live group has the same value in (a tumbling window's own
   * key: one window is open at a time), left out of the lookup.
   */
  constructor(keys: readonly BExpr[], aggs: readonly AggCall[], env: EvalEnv, sharedKey = -1) {
    this.width = keys.length;
    this.evaluate = generateMultiEvaluator([...keys, ...aggs.map((a) => a.arg)], env);
    this.fns = aggs.map((a) => aggregateFn(a.fn, a.distinct, a.type));
    this.layout = accumulatorLayout(aggs);
    this.fold = generateFold(aggs, this.layout, keys.length, this.distinct);
    this.scratch = new Array<SqlValue>(keys.length + aggs.length).fill(null);
    this.keyCols = keys.map(() => []);
    this.byKey = new SlotIndex(keys.map((_, i) => i).filter((i) => i !== sharedKey), this.keyCols);
  }

  get size(): number {
    return this.live;
  }

  /** Live groups in first-seen order. */
  groups(): GroupSlot[] {
    const out: GroupSlot[] = [];
    for (let g = this.head; g !== NONE; g = this.nextOf[g]!) out.push(g);
    return out;
  }

  /** ROWTIME of the group's first row. */
  openedAt(g: GroupSlot): number {
    return this.opened[g]!;
  }

  /** Evaluates the key and argument expressions of a row and folds it into its group (may throw RowError). */
  add(row: Row): GroupSlot {
    const values = this.scratch;
    this.evaluate(row, values);
    // The scratch array starts with the key values, so it is the lookup key as it is.
    const h = this.byKey.hash(values);
    let g = this.byKey.find(values, h);
    if (g < 0) {
      g = this.newGroup(values, row.rowtime);
      this.byKey.insert(g, h);
    }
    this.fold(this.nums, this.objs, g * this.layout.nums, g * this.layout.objs, values);
    return g;
  }

  /** Forgets one group (its window closed); its slot is reused. */
  remove(g: GroupSlot): void {
    this.byKey.remove(g);
    this.unlink(g);
    this.reset(g);
    this.free.push(g);
  }

  clear(): void {
    this.byKey.clear();
    this.distinct.clear();
    this.nums.fill(0, 0, this.used * this.layout.nums);
    this.objs.fill(null, 0, this.used * this.layout.objs);
    for (const col of this.keyCols) col.fill(null, 0, this.used);
    this.used = 0;
    this.free.length = 0;
    this.live = 0;
    this.head = NONE;
    this.tail = NONE;
  }

  /** Every live group's aggregated row, in first-seen order, and the table empty (a window closed). */
  drain(): SqlValue[][] {
    const rows: SqlValue[][] = [];
    for (let g = this.head; g !== NONE; g = this.nextOf[g]!) rows.push(this.result(g));
    this.clear();
    return rows;
  }

  /** The aggregated row of a group: key values then aggregate results. */
  result(g: GroupSlot): SqlValue[] {
    const out = this.keysOf(g);
    const slots = this.layout.slots;
    const view = this.viewOf(g);
    for (let i = 0; i < slots.length; i++) out.push(resultOf(slots[i]!, view) ?? this.fns[i]!.result(stateOf(slots[i]!, view, this.distinct)));
    return out;
  }

  snapshot(): GroupTableState {
    return this.groups().map((g) => {
      const view = this.viewOf(g);
      return [this.keysOf(g), this.fns.map((f, i) => f.save(stateOf(this.layout.slots[i]!, view, this.distinct))), this.opened[g]!];
    });
  }

  restore(state: unknown): void {
    if (!Array.isArray(state)) throw new SqlError('KAV2_INVALID_STATE', 'group table state must be an array');
    this.clear();
    for (const [keys, accs, openedAt] of state as GroupTableState) {
      const g = this.newGroup(keys, openedAt);
      const view = this.viewOf(g);
      accs.forEach((a, i) => storeState(this.layout.slots[i]!, view, this.fns[i]!.load(a), this.distinct));
      this.byKey.insert(g, this.byKey.hash(keys));
    }
  }

  private keysOf(g: GroupSlot): SqlValue[] {
    const out = new Array<SqlValue>(this.width);
    for (let i = 0; i < this.width; i++) out[i] = this.keyCols[i]![g]!;
    return out;
  }

  private viewOf(g: GroupSlot): AccView {
    const v = this.view;
    v.n = this.nums;
    v.o = this.objs;
    v.nb = g * this.layout.nums;
    v.ob = g * this.layout.objs;
    return v;
  }

  /** A zeroed slot for a new group with these key values (the first `width` of `keys`), appended to the order. */
  private newGroup(keys: readonly SqlValue[], openedAt: number): GroupSlot {
    let g = this.free.pop();
    if (g === undefined) {
      if (this.used === this.capacity) this.grow();
      g = this.used++;
    }
    for (let i = 0; i < this.width; i++) this.keyCols[i]![g] = keys[i]!;
    this.opened[g] = openedAt;
    this.prevOf[g] = this.tail;
    this.nextOf[g] = NONE;
    if (this.tail === NONE) this.head = g;
    else this.nextOf[this.tail] = g;
    this.tail = g;
    this.live++;
    return g;
  }

  private unlink(g: GroupSlot): void {
    const p = this.prevOf[g]!;
    const n = this.nextOf[g]!;
    if (p === NONE) this.head = n;
    else this.nextOf[p] = n;
    if (n === NONE) this.tail = p;
    else this.prevOf[n] = p;
    this.live--;
  }

  /** Zeroes a slot's accumulators and drops its references, so its values can be collected. */
  private reset(g: GroupSlot): void {
    const { nums, objs, slots } = this.layout;
    for (const s of slots) if (s.kind === 'distinct') this.distinct.removeOwner(g * nums + s.num);
    this.nums.fill(0, g * nums, (g + 1) * nums);
    this.objs.fill(null, g * objs, (g + 1) * objs);
    for (const col of this.keyCols) col[g] = null;
  }

  // Capacity doubles: a window's groups are allocated once, then reused by the next windows.
  private grow(): void {
    const cap = Math.max(64, this.capacity * 2);
    const nums = new Float64Array(cap * this.layout.nums);
    nums.set(this.nums);
    this.nums = nums;
    const objs = new Array<unknown>(cap * this.layout.objs).fill(null);
    for (let i = 0; i < this.objs.length; i++) objs[i] = this.objs[i];
    this.objs = objs;
    const opened = new Float64Array(cap);
    opened.set(this.opened);
    this.opened = opened;
    const nextOf = new Int32Array(cap);
    nextOf.set(this.nextOf);
    this.nextOf = nextOf;
    const prevOf = new Int32Array(cap);
    prevOf.set(this.prevOf);
    this.prevOf = prevOf;
    this.capacity = cap;
  }
}
