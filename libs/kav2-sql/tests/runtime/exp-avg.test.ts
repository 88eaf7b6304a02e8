import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec, T0 } from '../helpers';

const SCHEMA = jsonSchema([['TICKER', 'VARCHAR(4)'], ['PRICE', 'DOUBLE'], ['S', 'VARCHAR(8)']]);
const app = (call: string, window = "RANGE INTERVAL '30' SECOND PRECEDING") => `CREATE STREAM "DESTINATION_SQL_STREAM" (TICKER VARCHAR(4), A DOUBLE);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM TICKER, ${call} OVER (PARTITION BY TICKER ${window}) AS A FROM "SOURCE_SQL_STREAM_001";`;
const avgs = (sql: string, rows: readonly { at: number; price: number | null; ticker?: string }[]) =>
  runApp(sql, SCHEMA, rows.map((r) => ({ at: r.at, rec: { TICKER: r.ticker ?? 'IBM', PRICE: r.price } }))).rows.map((r) => r.values.A);

describe('EXP_AVG (SQL Reference, EXP_AVG)', () => {
  it('halves the weight of a row per half-life of age, continuously (5 s old at a 10 s half-life weighs 2^-0.5)', () => {
    const w = 2 ** -0.5;
    const got = avgs(app("EXP_AVG(PRICE, INTERVAL '10' SECOND)"), [{ at: sec(0), price: 10 }, { at: sec(5), price: 20 }]);
    expect(got[0]).toBe(10);
    expect(got[1]).toBeCloseTo((20 + 10 * w) / (1 + w), 12);
  });

  it('leaves NULL values out of both the weighted sum and the weights, and is NULL with no value', () => {
    const got = avgs(app("EXP_AVG(PRICE, INTERVAL '10' SECOND)"), [{ at: sec(0), price: null }, { at: sec(10), price: 8 }, { at: sec(20), price: null }]);
    expect(got).toEqual([null, 8, 8]);
  });

  it('averages only the frame: rows RANGE or more older have left, and ROWS n keeps n rows before the current one', () => {
    const rows = [{ at: sec(0), price: 100 }, { at: sec(10), price: 2 }, { at: sec(20), price: 4 }];
    expect(avgs(app("EXP_AVG(PRICE, INTERVAL '10' SECOND)", "RANGE INTERVAL '10' SECOND PRECEDING"), rows)).toEqual([100, 2, 4]);
    expect(avgs(app("EXP_AVG(PRICE, INTERVAL '10' SECOND)", 'ROWS 1 PRECEDING'), rows)[2]).toBeCloseTo((4 + 2 * 0.5) / 1.5, 12);
  });

  it('keeps partitions apart', () => {
    const got = avgs(app("EXP_AVG(PRICE, INTERVAL '1' MINUTE)"), [{ at: sec(0), price: 1, ticker: 'A' }, { at: sec(1), price: 50, ticker: 'B' }, { at: sec(2), price: 3, ticker: 'A' }]);
    const w = 2 ** (-2 / 60);
    expect(got[1]).toBe(50);
    expect(got[2]).toBeCloseTo((3 + w) / (1 + w), 12);
  });

  it('needs an OVER window (it is not a GROUP BY aggregate)', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (A DOUBLE);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM EXP_AVG(PRICE, INTERVAL '10' SECOND) AS A FROM "SOURCE_SQL_STREAM_001" GROUP BY FLOOR(ROWTIME TO MINUTE);`;
    const e = compileErrorOf(sql, SCHEMA);
    expect([e.code, e.line, e.column]).toEqual(['KAV2_INVALID_ARGUMENT', 3, 15]);
    expect(e.message).toMatch(/EXP_AVG needs an OVER window/);
  });

  it.each([
    ["EXP_AVG(PRICE, INTERVAL '0' SECOND)", 'KAV2_INVALID_ARGUMENT', /positive day-time INTERVAL constant/],
    ['EXP_AVG(PRICE, 10)', 'KAV2_INVALID_ARGUMENT', /positive day-time INTERVAL constant .*got INTEGER 10/],
    ["EXP_AVG(PRICE, INTERVAL '1' SECOND * PRICE)", 'KAV2_INVALID_ARGUMENT', /not a constant/],
    ['EXP_AVG(PRICE)', 'KAV2_INVALID_ARGUMENT', /EXP_AVG takes 2 arguments .*got 1/],
    ["EXP_AVG(S, INTERVAL '10' SECOND)", 'KAV2_TYPE_MISMATCH', /EXP_AVG needs a number, got VARCHAR\(8\)/],
  ])('refuses %s precisely', (call, code, message) => {
    const e = compileErrorOf(app(call), SCHEMA);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.line).toBe(3);
  });

  it('continues exactly after snapshot and restore', () => {
    const sql = app("EXP_AVG(PRICE, INTERVAL '10' SECOND)");
    const first = runApp(sql, SCHEMA, [{ at: sec(0), rec: { TICKER: 'IBM', PRICE: 10 } }]);
    const state = first.app.snapshot();
    const second = runApp(sql, SCHEMA, []);
    second.app.restore(state);
    second.app.push({ TICKER: 'IBM', PRICE: 13 }, { arrivalTime: T0 + 10_000 });
    expect(second.rows.map((r) => r.values.A)).toEqual([12]);
  });
});
