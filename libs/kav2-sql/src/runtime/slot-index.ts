import { type SqlValue } from '../analyzer/sql-type';

const EMPTY = 0;
const NULL_HASH = 0x2545f491;
const TRUE_HASH = 0x6b43a9b5;
const FALSE_HASH = 0x1b873593;
const NAN_HASH = 0x7ff80000;
// Longer text hashes its first and last HASHED_HALF characters (and its length); equality still compares it whole.
const HASHED_HALF = 32;

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

const hashText = (s: string): number => {
  let h = 0x811c9dc5 ^ s.length;
  const n = s.length;
  if (n <= 2 * HASHED_HALF) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < HASHED_HALF; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    for (let i = n - HASHED_HALF; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h;
};

const hashNumber = (x: number): number => {
  if ((x | 0) === x) return x | 0; // -0 lands here too, as 0 (it equals 0 as a key)
  if (x !== x) return NAN_HASH;
  f64[0] = x;
  return i32[0]! ^ Math.imul(i32[1]!, 0x27d4eb2d);
};

const hashValue = (v: SqlValue): number =>
  typeof v === 'string' ? hashText(v) : typeof v === 'number' ? hashNumber(v) : v === null ? NULL_HASH : v === true ? TRUE_HASH : v === false ? FALSE_HASH : 0;

/** Murmur3's finaliser: every input bit reaches the low bits the table masks with. */
const mix = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** Map's key equality (SameValueZero): NaN is one key, and 0 and -0 are the same. */
const sameKey = (a: SqlValue, b: SqlValue): boolean => a === b || (a !== a && b !== b);

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
    if (slot >= this.hashOf.length) {
      const grown = new Int32Array(Math.max(this.hashOf.length * 2, slot + 1));
      grown.set(this.hashOf);
      this.hashOf = grown;
    }
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
    const table = this.table;
    const mask = this.mask;
    let b = this.hashOf[slot]! & mask;
    while (table[b] !== slot + 1) b = (b + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole when their home allows it.
    let hole = b;
    for (let j = (hole + 1) & mask; table[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.hashOf[table[j]! - 1]! & mask;
      // The entry at j may move to the hole unless its home lies cyclically in (hole, j].
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        table[hole] = table[j]!;
        hole = j;
      }
    }
    table[hole] = EMPTY;
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
    const old = this.table;
    this.table = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let b = 0; b < old.length; b++) {
      const e = old[b]!;
      if (e === EMPTY) continue;
      let j = this.hashOf[e - 1]! & this.mask;
      while (this.table[j] !== EMPTY) j = (j + 1) & this.mask;
      this.table[j] = e;
    }
  }
}
