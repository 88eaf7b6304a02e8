import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateFn } from '../../src/runtime/aggregates';
import { jsonSchema, runApp, sec } from '../helpers';

// The GROUP BY fold is generated code over packed slots; aggregates.ts is the reference semantics.
const AGGS = [
  ['COUNT', false, 'BIGINT'], ['COUNT', true, 'BIGINT'], ['SUM', false, 'DOUBLE'], ['AVG', false, 'DOUBLE'],
  ['MIN', false, 'DOUBLE'], ['MAX', false, 'DOUBLE'], ['VAR_POP', false, 'DOUBLE'], ['VAR_SAMP', false, 'DOUBLE'],
  ['STDDEV_POP', false, 'DOUBLE'], ['STDDEV_SAMP', false, 'DOUBLE'],
  ['SUM', true, 'DOUBLE'], ['AVG', true, 'DOUBLE'], ['MIN', true, 'DOUBLE'], ['VAR_POP', true, 'DOUBLE'], ['STDDEV_SAMP', true, 'DOUBLE'],
] as const;
const schema = jsonSchema([['K', 'VARCHAR(2)'], ['V', 'DOUBLE']]);
const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(2), ${AGGS.map((_, i) => `A${i} ${AGGS[i]![2]}`).join(', ')});
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM K, ${AGGS.map(([fn, d]) => `${fn}(${d ? 'DISTINCT ' : ''}V)`).join(', ')}
    FROM "SOURCE_SQL_STREAM_001" GROUP BY K, STEP(ROWTIME BY INTERVAL '1' MINUTE);`;

describe('GROUP BY accumulators', () => {
  it('give exactly what each aggregate function gives over the same values, NULLs and empty groups included (property)', () => {
    const value = fc.option(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { nil: null });
    fc.assert(fc.property(fc.array(fc.record({ k: fc.constantFrom('a', 'b'), v: value }), { minLength: 1, maxLength: 40 }), (rows) => {
      const { rows: out, errors } = runApp(sql, schema, rows.map((r, i) => ({ at: sec(i % 50), rec: { K: r.k, V: r.v } })), { flush: true });
      expect(errors).toEqual([]);
      const keys = [...new Set(rows.map((r) => r.k))];
      const want = keys.map((k) => {
        const vs = rows.filter((r) => r.k === k).map((r) => r.v);
        const res: Record<string, unknown> = { K: k };
        AGGS.forEach(([fn, distinct, type], i) => {
          const f = aggregateFn(fn, distinct, { name: type });
          const s = f.init();
          for (const v of vs) f.add(s, v);
          res[`A${i}`] = f.result(s);
        });
        return res;
      });
      expect(out.map((r) => r.values)).toEqual(want);
    }), { numRuns: 150 });
  });
});
