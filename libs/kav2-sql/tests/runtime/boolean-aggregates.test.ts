import { describe, expect, it } from 'vitest';
import { compileErrorOf, runApp, sec, TICKER_SCHEMA } from '../helpers';

const tick = (at: number, t: string, price: number | null) => ({ at, rec: { TICKER_SYMBOL: t, SECTOR: 'TECH', CHANGE: 0, PRICE: price } });

// SQL Reference, ANY and EVERY: "SELECT STREAM ANY (price < 1) FROM trades GROUP BY (FLOOR trades.rowtime to hour)".
const GROUPED = `
  CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), any_cheap BOOLEAN, every_cheap BOOLEAN);
  CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, ANY (price < 1), EVERY (price < 1)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);`;

describe('ANY and EVERY (SQL Reference, Boolean Functions)', () => {
  it('tell whether a condition holds in some and in all rows of a group', () => {
    const { rows, errors } = runApp(GROUPED, TICKER_SCHEMA, [
      tick(sec(1), 'AMZN', 0.5), tick(sec(2), 'AMZN', 3), tick(sec(3), 'AAPL', 0.2), tick(sec(4), 'AAPL', 0.9),
      tick(sec(5), 'MSFT', 7), tick(sec(61), 'AMZN', 1),
    ]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.values)).toEqual([
      { TICKER: 'AMZN', ANY_CHEAP: true, EVERY_CHEAP: false },
      { TICKER: 'AAPL', ANY_CHEAP: true, EVERY_CHEAP: true },
      { TICKER: 'MSFT', ANY_CHEAP: false, EVERY_CHEAP: false },
    ]);
  });

  it('ignore rows where the condition is UNKNOWN, and give NULL for a group of only those', () => {
    const { rows } = runApp(GROUPED, TICKER_SCHEMA, [
      tick(sec(1), 'AMZN', null), tick(sec(2), 'AMZN', 0.5), tick(sec(3), 'AAPL', null), tick(sec(61), 'AMZN', 1),
    ]);
    expect(rows.map((r) => r.values)).toEqual([
      { TICKER: 'AMZN', ANY_CHEAP: true, EVERY_CHEAP: true },
      { TICKER: 'AAPL', ANY_CHEAP: null, EVERY_CHEAP: null },
    ]);
  });

  it('work over a sliding window too', () => {
    const sql = `
      CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (any_cheap BOOLEAN, every_cheap BOOLEAN);
      CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM ANY (price < 1) OVER w, EVERY (price < 1) OVER w
        FROM "SOURCE_SQL_STREAM_001" WINDOW w AS (ROWS 1 PRECEDING);`;
    const { rows } = runApp(sql, TICKER_SCHEMA, [tick(sec(1), 'A', 0.5), tick(sec(2), 'A', 0.7), tick(sec(3), 'A', 4), tick(sec(4), 'A', 5)]);
    expect(rows.map((r) => [r.values.ANY_CHEAP, r.values.EVERY_CHEAP])).toEqual([[true, true], [true, true], [true, false], [false, false]]);
  });

  it('refuse an argument that is not a condition, naming the function', () => {
    const sql = GROUPED.replace('ANY (price < 1)', 'ANY (price)');
    const e = compileErrorOf(sql, TICKER_SCHEMA);
    expect(e.code).toBe('KAV2_TYPE_MISMATCH');
    expect(e.message).toMatch(/^ANY needs a BOOLEAN argument, got REAL/);
    expect([e.line, e.column]).toEqual([4, 34]);
  });
});
