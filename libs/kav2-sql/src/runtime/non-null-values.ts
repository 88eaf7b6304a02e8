import { type SqlValue } from '../analyzer/sql-type';

/**
 * The non-NULL values of one argument over a frame, oldest first, so IGNORE NULLS (FIRST_VALUE,
 * LAST_VALUE, NTH_VALUE, LAG) finds the k-th one from either end at once instead of stepping over NULLs.
 * Rows leave a frame oldest first, so a non-NULL value leaving is always the first one held.
 */
export class NonNullValues {
  private values: SqlValue[] = [];
  private head = 0;

  get size(): number {
    return this.values.length - this.head;
  }

  add(v: SqlValue): void {
    if (v !== null) this.values.push(v);
  }

  evict(v: SqlValue): void {
    if (v === null) return;
    this.head++;
    if (this.head > 64 && this.head * 2 > this.values.length) {
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
  }

  /** The i-th non-NULL value from the oldest (0: the oldest), or NULL past the last. */
  fromOldest(i: number): SqlValue {
    return i < this.size ? this.values[this.head + i]! : null;
  }

  /** The i-th non-NULL value from the newest (0: the newest), or NULL past the first. */
  fromNewest(i: number): SqlValue {
    return i < this.size ? this.values[this.values.length - 1 - i]! : null;
  }
}
