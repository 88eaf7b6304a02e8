import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';

/** Distinct values counted exactly before the summary starts to approximate (Space-Saving). */
export const topKCapacity = (k: number): number => Math.max(10_000, 4 * k);

interface TopKState {
  readonly items: readonly [SqlValue, number, number][];
  readonly seq: number;
}

/**
 * The counts behind TOP_K_ITEMS_TUMBLING. Exact while a window holds up to `capacity` distinct
 * values; past that it is the Space-Saving summary (Metwally et al.): a new value replaces the
 * least counted one and inherits its count, so memory stays bounded and frequent values survive.
 * That is the approximation the SQL Reference describes ("may return three of the five most
 * traded stocks"). NULLs are not counted. Ties are reported in first-seen order.
 */
export class TopKCounter {
  private readonly slot = new Map<SqlValue, number>();
  private items: SqlValue[] = [];
  private counts: number[] = [];
  /** First-seen order of each slot's value (ties in the result keep it). */
  private order: number[] = [];
  private seq = 0;
  /** Min-heap of slots by count, built when the summary first fills up. */
  private heap: number[] | undefined;
  private heapPos: number[] = [];

  constructor(private readonly k: number, private readonly capacity = topKCapacity(k)) {}

  add(v: SqlValue): void {
    if (v === null) return;
    const s = this.slot.get(v);
    if (s !== undefined) {
      this.counts[s]!++;
      if (this.heap) this.siftDown(this.heapPos[s]!);
      return;
    }
    if (this.items.length < this.capacity) {
      this.slot.set(v, this.items.length);
      this.items.push(v);
      this.counts.push(1);
      this.order.push(this.seq++);
      return;
    }
    if (!this.heap) this.buildHeap();
    const m = this.heap![0]!;
    this.slot.delete(this.items[m]!);
    this.slot.set(v, m);
    this.items[m] = v;
    this.counts[m]!++;
    this.order[m] = this.seq++;
    this.siftDown(0);
  }

  /** The K most counted values, most counted first: [ITEM, ITEM_COUNT] rows. */
  results(): SqlValue[][] {
    const slots = this.items.map((_, i) => i);
    slots.sort((a, b) => this.counts[b]! - this.counts[a]! || this.order[a]! - this.order[b]!);
    return slots.slice(0, this.k).map((s) => [this.items[s]!, this.counts[s]!]);
  }

  snapshot(): TopKState {
    return { items: this.items.map((v, i) => [v, this.counts[i]!, this.order[i]!]), seq: this.seq };
  }

  restore(state: unknown): void {
    const s = state as Partial<TopKState> | null;
    if (!s || !Array.isArray(s.items) || typeof s.seq !== 'number' || s.items.length > this.capacity) {
      throw new SqlError('KAV2_INVALID_STATE', 'TOP_K_ITEMS_TUMBLING: not a top-k state');
    }
    s.items.forEach(([v, c, o], i) => {
      this.slot.set(v, i);
      this.items.push(v);
      this.counts.push(c);
      this.order.push(o);
    });
    this.seq = s.seq;
  }

  // Heap order: fewer counts first; among equals the newest value goes first (it has least history).
  private less(a: number, b: number): boolean {
    const ca = this.counts[a]!;
    const cb = this.counts[b]!;
    return ca < cb || (ca === cb && this.order[a]! > this.order[b]!);
  }

  private buildHeap(): void {
    this.heap = this.items.map((_, i) => i);
    this.heapPos = this.heap.slice();
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(i: number): void {
    const h = this.heap!;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      const t = h[i]!;
      h[i] = h[m]!;
      h[m] = t;
      this.heapPos[h[i]!] = i;
      this.heapPos[h[m]!] = m;
      i = m;
    }
  }
}
