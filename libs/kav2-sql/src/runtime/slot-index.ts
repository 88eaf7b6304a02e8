import { type SqlValue } from '../analyzer/sql-type';
import { hashValue, mix, sameKey } from './key-hash';
import { EMPTY, grownInt32, rehashBuckets, removeFromBuckets } from './open-addressing';

/**
 * A hash index from composite keys to numbered slots whose key values the owner already keeps in
 * columns (`keyCols[position][slot]`). One flat open-addressing table (linear probing, deletion by
 * backward shift) replaces a Map per key level: a lookup hashes the key values once and compares
 * them against the slot's columns, and adding or removing an entry allocates nothing. Keys compare
 * as Map keys do.
 */
export class SlotIndex {
  /** Slot + 1 per bucket; EMPTY when free. */
  private table = new Int32Array(64);
  private mask = 63;
  /** The hash of each indexed slot's key, to find its bucket again and to skip most comparisons. */
  private hashOf = new Int32Array(64);
  private count = 0;

  /**
   * `positions`: which entries of a key array (and which key columns) make up the key.
   * `keyCols`: the owner's key columns, read (never written) to compare keys.
   */
  constructor(private readonly positions: readonly number[], private readonly keyCols: readonly (readonly SqlValue[])[]) {}

  get size(): number {
    return this.count;
  }

  /** The key's hash, for `find` and `insert` with the same key. */
  hash(keys: readonly SqlValue[]): number {
    const pos = this.positions;
    let h = 0x9e3779b9;
    for (let i = 0; i < pos.length; i++) h = Math.imul(h ^ hashValue(keys[pos[i]!]!), 0x01000193) + i;
    return mix(h);
  }

  /** The slot holding `keys` (hashed to `h`), or -1. */
  find(keys: readonly SqlValue[], h: number): number {
    const table = this.table;
    const mask = this.mask;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const e = table[b]!;
      if (e === EMPTY) return -1;
      const slot = e - 1;
      if (this.hashOf[slot] === h && this.matches(slot, keys)) return slot;
    }
  }

  /** Indexes `slot` under `keys` (hashed to `h`); the key must not be indexed already. */
  insert(slot: number, h: number): void {
    if ((this.count + 1) * 2 > this.table.length) this.resize(this.table.length * 2);
    if (slot >= this.hashOf.length) this.hashOf = grownInt32(this.hashOf, slot + 1);
    this.hashOf[slot] = h;
    const table = this.table;
    const mask = this.mask;
    let b = h & mask;
    while (table[b] !== EMPTY) b = (b + 1) & mask;
    table[b] = slot + 1;
    this.count++;
  }

  /** Removes `slot` from the index (it must be indexed). */
  remove(slot: number): void {
    removeFromBuckets(this.table, this.hashOf, slot);
    this.count--;
  }

  /** Forgets every entry; the capacity stays, as the owner's slot arrays do (the next window reuses both). */
  clear(): void {
    this.table.fill(EMPTY);
    this.count = 0;
  }

  private matches(slot: number, keys: readonly SqlValue[]): boolean {
    const pos = this.positions;
    const cols = this.keyCols;
    for (let i = 0; i < pos.length; i++) {
      const p = pos[i]!;
      if (!sameKey(cols[p]![slot]!, keys[p]!)) return false;
    }
    return true;
  }

  private resize(capacity: number): void {
    this.table = rehashBuckets(this.table, this.hashOf, capacity);
    this.mask = capacity - 1;
  }
}
