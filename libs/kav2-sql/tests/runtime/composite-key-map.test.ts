import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SqlValue } from '../../src/analyzer/sql-type';
import { CompositeKeyMap } from '../../src/runtime/composite-key-map';

describe('CompositeKeyMap', () => {
  it('keys by the chosen positions only, groups NULLs together and tells 1 from "1"', () => {
    const m = new CompositeKeyMap<string>([0, 2]);
    m.set(['a', 'ignored', 1], 'x');
    expect(m.get(['a', 'other', 1])).toBe('x');
    expect(m.get(['a', 'other', '1'])).toBeUndefined();
    m.set([null, 0, null], 'nulls');
    expect(m.get([null, 9, null])).toBe('nulls');
    m.set(['b', 0, 2], 'made');
    m.set(['b', 5, 2], 'again');
    expect(m.get(['b', 0, 2])).toBe('again');
    expect(m.size).toBe(3);
  });

  it('works with no key positions (one group)', () => {
    const m = new CompositeKeyMap<number>([]);
    m.set([], 1);
    expect(m.get(['anything'])).toBe(1);
    expect(m.delete([])).toBe(true);
    expect(m.size).toBe(0);
  });

  it('behaves like a Map keyed by the joined tuple, and drops empty inner levels (property)', () => {
    const key = fc.tuple(fc.constantFrom<SqlValue>('a', 'b', null), fc.constantFrom<SqlValue>(1, 2, null), fc.constantFrom<SqlValue>('x', 'y'));
    const op = fc.record({ kind: fc.constantFrom('set', 'delete', 'get'), key, value: fc.integer() });
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const m = new CompositeKeyMap<number>([0, 1, 2]);
      const ref = new Map<string, number>();
      for (const o of ops) {
        const id = JSON.stringify(o.key);
        if (o.kind === 'set') {
          m.set(o.key, o.value);
          ref.set(id, o.value);
        } else if (o.kind === 'delete') expect(m.delete(o.key)).toBe(ref.delete(id));
        else expect(m.get(o.key)).toBe(ref.get(id));
        expect(m.size).toBe(ref.size);
      }
      for (const id of ref.keys()) m.delete(JSON.parse(id) as SqlValue[]);
      // Nothing is left behind once every key is gone: memory follows the live keys.
      expect((m as unknown as { root: Map<unknown, unknown> }).root.size).toBe(0);
    }), { numRuns: 100 });
  });
});
