import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SqlValue } from '../../src/analyzer/sql-type';
import { DistinctTable } from '../../src/runtime/distinct-table';

const value = fc.oneof(
  fc.constantFrom<SqlValue>('a', 'b', '', 'x'.repeat(70), 'x'.repeat(69) + 'y', true, false, 0, -0, 1, 0.5, Number.NaN, 2 ** 40),
  fc.integer({ min: -50, max: 50 }),
  fc.string({ maxLength: 3 }),
);
const op = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), owner: fc.integer({ min: 0, max: 40 }), v: value }), weight: 12 },
  { arbitrary: fc.record({ kind: fc.constant('removeOwner' as const), owner: fc.integer({ min: 0, max: 40 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('clear' as const) }), weight: 1 },
);

describe('DistinctTable', () => {
  it('keeps each owner\'s values as a Set would, through growth, owners dropped one by one and clears (property)', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 500 }), (ops) => {
      const table = new DistinctTable();
      const model = new Map<number, Set<SqlValue>>();
      for (const o of ops) {
        if (o.kind === 'add') {
          const set = model.get(o.owner) ?? new Set();
          const isNew = !set.has(o.v);
          set.add(o.v);
          model.set(o.owner, set);
          expect(table.add(o.owner, o.v)).toBe(isNew);
        } else if (o.kind === 'removeOwner') {
          table.removeOwner(o.owner);
          model.delete(o.owner);
        } else {
          table.clear();
          model.clear();
        }
      }
      for (let owner = 0; owner <= 40; owner++) {
        expect(new Set(table.valuesOf(owner))).toEqual(model.get(owner) ?? new Set());
      }
    }), { numRuns: 300 });
  });

  it('tells the same value of two owners apart, and finds every value again after thousands of entries', () => {
    const table = new DistinctTable();
    for (let i = 0; i < 5000; i++) expect(table.add(i % 7, `v${i}`)).toBe(true);
    for (let i = 0; i < 5000; i++) expect(table.add(i % 7, `v${i}`)).toBe(false);
    expect(table.add(7, 'v0')).toBe(true);
    table.removeOwner(3);
    expect(table.valuesOf(3)).toEqual([]);
    expect(table.valuesOf(4)).toHaveLength(714);
    for (let i = 4; i < 5000; i += 7) expect(table.add(4, `v${i}`)).toBe(false);
  });
});
