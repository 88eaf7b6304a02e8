import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { RecentIds } from '@surv/pipeline';

/** The reference: a Set with insertion-order eviction, as RecentIds was first written. */
class SetModel {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string) { return this.ids.has(id); }
  add(id: string) {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
  get size() { return this.ids.size; }
}

describe('RecentIds', () => {
  it('behaves like a Set that forgets its oldest id beyond capacity, across growth, eviction and compaction', () => {
    const id = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ minLength: 20, maxLength: 60 }), fc.nat(3000).map((n) => `E${n}`), fc.constantFrom('é', '\ud800', '😀x', ''));
    fc.assert(fc.property(fc.integer({ min: 0, max: 2100 }), fc.array(fc.tuple(fc.boolean(), id), { maxLength: 6000 }), (capacity, ops) => {
      const ids = new RecentIds(capacity), model = new SetModel(capacity);
      for (const [isAdd, x] of ops) {
        if (isAdd) expect(ids.add(x)).toBe(model.add(x));
        else expect(ids.has(x)).toBe(model.has(x));
      }
      expect(ids.size).toBe(model.size);
    }), { numRuns: 200 });
  });

  it('keeps a million ids and forgets exactly the oldest beyond them', () => {
    const ids = new RecentIds(1_000_000);
    for (let i = 0; i < 1_200_000; i++) ids.add(`EV-${i}`);
    expect(ids.size).toBe(1_000_000);
    expect([ids.has('EV-199999'), ids.has('EV-200000'), ids.has('EV-1199999')]).toEqual([false, true, true]);
    expect(ids.add('EV-200000')).toBe(false);
    expect(ids.add('EV-0')).toBe(true);
    expect(ids.has('EV-200000')).toBe(false);
  });
});
