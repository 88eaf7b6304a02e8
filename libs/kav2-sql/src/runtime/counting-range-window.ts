import { type SqlValue } from '../analyzer/sql-type';
import { SlotIndex } from './slot-index';

/**
 * A RANGE window whose every call is a running COUNT, over all its partitions at once. Rows arrive
 * in ROWTIME order (later rows are refused upstream), so the rows of every partition leave the frame
 * in arrival order too: one FIFO of (time, partition, which counters the row counts in) replaces a
 * queue per partition, and a partition is forgotten the moment its last row leaves. Nothing needs
 * sweeping.
 *
 * Partitions are numbered slots in flat arrays rather than objects: a partition typically lives for
 * the RANGE (seconds), long enough to survive young-generation collections, so an object per
 * partition would be copied and promoted before dying. Slots are reused through a free list.
 */
export class CountingRangeWindow {
  private readonly parts: SlotIndex;
  private readonly arity: number;
  // FIFO of rows (ring buffer, power-of-two capacity).
  private times: Float64Array;
  private owners: Int32Array;
  private masks: Int32Array;
  private head = 0;
  private length = 0;
  // Partition slots.
  private sizes: Int32Array;
  private counts: Int32Array;
  /** keyCols[i][slot]: the partition's i-th key value (what the index compares, and for snapshots). */
  private readonly keyCols: SqlValue[][];
  private free: number[] = [];
  private slots = 0;

  /** `counters`: running counts per partition; `arity`: partition key values. */
  constructor(private readonly counters: number, arity: number, initialCapacity = 1024) {
    this.arity = arity;
    this.times = new Float64Array(initialCapacity);
    this.owners = new Int32Array(initialCapacity);
    this.masks = new Int32Array(initialCapacity);
    this.sizes = new Int32Array(256);
    this.counts = new Int32Array(256 * Math.max(counters, 1));
    this.keyCols = Array.from({ length: arity }, () => []);
    this.parts = new SlotIndex(Array.from({ length: arity }, (_, i) => i), this.keyCols);
  }

  /** Adds a row of partition `keys` at time `t` (bit j of `mask` set when counter j counts it); returns its partition. */
  add(keys: readonly SqlValue[], t: number, mask: number): number {
    const h = this.parts.hash(keys);
    let p = this.parts.find(keys, h);
    if (p < 0) {
      p = this.newSlot(keys);
      this.parts.insert(p, h);
    }
    this.sizes[p]!++;
    const base = p * this.counters;
    for (let j = 0; mask >>> j !== 0; j++) if ((mask & (1 << j)) !== 0) this.counts[base + j]!++;
    if (this.length === this.times.length) this.grow();
    const i = (this.head + this.length) & (this.times.length - 1);
    this.times[i] = t;
    this.owners[i] = p;
    this.masks[i] = mask;
    this.length++;
    return p;
  }

  /** Counter j of partition `p`. */
  count(p: number, j: number): number {
    return this.counts[p * this.counters + j]!;
  }

  /** Drops rows at or before `t`, or only before it when `inclusive` is false (a zero-width RANGE keeps rows at `t`). */
  evictUpTo(t: number, inclusive = true): void {
    const cap = this.times.length;
    while (this.length > 0 && (this.times[this.head]! < t || (inclusive && this.times[this.head]! === t))) {
      const p = this.owners[this.head]!;
      const mask = this.masks[this.head]!;
      this.head = (this.head + 1) & (cap - 1);
      this.length--;
      const base = p * this.counters;
      for (let j = 0; mask >>> j !== 0; j++) if ((mask & (1 << j)) !== 0) this.counts[base + j]!--;
      if (--this.sizes[p]! === 0) this.release(p);
    }
  }

  /** The key values of partition `p`. */
  keysOf(p: number): SqlValue[] {
    return this.keyCols.map((col) => col[p]!);
  }

  /** The rows in the frame, oldest first, as (partition, time, mask). */
  *entries(): Generator<[partition: number, t: number, mask: number]> {
    const cap = this.times.length;
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) & (cap - 1);
      yield [this.owners[i]!, this.times[i]!, this.masks[i]!];
    }
  }

  clear(): void {
    this.parts.clear();
    this.head = 0;
    this.length = 0;
    this.sizes.fill(0);
    this.counts.fill(0);
    for (const col of this.keyCols) col.length = 0;
    this.free = [];
    this.slots = 0;
  }

  private newSlot(keys: readonly SqlValue[]): number {
    let p = this.free.pop();
    if (p === undefined) {
      p = this.slots++;
      if (p === this.sizes.length) {
        const sizes = new Int32Array(this.sizes.length * 2);
        sizes.set(this.sizes);
        this.sizes = sizes;
        const counts = new Int32Array(this.counts.length * 2);
        counts.set(this.counts);
        this.counts = counts;
      }
    }
    for (let i = 0; i < this.arity; i++) this.keyCols[i]![p] = keys[i]!;
    return p;
  }

  private release(p: number): void {
    this.parts.remove(p);
    // Keep no references from a free slot: its keys may be collected.
    for (const col of this.keyCols) col[p] = null;
    this.free.push(p);
  }

  // Capacity stays a power of two so positions wrap with a mask.
  private grow(): void {
    const cap = this.times.length;
    const times = new Float64Array(cap * 2);
    const owners = new Int32Array(cap * 2);
    const masks = new Int32Array(cap * 2);
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) & (cap - 1);
      times[k] = this.times[i]!;
      owners[k] = this.owners[i]!;
      masks[k] = this.masks[i]!;
    }
    this.times = times;
    this.owners = owners;
    this.masks = masks;
    this.head = 0;
  }
}
