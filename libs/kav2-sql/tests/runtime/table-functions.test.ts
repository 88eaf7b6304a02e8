import { compileApplication, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { DistinctCounter, EXACT_DISTINCT_LIMIT } from '../../src/runtime/distinct-counter';
import { TopKCounter } from '../../src/runtime/top-k-counter';
import { compileErrorOf, jsonSchema, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(8)'], ['V', 'INTEGER']]);
const topK = (k: number, seconds: number, where = '') => `
  CREATE STREAM "DESTINATION_SQL_STREAM" (ITEM VARCHAR(8), ITEM_COUNT BIGINT);
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ITEM, ITEM_COUNT FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001" ${where}), 'K', ${k}, ${seconds}));`;
const distinct = (column: string, seconds: number) => `
  CREATE STREAM "DESTINATION_SQL_STREAM" (N BIGINT);
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM * FROM TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), '${column}', ${seconds}));`;

const collect = (app: ReturnType<typeof compileApplication>) => {
  const out: string[] = [];
  app.on('DESTINATION_SQL_STREAM', (r: OutputRow) => out.push(`${(r.rowtime - sec(0)) / 1000}s ${Object.values(r.values).join(' ')}`));
  app.on('error_stream', (r: OutputRow) => out.push(`error ${String(r.values.ERROR_NAME)}`));
  return out;
};

const errorOf = (sql: string) => compileErrorOf(sql, schema);

describe('TOP_K_ITEMS_TUMBLING', () => {
  it('emits the k most frequent values of each closed window at its end, honouring the cursor WHERE', () => {
    const app = compileApplication(topK(2, 10, 'WHERE V > 0'), schema);
    const out = collect(app);
    const events: [number, string, number][] = [[0, 'a', 1], [1, 'b', 1], [2, 'b', 1], [3, 'c', 0], [4, 'c', 0], [5, 'c', 0], [6, 'd', 1], [12, 'a', 1]];
    for (const [t, k, v] of events) app.push({ K: k, V: v }, { arrivalTime: sec(t) });
    expect(out).toEqual(['10s b 2', '10s a 1']);
    app.advanceTo(sec(20));
    expect(out.slice(2)).toEqual(['20s a 1']);
  });

  it('continues a window exactly after snapshot and restore', () => {
    const events: [number, string][] = [[0, 'x'], [1, 'y'], [2, 'y'], [3, 'z'], [4, 'z'], [5, 'z'], [11, 'x']];
    const straight = compileApplication(topK(3, 10), schema);
    const want = collect(straight);
    for (const [t, k] of events) straight.push({ K: k, V: 1 }, { arrivalTime: sec(t) });
    const first = compileApplication(topK(3, 10), schema);
    for (const [t, k] of events.slice(0, 3)) first.push({ K: k, V: 1 }, { arrivalTime: sec(t) });
    const state = JSON.parse(JSON.stringify(first.snapshot()));
    const second = compileApplication(topK(3, 10), schema);
    const got = collect(second);
    second.restore(state);
    for (const [t, k] of events.slice(3)) second.push({ K: k, V: 1 }, { arrivalTime: sec(t) });
    expect(got).toEqual(want);
    expect(want).toEqual(['10s z 3', '10s y 2', '10s x 1']);
  });

  it('rejects K, window sizes and columns the reference does not allow, at their position', () => {
    expect(errorOf(topK(0, 10))).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/K of TOP_K_ITEMS_TUMBLING must be between 1 and 100000, got 0/) });
    expect(errorOf(topK(3, 3601))).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/between 1 and 3600/) });
    expect(errorOf(topK(3, 10).replace("'K'", "'NOPE'"))).toMatchObject({ code: 'KAV2_UNKNOWN_COLUMN', message: expect.stringMatching(/no column 'NOPE' \(columns: K, V\)/) });
    expect(errorOf(topK(3, 10).replace("'K', 3, ", ''))).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/takes CURSOR\(...\) then columnName, K, windowSize/) });
  });
});

describe('TopKCounter', () => {
  it('counts exactly below its capacity and ranks ties in first-seen order', () => {
    const c = new TopKCounter(3);
    for (const v of ['b', 'a', 'a', 'c', 'b', null, 'd']) c.add(v);
    expect(c.results()).toEqual([['b', 2], ['a', 2], ['c', 1]]);
  });

  it('stays within its capacity and keeps a value far more frequent than the rest (Space-Saving)', () => {
    const c = new TopKCounter(1, 16);
    for (let i = 0; i < 5000; i++) {
      c.add(`noise${i}`);
      if (i % 3 === 0) c.add('hot');
    }
    const state = c.snapshot();
    expect(state.items.length).toBe(16);
    expect(c.results()[0]![0]).toBe('hot');
  });
});

describe('COUNT_DISTINCT_ITEMS_TUMBLING', () => {
  it('emits one exact count per closed window with ROWTIME at the window end', () => {
    const app = compileApplication(distinct('K', 60), schema);
    const out = collect(app);
    const events: [number, string][] = [[0, 'a'], [10, 'b'], [20, 'a'], [59, 'c'], [61, 'c'], [130, 'a']];
    for (const [t, k] of events) app.push({ K: k, V: 1 }, { arrivalTime: sec(t) });
    app.flush();
    // sec(0) is 14:10:00, on a minute boundary: windows [0, 60), [60, 120), [120, 180).
    expect(out).toEqual(['60s 3', '120s 1', '180s 1']);
  });

  it('is exact up to 10,000 distinct values and an estimate within 3% beyond', () => {
    const c = new DistinctCounter();
    for (let i = 0; i < EXACT_DISTINCT_LIMIT; i++) c.add(i % 2 === 0 ? `v${i}` : i);
    expect(c.count()).toBe(EXACT_DISTINCT_LIMIT);
    for (let i = EXACT_DISTINCT_LIMIT; i < 100_000; i++) c.add(`v${i}`);
    expect(Math.abs(c.count() - 100_000) / 100_000).toBeLessThan(0.03);
    const copy = new DistinctCounter();
    copy.restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(copy.count()).toBe(c.count());
  });

  it('keeps other table functions rejected by name', () => {
    const sql = distinct('K', 60).replace('COUNT_DISTINCT_ITEMS_TUMBLING', 'TOP_N_ITEMS');
    expect(errorOf(sql)).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: 'function TOP_N_ITEMS is not supported (line 4, column 32)' });
  });
});
