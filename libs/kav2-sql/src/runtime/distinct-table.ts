import { type SqlValue } from '../analyzer/sql-type';
import { hashValue, mix, sameKey } from './key-hash';
import { EMPTY, grownInt32, rehashBuckets, removeFromBuckets } from './open-addressing';

/**
 * The values every COUNT(DISTINCT) of a group table has seen, for all its groups at once: one flat
 * open-addressing set of (owner, value) entries, where an owner is one aggregate of one group.
 * Entries live in columns and each owner's entries are chained, so a group's values can be listed
 * (snapshots) or dropped (a group closing on its own) without a Set per group and aggregate: those
 * lived for a window's length, were promoted out of V8's young generation and died there, and
 * adding to them cost more than the rest of a wide GROUP BY. Values compare as Set elements do.
 */
export class DistinctTable {
  /** Entry + 1 per bucket; EMPTY when free (linear probing, deletion by backward shift). */
  private buckets = new Int32Array(256);
  private mask = 255;
  private count = 0;
  // Entry columns.
  private owners = new Int32Array(128);
  private hashes = new Int32Array(128);
  /** The next entry + 1 of the same owner (0 ends the chain). */
  private nextOfOwner = new Int32Array(128);
  private values: SqlValue[] = [];
  /** Entries ever handed out; freed ones below it are in `free`. */
  private used = 0;
  private free: number[] = [];
  /** An owner's first entry + 1 (0: none). */
  private heads = new Int32Array(64);

  /** Adds `v` to the values of `owner`; true when it was not there yet. */
  add(owner: number, v: SqlValue): boolean {
    const h = mix(hashValue(v) ^ Math.imul(owner + 1, 0x9e3779b1));
    const buckets = this.buckets;
    const mask = this.mask;
    let b = h & mask;
    for (let e = buckets[b]!; e !== EMPTY; e = buckets[b]!) {
      const i = e - 1;
      if (this.hashes[i] === h && this.owners[i] === owner && sameKey(this.values[i]!, v)) return false;
      b = (b + 1) & mask;
    }
    const i = this.newEntry();
    this.owners[i] = owner;
    this.hashes[i] = h;
    this.values[i] = v;
    if (owner >= this.heads.length) this.heads = grownInt32(this.heads, owner + 1);
    this.nextOfOwner[i] = this.heads[owner]!;
    this.heads[owner] = i + 1;
    buckets[b] = i + 1;
    if (++this.count * 2 > buckets.length) this.resize(buckets.length * 2);
    return true;
  }

  /** The values of `owner`, in no particular order. */
  valuesOf(owner: number): SqlValue[] {
    const out: SqlValue[] = [];
    if (owner >= this.heads.length) return out;
    for (let e = this.heads[owner]!; e !== 0; e = this.nextOfOwner[e - 1]!) out.push(this.values[e - 1]!);
    return out;
  }

  /** Forgets the values of `owner` (its group closed while others stay open). */
  removeOwner(owner: number): void {
    if (owner >= this.heads.length) return;
    for (let e = this.heads[owner]!; e !== 0; e = this.nextOfOwner[e - 1]!) this.unindex(e - 1);
    this.heads[owner] = 0;
  }

  /** Forgets every value (a window closed); capacity stays for the next one. */
  clear(): void {
    if (this.used === 0) return;
    this.buckets.fill(EMPTY);
    this.values.fill(null, 0, this.used);
    this.heads.fill(0);
    this.used = 0;
    this.free.length = 0;
    this.count = 0;
  }

  private newEntry(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const i = this.used++;
    if (i === this.owners.length) {
      this.owners = grownInt32(this.owners, i + 1);
      this.hashes = grownInt32(this.hashes, i + 1);
      this.nextOfOwner = grownInt32(this.nextOfOwner, i + 1);
    }
    return i;
  }

  /** Takes entry `i` out of the buckets and frees it. */
  private unindex(i: number): void {
    removeFromBuckets(this.buckets, this.hashes, i);
    this.values[i] = null;
    this.free.push(i);
    this.count--;
  }

  private resize(capacity: number): void {
    this.buckets = rehashBuckets(this.buckets, this.hashes, capacity);
    this.mask = capacity - 1;
  }
}
