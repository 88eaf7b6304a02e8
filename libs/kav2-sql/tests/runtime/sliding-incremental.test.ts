import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AggName } from '../../src/analyzer/bound';
import { type SqlTypeName, type SqlValue } from '../../src/analyzer/sql-type';
import { aggregateFn } from '../../src/runtime/aggregates';
import { jsonSchema, runApp, sec } from '../helpers';

// The sliding operator keeps SUM, AVG, MIN, MAX and COUNT(DISTINCT) running as rows enter and leave the
// frame. The reference here is what it did before: fold aggregates.ts over the frame's rows, oldest first.
const schema = jsonSchema([['K', 'VARCHAR(2)'], ['V', 'DOUBLE'], ['I', 'INTEGER'], ['W', 'VARCHAR(2)']]);

interface Event { t: number; k: string; v: number | null; i: number | null; w: string | null }

/** Which earlier rows (and the row itself) make up a row's frame. */
const FRAMES: Record<string, (e: Event, x: Event, age: number) => boolean> = {
  r: (e, x) => x.k === e.k && x.t > e.t - 2000,
  z: (e, x) => x.k === e.k && x.t === e.t,
  g: (_, x) => x.t > _.t - 1500,
  w: (e, x, age) => x.k === e.k && age <= 3,
};
const WINDOWS = `WINDOW r AS (PARTITION BY K RANGE INTERVAL '2' SECOND PRECEDING), z AS (PARTITION BY K RANGE CURRENT ROW),
  g AS (RANGE INTERVAL '1500' MILLISECOND PRECEDING), w AS (PARTITION BY K ROWS 3 PRECEDING)`;

/** [function, DISTINCT, argument column, result type, window]. */
const CALLS: readonly (readonly [AggName, boolean, 'V' | 'I' | 'W', SqlTypeName, string])[] = [
  ...['r', 'z', 'g', 'w'].flatMap((win) => [
    ['SUM', false, 'V', 'DOUBLE', win], ['AVG', false, 'V', 'DOUBLE', win], ['MIN', false, 'V', 'DOUBLE', win],
    ['MAX', false, 'V', 'DOUBLE', win], ['COUNT', true, 'V', 'BIGINT', win], ['COUNT', false, 'V', 'BIGINT', win],
  ] as const),
  ['AVG', false, 'I', 'INTEGER', 'r'], ['SUM', false, 'I', 'INTEGER', 'w'], ['MIN', false, 'W', 'VARCHAR', 'r'],
  ['MAX', false, 'W', 'VARCHAR', 'w'], ['COUNT', true, 'W', 'BIGINT', 'g'], ['VAR_POP', false, 'V', 'DOUBLE', 'r'],
];
const SQL = `CREATE STREAM "DESTINATION_SQL_STREAM" (${CALLS.map(([, , , type], n) => `C${n} ${type === 'VARCHAR' ? 'VARCHAR(2)' : type}`).join(', ')});
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM
    ${CALLS.map(([fn, distinct, arg, , win]) => `${fn}(${distinct ? 'DISTINCT ' : ''}${arg}) OVER ${win}`).join(', ')}
  FROM "SOURCE_SQL_STREAM_001" ${WINDOWS};`;

/** Each row's expected values: every call folded over its frame, oldest row first. */
const reference = (events: readonly Event[]): Record<string, SqlValue>[] => events.map((e, n) => {
  const row: Record<string, SqlValue> = {};
  CALLS.forEach(([fn, distinct, arg, type, win], c) => {
    const f = aggregateFn(fn, distinct, { name: type });
    const s = f.init();
    const earlier = events.slice(0, n + 1);
    const frame = earlier.filter((x, j) => FRAMES[win]!(e, x, earlier.slice(j + 1).filter((y) => y.k === x.k).length));
    for (const x of frame) f.add(s, arg === 'V' ? x.v : arg === 'I' ? x.i : x.w);
    row[`C${c}`] = f.result(s);
  });
  return row;
});

/** Runs the events, snapshotting at row `cut` and going on in a fresh application restored from it. */
const runWithRestore = (events: readonly Event[], cut: number, sql = SQL) => {
  const input = events.map((e) => ({ at: e.t, rec: { K: e.k, V: e.v, I: e.i, W: e.w } }));
  const first = runApp(sql, schema, input.slice(0, cut));
  const second = runApp(sql, schema, []);
  second.app.restore(JSON.parse(JSON.stringify(first.app.snapshot())));
  for (const r of input.slice(cut)) second.app.push(r.rec, { arrivalTime: r.at });
  expect([...first.errors, ...second.errors]).toEqual([]);
  return { rows: [...first.rows, ...second.rows].map((r) => r.values), app: second.app };
};

/**
 * Rows 0 ms apart (equal ROWTIMEs) as often as not; now and then a gap longer than every range, so partitions
 * go idle, are swept, and come back empty.
 */
const gap = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 900 }), weight: 3 }, { arbitrary: fc.integer({ min: 2000, max: 6000 }), weight: 1 });
const stream = (v: fc.Arbitrary<number>) => fc.array(fc.record({
  gap,
  k: fc.constantFrom('a', 'b', 'c'),
  v: fc.option(v, { nil: null }),
  i: fc.option(fc.integer({ min: -20, max: 20 }), { nil: null }),
  w: fc.option(fc.constantFrom('x', 'y', 'z', 'xy'), { nil: null }),
}), { maxLength: 70 }).map((raw) => {
  let t = sec(0);
  return raw.map(({ gap: g, ...e }) => ({ ...e, t: (t += g) }));
});

describe('incremental sliding aggregates (property)', () => {
  it('match a scan of each frame: RANGE, RANGE CURRENT ROW and ROWS frames, partitions idling and expiring, NULLs, snapshot/restore at any row', () => {
    // Negative fractions in sixteenths: left-to-right addition of these never rounds, so the scan is exact.
    const dyadic = fc.integer({ min: -160_000, max: 160_000 }).map((n) => n / 16);
    fc.assert(fc.property(stream(dyadic), fc.nat(), (events, at) => {
      const { rows, app } = runWithRestore(events, events.length === 0 ? 0 : at % (events.length + 1));
      expect(rows).toEqual(reference(events));
      // Time moving on lets every RANGE partition go; ROWS partitions hold their last rows.
      app.advanceTo((events.at(-1)?.t ?? sec(0)) + 10_000);
      const sliding = app.snapshot().pumps.P!.find((op) => typeof op === 'object' && op !== null && 'windows' in op) as { windows: unknown[][] };
      expect(sliding.windows.slice(0, 3)).toEqual([[], [], []]);
    }), { numRuns: 150 });
  });

  it('IGNORE NULLS value functions match a scan of each frame for its non-NULL values (FIRST_VALUE, LAST_VALUE, NTH_VALUE, LAG)', () => {
    const calls = ['FIRST_VALUE(I) IGNORE NULLS', 'LAST_VALUE(I) IGNORE NULLS', 'NTH_VALUE(I, 2) IGNORE NULLS', 'NTH_VALUE(I, 3) FROM LAST IGNORE NULLS', 'LAG(I, 2, -99) IGNORE NULLS', 'LAG(I) IGNORE NULLS'];
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (${['r', 'w'].flatMap((win) => calls.map((_, c) => `${win}${c} INTEGER`)).join(', ')});
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM
        ${['r', 'w'].flatMap((win) => calls.map((call) => `${call} OVER ${win}`)).join(', ')}
      FROM "SOURCE_SQL_STREAM_001" ${WINDOWS};`;
    const want = (events: readonly Event[]) => events.map((e, n) => {
      const row: Record<string, SqlValue> = {};
      for (const win of ['r', 'w']) {
        const earlier = events.slice(0, n + 1);
        const frame = earlier.filter((x, j) => FRAMES[win]!(e, x, earlier.slice(j + 1).filter((y) => y.k === x.k).length));
        const held = frame.map((x) => x.i).filter((v) => v !== null);
        const before = frame.slice(0, -1).map((x) => x.i).filter((v) => v !== null);
        [held[0], held.at(-1), held[1], held.at(-3), before.at(-2) ?? -99, before.at(-1)].forEach((v, c) => {
          row[`${win.toUpperCase()}${c}`] = v ?? null;
        });
      }
      return row;
    });
    fc.assert(fc.property(stream(fc.constant(0)), fc.nat(), (events, at) => {
      const { rows } = runWithRestore(events, events.length === 0 ? 0 : at % (events.length + 1), sql);
      expect(rows).toEqual(want(events));
    }), { numRuns: 150 });
  });

  it('give the correctly rounded SUM and AVG of any doubles, and exactly the scan\'s MIN, MAX and COUNT(DISTINCT)', () => {
    // Scaled by 2^200, doubles from 2^-100 up are exact BigInts; Number() of one rounds to nearest, ties to even.
    const SCALE = 2 ** 200;
    const exactSum = (vs: readonly number[]): number => Number(vs.reduce((s, v) => s + BigInt(v * SCALE), 0n)) / SCALE;
    // No -0: a JSON snapshot writes it as 0, so MIN would change across a restore, as it always has.
    const value = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((v) => v === 0 || Math.abs(v) >= 2 ** -100).map((v) => v + 0), fc.constantFrom(0.1, 0.2, 0.3, 1e8 + 0.1));
    fc.assert(fc.property(stream(value), fc.nat(), (events, at) => {
      const { rows } = runWithRestore(events, events.length === 0 ? 0 : at % (events.length + 1));
      const want = reference(events);
      events.forEach((e, n) => {
        const frame = events.slice(0, n + 1).filter((x) => FRAMES.r!(e, x, 0)).map((x) => x.v).filter((v) => v !== null);
        // C0..C5 are SUM, AVG, MIN, MAX, COUNT(DISTINCT), COUNT over r.
        expect(rows[n]!.C0).toBe(frame.length === 0 ? null : exactSum(frame) + 0);
        expect(rows[n]!.C1).toBe(frame.length === 0 ? null : exactSum(frame) / frame.length);
        for (const c of ['C2', 'C3', 'C4', 'C5']) expect(rows[n]![c]).toBe(want[n]![c]);
      });
    }), { numRuns: 100 });
  });
});
