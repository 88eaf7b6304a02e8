import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER']]);
const ev = (s: number, k: string, v: number) => ({ at: sec(s), rec: { K: k, V: v } });

describe('sliding windows (OVER)', () => {
  it('computes aggregates over a RANGE per partition, one output row per input row', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (k VARCHAR(4), n BIGINT, s BIGINT, a INTEGER, lo INTEGER, hi INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM k, COUNT(*) OVER w, SUM(v) OVER w, AVG(v) OVER w, MIN(v) OVER w, MAX(v) OVER w
        FROM "SOURCE_SQL_STREAM_001"
        WINDOW w AS (PARTITION BY k RANGE INTERVAL '10' SECOND PRECEDING);`;
    const { rows, errors } = runApp(sql, schema, [ev(0, 'a', 1), ev(1, 'b', 100), ev(5, 'a', 3), ev(10, 'a', 8), ev(16, 'a', 2)]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.values)).toEqual([
      { K: 'a', N: 1, S: 1, A: 1, LO: 1, HI: 1 },
      { K: 'b', N: 1, S: 100, A: 100, LO: 100, HI: 100 },
      { K: 'a', N: 2, S: 4, A: 2, LO: 1, HI: 3 },
      { K: 'a', N: 2, S: 11, A: 5, LO: 3, HI: 8 }, // the row at t=0 is exactly 10 s old: outside
      { K: 'a', N: 2, S: 10, A: 5, LO: 2, HI: 8 },
    ]);
    expect(rows.map((r) => r.rowtime)).toEqual([sec(0), sec(1), sec(5), sec(10), sec(16)]);
  });

  it('supports ROWS n PRECEDING, LAG, FIRST_VALUE and LAST_VALUE', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (v INTEGER, s BIGINT, prev INTEGER, prev2 INTEGER, f INTEGER, l INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM v, SUM(v) OVER (ROWS 2 PRECEDING), LAG(v) OVER (ROWS 3 PRECEDING), LAG(v, 2, -1) OVER (ROWS 3 PRECEDING),
          FIRST_VALUE(v) OVER (ROWS 2 PRECEDING), LAST_VALUE(v) OVER (ROWS 2 PRECEDING)
        FROM "SOURCE_SQL_STREAM_001";`;
    const { rows } = runApp(sql, schema, [1, 2, 3, 4].map((v, i) => ev(i, 'x', v)));
    expect(rows.map((r) => r.values)).toEqual([
      { V: 1, S: 1, PREV: null, PREV2: -1, F: 1, L: 1 },
      { V: 2, S: 3, PREV: 1, PREV2: -1, F: 1, L: 2 },
      { V: 3, S: 6, PREV: 2, PREV2: 1, F: 1, L: 3 },
      { V: 4, S: 9, PREV: 3, PREV2: 2, F: 2, L: 4 },
    ]);
  });

  it('sends rows older than what the window has seen to error_stream', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (n BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM COUNT(*) OVER (RANGE INTERVAL '1' MINUTE PRECEDING) FROM "SOURCE_SQL_STREAM_001";`;
    const { rows, errors } = runApp(sql, schema, [ev(5, 'a', 1), ev(3, 'a', 1), ev(6, 'a', 1)]);
    expect(rows.map((r) => r.values.N)).toEqual([1, 2]);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['LATE_ROW']);
  });

  it('evicts idle partitions so state does not grow with the number of keys seen long ago', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (n BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM COUNT(*) OVER (PARTITION BY k RANGE INTERVAL '1' SECOND PRECEDING) FROM "SOURCE_SQL_STREAM_001";`;
    const { app } = runApp(sql, schema, Array.from({ length: 5000 }, (_, i) => ev(i, `k${i}`, 1)));
    const state = JSON.stringify(app.snapshot());
    expect(state.length).toBeLessThan(400);
  });
});

describe('sliding windows (property)', () => {
  it('match a naive per-row scan of the partition over (t - range, t] and the last n+1 rows', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (n BIGINT, s BIGINT, lo INTEGER, r BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM COUNT(*) OVER w, SUM(v) OVER w, MIN(v) OVER w, SUM(v) OVER (PARTITION BY k ROWS 2 PRECEDING)
        FROM "SOURCE_SQL_STREAM_001" WINDOW w AS (PARTITION BY k RANGE INTERVAL '3' SECOND PRECEDING);`;
    fc.assert(fc.property(
      fc.array(fc.record({ gap: fc.integer({ min: 0, max: 2500 }), k: fc.constantFrom('a', 'b'), v: fc.integer({ min: -9, max: 9 }) }), { maxLength: 50 }),
      (raw) => {
        let t = sec(0);
        const events = raw.map((e) => ({ ...e, t: (t += e.gap) }));
        const { rows, errors } = runApp(sql, schema, events.map((e) => ({ at: e.t, rec: { K: e.k, V: e.v } })));
        expect(errors).toEqual([]);
        const want = events.map((e, i) => {
          const same = events.slice(0, i + 1).filter((x) => x.k === e.k);
          const inRange = same.filter((x) => x.t > e.t - 3000).map((x) => x.v);
          const lastRows = same.slice(-3).map((x) => x.v);
          return { N: inRange.length, S: inRange.reduce((a, b) => a + b, 0), LO: Math.min(...inRange), R: lastRows.reduce((a, b) => a + b, 0) };
        });
        expect(rows.map((r) => r.values)).toEqual(want);
      },
    ), { numRuns: 60 });
  });

  it('count-only windows (one FIFO for all partitions) match a naive scan, with multi-column and NULL partition keys', () => {
    const schema3 = jsonSchema([['K', 'VARCHAR(4)'], ['J', 'INTEGER'], ['V', 'INTEGER']]);
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (n BIGINT, big BIGINT, v BIGINT, total BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM COUNT(*) OVER w, COUNT(CASE WHEN v > 4 THEN 1 END) OVER w, COUNT(v) OVER w,
          COUNT(*) OVER (RANGE INTERVAL '3' SECOND PRECEDING)
        FROM "SOURCE_SQL_STREAM_001" WINDOW w AS (PARTITION BY k, j RANGE INTERVAL '2' SECOND PRECEDING);`;
    fc.assert(fc.property(
      fc.array(fc.record({
        gap: fc.integer({ min: 0, max: 1500 }),
        k: fc.constantFrom('a', 'b', null),
        j: fc.constantFrom(1, 2, null),
        v: fc.option(fc.integer({ min: 0, max: 9 })),
      }), { maxLength: 60 }),
      (raw) => {
        let t = sec(0);
        const events = raw.map((e) => ({ ...e, t: (t += e.gap) }));
        const { rows, errors, app } = runApp(sql, schema3, events.map((e) => ({ at: e.t, rec: { K: e.k, J: e.j, V: e.v } })));
        expect(errors).toEqual([]);
        const want = events.map((e, i) => {
          const inRange = events.slice(0, i + 1).filter((x) => x.k === e.k && x.j === e.j && x.t > e.t - 2000);
          const total = events.slice(0, i + 1).filter((x) => x.t > e.t - 3000).length;
          return { N: inRange.length, BIG: inRange.filter((x) => x.v !== null && x.v > 4).length, V: inRange.filter((x) => x.v !== null).length, TOTAL: total };
        });
        expect(rows.map((r) => r.values)).toEqual(want);
        // Time moving on without rows lets every partition go.
        app.advanceTo(t + 10_000);
        const sliding = app.snapshot().pumps.P!.find((op) => typeof op === 'object' && op !== null && 'windows' in op) as { windows: unknown[] };
        expect(sliding.windows).toEqual([[], []]);
      },
    ), { numRuns: 60 });
  });

  it('counting windows with many short-lived partitions (slots reused) restore mid-stream and go on identically', () => {
    const schemaKJ = jsonSchema([['K', 'VARCHAR(8)'], ['V', 'INTEGER']]);
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (k VARCHAR(8), n BIGINT, odd BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM k, COUNT(*) OVER w, COUNT(CASE WHEN MOD(v, 2) = 1 THEN 1 END) OVER w
        FROM "SOURCE_SQL_STREAM_001" WINDOW w AS (PARTITION BY k RANGE INTERVAL '1500' MILLISECOND PRECEDING);`;
    // 3000 rows, 10 ms apart; a key has 3 rows in a row and comes back 12 s later, long after its
    // partition was released: ~50 partitions live at a time, slots freed and reused throughout.
    const events = Array.from({ length: 3000 }, (_, i) => ({ at: sec(0) + i * 10, rec: { K: `k${Math.floor(i / 3) % 400}`, V: i } }));
    const straight = runApp(sql, schemaKJ, events).rows.map((r) => r.values);
    const first = runApp(sql, schemaKJ, events.slice(0, 1700));
    const state = JSON.parse(JSON.stringify(first.app.snapshot()));
    const second = runApp(sql, schemaKJ, []);
    second.app.restore(state);
    for (const e of events.slice(1700)) second.app.push(e.rec, { arrivalTime: e.at });
    expect([...first.rows, ...second.rows].map((r) => r.values)).toEqual(straight);
    expect(straight.map((v) => v.N)).toEqual(events.map((_, i) => (i % 3) + 1));
  });
});
