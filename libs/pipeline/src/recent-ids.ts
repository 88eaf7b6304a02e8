const INITIAL_ENTRIES = 1024;

/**
 * A bounded set of recently seen ids (insertion order eviction), so duplicates are dropped across
 * batches without growing without bound. Ids older than `capacity` insertions may be seen again;
 * the deterministic object names make such late replays overwrite rather than duplicate.
 *
 * The ids live outside the JS heap, as UTF-16 code units in typed arrays with an open-addressing
 * table over them: a `Set` of a million id strings kept them all alive, so every garbage collection
 * walked them, and it cost the local pipeline more than the lookups.
 */
export class RecentIds {
  // Live ids, oldest first: a ring of entries (where the text starts, its length, its hash).
  private starts = new Int32Array(INITIAL_ENTRIES);
  private lengths = new Int32Array(INITIAL_ENTRIES);
  private hashes = new Int32Array(INITIAL_ENTRIES);
  private head = 0;
  private count = 0;
  // The ids' text, appended; compacted when full. `liveChars` counts the text of live ids.
  private chars = new Uint16Array(INITIAL_ENTRIES * 16);
  private usedChars = 0;
  private liveChars = 0;
  // Open addressing with linear probing: entry index + 1, 0 = empty; at most half full.
  private slots = new Int32Array(INITIAL_ENTRIES * 2);
  private mask = INITIAL_ENTRIES * 2 - 1;

  // Whole ids remembered: a fractional capacity keeps its floor, a negative one none, NaN no bound.
  private readonly limit: number;

  /** @param capacity Most ids remembered. @default 1_000_000 */
  constructor(readonly capacity = 1_000_000) {
    this.limit = Number.isNaN(capacity) ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(capacity));
  }

  has(id: string): boolean {
    return this.find(id, hashOf(id)) >= 0;
  }

  /** Remembers `id`; returns false when it was already remembered (one lookup for "check, then add"). */
  add(id: string): boolean {
    const hash = hashOf(id);
    if (this.find(id, hash) >= 0) return false;
    if (this.limit === 0) return true;
    if (this.count >= this.limit) this.evictOldest();
    if (this.count === this.starts.length) this.growEntries();
    if (this.usedChars + id.length > this.chars.length) this.compactChars(id.length);
    const entry = (this.head + this.count) % this.starts.length;
    this.starts[entry] = this.usedChars;
    this.lengths[entry] = id.length;
    this.hashes[entry] = hash;
    for (let i = 0; i < id.length; i++) this.chars[this.usedChars + i] = id.charCodeAt(i);
    this.usedChars += id.length;
    this.liveChars += id.length;
    this.count++;
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry + 1;
    return true;
  }

  get size(): number {
    return this.count;
  }

  /** The slot holding `id`, or -1. */
  private find(id: string, hash: number): number {
    const { slots, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const ref = slots[slot]!;
      if (ref === 0) return -1;
      const entry = ref - 1;
      if (this.hashes[entry] === hash && this.lengths[entry] === id.length && this.textIs(entry, id)) return slot;
    }
  }

  private textIs(entry: number, id: string): boolean {
    const start = this.starts[entry]!;
    for (let i = 0; i < id.length; i++) if (this.chars[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private evictOldest(): void {
    const oldest = this.head;
    let slot = this.hashes[oldest]! & this.mask;
    while (this.slots[slot] !== oldest + 1) slot = (slot + 1) & this.mask;
    this.removeSlot(slot);
    this.liveChars -= this.lengths[oldest]!;
    this.head = (this.head + 1) % this.starts.length;
    this.count--;
  }

  /** Backward-shift deletion: later entries of the probe run move up, so no tombstones are needed. */
  private removeSlot(hole: number): void {
    const { slots, mask } = this;
    let i = hole;
    for (let j = (i + 1) & mask; slots[j] !== 0; j = (j + 1) & mask) {
      const home = this.hashes[slots[j]! - 1]! & mask;
      // Move j into the hole unless its home lies cyclically in (i, j].
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!stays) {
        slots[i] = slots[j]!;
        i = j;
      }
    }
    slots[i] = 0;
  }

  /** Doubles the ring (up to `capacity`) and the table, oldest entry first at index 0. */
  private growEntries(): void {
    const size = Math.min(this.limit, this.starts.length * 2);
    const order = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const out = new Int32Array(size);
      for (let k = 0; k < this.count; k++) out[k] = a[(this.head + k) % a.length]!;
      return out;
    };
    this.starts = order(this.starts);
    this.lengths = order(this.lengths);
    this.hashes = order(this.hashes);
    this.head = 0;
    let tableSize = this.slots.length;
    while (tableSize < size * 2) tableSize *= 2;
    this.slots = new Int32Array(tableSize);
    this.mask = tableSize - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry + 1;
    }
  }

  /** Copies the live text to the front of a buffer with room for `more` (evicted text is dropped). */
  private compactChars(more: number): void {
    const needed = this.liveChars + more;
    const chars = needed * 2 > this.chars.length ? new Uint16Array(needed * 2) : new Uint16Array(this.chars.length);
    let at = 0;
    for (let k = 0; k < this.count; k++) {
      const entry = (this.head + k) % this.starts.length;
      const start = this.starts[entry]!, length = this.lengths[entry]!;
      chars.set(this.chars.subarray(start, start + length), at);
      this.starts[entry] = at;
      at += length;
    }
    this.chars = chars;
    this.usedChars = at;
  }
}

/** FNV-1a over UTF-16 code units, then mixed so the low bits (the table index) depend on every unit. */
const hashOf = (id: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 16);
};
