import { type SqlValue } from '../analyzer/sql-type';
import { CompositeKeyMap } from './composite-key-map';

/** One partition of a counting window: how many of its rows are in the frame, and per counter how many count. */
export interface CountingPartition {
  readonly keys: SqlValue[];
  /** The partition's entry in the key map: its innermost level and key there (removal touches only that). */
  readonly leaf: Map<SqlValue, unknown>;
  readonly leafKey: SqlValue;
  size: number;
  readonly counts: number[];
}

/**
 * A RANGE window whose every call is a running COUNT, over all its partitions at once. Rows arrive
 * in ROWTIME order (later rows are refused upstream), so the rows of every partition leave the frame
 * in arrival order too: one FIFO of (time, partition, which counters the row counts in) replaces a
 * queue per partition, and a partition is forgotten the moment its last row leaves. Nothing needs
 * sweeping, and a row costs three array slots instead of an object.
 */
export class CountingRangeWindow {
  readonly parts: CompositeKeyMap<CountingPartition>;
  private times: Float64Array;
  private owners: (CountingPartition | undefined)[];
  private masks: Int32Array;
  private head = 0;
  private length = 0;

  /** `counters`: running counts per partition; `arity`: partition key values. */
  constructor(private readonly counters: number, arity: number, initialCapacity = 1024) {
    this.parts = new CompositeKeyMap(Array.from({ length: arity }, (_, i) => i));
    this.times = new Float64Array(initialCapacity);
    this.owners = new Array<CountingPartition | undefined>(initialCapacity).fill(undefined);
    this.masks = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.length;
  }

  /** Adds a row of partition `keys` at time `t`; bit j of `mask` set when counter j counts it. */
  add(keys: readonly SqlValue[], t: number, mask: number): CountingPartition {
    const leaf = this.parts.leaf(keys);
    const leafKey = this.parts.leafKey(keys);
    let p = leaf.get(leafKey) as CountingPartition | undefined;
    if (p === undefined) {
      p = { keys: keys.slice(), leaf, leafKey, size: 0, counts: new Array<number>(this.counters).fill(0) };
      leaf.set(leafKey, p);
      this.parts.leafAdded();
    }
    p.size++;
    for (let j = 0; mask >>> j !== 0; j++) if ((mask & (1 << j)) !== 0) p.counts[j]!++;
    if (this.length === this.times.length) this.grow();
    const cap = this.times.length;
    const i = (this.head + this.length) & (cap - 1);
    this.times[i] = t;
    this.owners[i] = p;
    this.masks[i] = mask;
    this.length++;
    return p;
  }

  /** Drops rows at or before `t` (a row exactly RANGE older than the current one is outside the window). */
  evictUpTo(t: number): void {
    const cap = this.times.length;
    while (this.length > 0 && this.times[this.head]! <= t) {
      const p = this.owners[this.head]!;
      const mask = this.masks[this.head]!;
      this.owners[this.head] = undefined;
      this.head = (this.head + 1) & (cap - 1);
      this.length--;
      for (let j = 0; mask >>> j !== 0; j++) if ((mask & (1 << j)) !== 0) p.counts[j]!--;
      if (--p.size === 0) {
        p.leaf.delete(p.leafKey);
        this.parts.leafRemoved(p.leaf, p.keys);
      }
    }
  }

  /** The rows in the frame, oldest first, as (partition, time, mask). */
  *entries(): Generator<[partition: CountingPartition, t: number, mask: number]> {
    const cap = this.times.length;
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) & (cap - 1);
      yield [this.owners[i]!, this.times[i]!, this.masks[i]!];
    }
  }

  clear(): void {
    this.parts.clear();
    this.owners.fill(undefined);
    this.head = 0;
    this.length = 0;
  }

  // Capacity stays a power of two so positions wrap with a mask.
  private grow(): void {
    const cap = this.times.length;
    const times = new Float64Array(cap * 2);
    const owners = new Array<CountingPartition | undefined>(cap * 2).fill(undefined);
    const masks = new Int32Array(cap * 2);
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) & (cap - 1);
      times[k] = this.times[i]!;
      owners[k] = this.owners[i];
      masks[k] = this.masks[i]!;
    }
    this.times = times;
    this.owners = owners;
    this.masks = masks;
    this.head = 0;
  }
}
