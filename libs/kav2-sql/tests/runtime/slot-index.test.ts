import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SqlValue } from '../../src/analyzer/sql-type';
import { SlotIndex } from '../../src/runtime/slot-index';

/** A SlotIndex with its owner's key columns and free list, checked against a Map of joined keys. */
class Owner {
  readonly cols: SqlValue[][];
  readonly index: SlotIndex;
  readonly model = new Map<string, number>();
  private readonly free: number[] = [];
  private used = 0;

  constructor(readonly positions: readonly number[], width: number) {
    this.cols = Array.from({ length: width }, () => []);
    this.index = new SlotIndex(positions, this.cols);
  }

  /** Map's key semantics (SameValueZero) spelled out: -0 is 0, NaN is one key. */
  private static modelKey(keys: readonly SqlValue[], positions: readonly number[]): string {
    return JSON.stringify(positions.map((p) => {
      const v = keys[p]!;
      if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : `n${v === 0 ? 0 : v}`;
      return v;
    }));
  }

  upsert(keys: readonly SqlValue[]): number {
    const h = this.index.hash(keys);
    const found = this.index.find(keys, h);
    const expected = this.model.get(Owner.modelKey(keys, this.positions));
    expect(found).toBe(expected ?? -1);
    if (found >= 0) return found;
    const slot = this.free.pop() ?? this.used++;
    keys.forEach((v, i) => (this.cols[i]![slot] = v));
    this.index.insert(slot, h);
    this.model.set(Owner.modelKey(keys, this.positions), slot);
    return slot;
  }

  remove(keys: readonly SqlValue[]): void {
    const k = Owner.modelKey(keys, this.positions);
    const slot = this.model.get(k);
    if (slot === undefined) return;
    this.index.remove(slot);
    this.model.delete(k);
    for (const col of this.cols) col[slot] = null;
    this.free.push(slot);
  }

  check(): void {
    expect(this.index.size).toBe(this.model.size);
    for (const [k, slot] of this.model) {
      const keys = this.cols.map((c) => c[slot]!);
      expect(this.index.find(keys, this.index.hash(keys)), k).toBe(slot);
    }
  }
}

const value = fc.oneof(
  fc.constantFrom<SqlValue>('a', 'b', 'AAPL', '', 'x'.repeat(70), 'x'.repeat(69) + 'y', null, true, false),
  fc.constantFrom<SqlValue>(0, -0, 1, -1, 0.5, 2 ** 40, Number.NaN, 1e300),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -3, max: 3 }),
);

describe('SlotIndex', () => {
  it('finds, adds and removes composite keys exactly as a Map would, through growth and backward-shift deletes (property)', () => {
    const op = fc.record({ remove: fc.boolean(), keys: fc.tuple(value, value, value) });
    fc.assert(fc.property(fc.constantFrom([0, 1, 2], [2], [0, 2], []), fc.array(op, { maxLength: 400 }), (positions, ops) => {
      const owner = new Owner(positions, 3);
      for (const o of ops) {
        if (o.remove) owner.remove(o.keys);
        else owner.upsert(o.keys);
      }
      owner.check();
    }), { numRuns: 300 });
  });

  it('keeps every entry reachable when many keys collide into one probe run and are removed from its middle', () => {
    const owner = new Owner([0], 1);
    // 2 000 keys force several resizes; removing every third one shifts long probe runs back.
    const keys = Array.from({ length: 2000 }, (_, i) => [`k${i}`] as SqlValue[]);
    for (const k of keys) owner.upsert(k);
    keys.forEach((k, i) => { if (i % 3 === 0) owner.remove(k); });
    owner.check();
    for (const k of keys) owner.upsert(k);
    owner.check();
    expect(owner.index.size).toBe(2000);
  });

  it('treats NaN as one key and -0 as 0, and tells text "1" from the number 1 and NULL from "null"', () => {
    const owner = new Owner([0], 1);
    const nan = owner.upsert([Number.NaN]);
    expect(owner.upsert([0 / 0])).toBe(nan);
    const zero = owner.upsert([0]);
    expect(owner.upsert([-0])).toBe(zero);
    expect(owner.upsert(['1'])).not.toBe(owner.upsert([1]));
    expect(owner.upsert([null])).not.toBe(owner.upsert(['null']));
    owner.check();
  });

  it('forgets everything on clear and can be filled again', () => {
    const owner = new Owner([0, 1], 2);
    for (let i = 0; i < 100; i++) owner.upsert([`s${i % 7}`, i]);
    owner.index.clear();
    expect(owner.index.size).toBe(0);
    expect(owner.index.find(['s1', 1], owner.index.hash(['s1', 1]))).toBe(-1);
  });
});
