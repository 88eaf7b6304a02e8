import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileApplication, type OutputRow } from '@surv/kav2-sql';
import { jsonSchema, runApp, sec } from '../helpers';

// Groups live in reused slots of flat storage, and COUNT(DISTINCT) values in one table shared by all
// groups: a closed window must leave nothing behind in the slots the next window reuses.
const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER']]);
const tumbling = `CREATE STREAM "DESTINATION_SQL_STREAM" (W TIMESTAMP, K VARCHAR(4), N BIGINT, D BIGINT, S BIGINT, M INTEGER);
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM STEP(ROWTIME BY INTERVAL '1' MINUTE) AS W, K, COUNT(*), COUNT(DISTINCT V), SUM(V), MAX(V)
    FROM "SOURCE_SQL_STREAM_001" GROUP BY K, STEP(ROWTIME BY INTERVAL '1' MINUTE);`;

interface In { t: number; k: string; v: number | null }

/** What every (window, key) group should give, in first-seen order per window. */
const reference = (rows: readonly In[]) => {
  const groups = new Map<string, { w: number; k: string; vs: (number | null)[] }>();
  for (const r of rows) {
    const w = Math.floor(sec(r.t) / 60_000) * 60_000;
    const id = `${w}|${r.k}`;
    if (!groups.has(id)) groups.set(id, { w, k: r.k, vs: [] });
    groups.get(id)!.vs.push(r.v);
  }
  return [...groups.values()].map(({ w, k, vs }) => {
    const nn = vs.filter((v): v is number => v !== null);
    return { W: w, K: k, N: vs.length, D: new Set(nn).size, S: nn.length === 0 ? null : nn.reduce((a, b) => a + b, 0), M: nn.length === 0 ? null : Math.max(...nn) };
  });
};

const input = fc.array(fc.record({ dt: fc.integer({ min: 0, max: 40 }), k: fc.constantFrom('a', 'b', 'c', 'd', 'e'), v: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }) }), { minLength: 1, maxLength: 120 })
  .map((xs) => {
    let t = 0;
    return xs.map(({ dt, k, v }) => ({ t: (t += dt), k, v }));
  });

describe('GROUP BY groups in reused slots', () => {
  it('give every window exactly its own rows, over many windows of changing group counts (property)', () => {
    fc.assert(fc.property(input, (rows) => {
      const { rows: out, errors } = runApp(tumbling, schema, rows.map((r) => ({ at: sec(r.t), rec: { K: r.k, V: r.v } })), { flush: true });
      expect(errors).toEqual([]);
      expect(out.map((r) => r.values)).toEqual(reference(rows));
    }), { numRuns: 150 });
  });

  it('continue exactly after snapshot() and restore() taken at any row, with small and grown DISTINCT sets (property)', () => {
    fc.assert(fc.property(input, fc.nat(), (rows, at) => {
      const cut = at % rows.length;
      const run = (app: ReturnType<typeof compileApplication>, part: readonly In[]) => {
        for (const r of part) app.push({ K: r.k, V: r.v }, { arrivalTime: sec(r.t) });
      };
      const out: OutputRow[] = [];
      const first = compileApplication(tumbling, schema);
      first.on('DESTINATION_SQL_STREAM', (r) => out.push(r));
      run(first, rows.slice(0, cut));
      const second = compileApplication(tumbling, schema);
      second.on('DESTINATION_SQL_STREAM', (r) => out.push(r));
      second.restore(JSON.parse(JSON.stringify(first.snapshot())));
      run(second, rows.slice(cut));
      second.flush();
      expect(out.map((r) => r.values)).toEqual(reference(rows));
    }), { numRuns: 150 });
  });

  it('count each group\'s distinct values while the shared table grows past its first buckets', () => {
    const rows = Array.from({ length: 900 }, (_, i) => ({ at: sec(i % 59), rec: { K: ['a', 'b', 'c'][i % 3], V: i % 300 } }));
    const { rows: out } = runApp(tumbling, schema, rows, { flush: true });
    expect(out.map((r) => [r.values.K, r.values.D])).toEqual([['a', 100], ['b', 100], ['c', 100]]);
  });

  it('reuse the slot of a stagger window that closed for a new key, without its old values', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(4), N BIGINT, D BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM K, COUNT(*), COUNT(DISTINCT V) FROM "SOURCE_SQL_STREAM_001"
        WINDOWED BY STAGGER (PARTITION BY K RANGE INTERVAL '10' SECOND);`;
    const recs = [
      { at: sec(0), rec: { K: 'a', V: 1 } }, { at: sec(1), rec: { K: 'a', V: 2 } }, { at: sec(5), rec: { K: 'b', V: 9 } },
      // a closes at 10 s; c takes its slot; b closes at 15 s.
      { at: sec(11), rec: { K: 'c', V: 7 } }, { at: sec(16), rec: { K: 'c', V: 7 } },
    ];
    const { rows: out, errors } = runApp(sql, schema, recs, { flush: true });
    expect(errors).toEqual([]);
    expect(out.map((r) => r.values)).toEqual([{ K: 'a', N: 2, D: 2 }, { K: 'b', N: 1, D: 1 }, { K: 'c', N: 2, D: 1 }]);
  });
});
