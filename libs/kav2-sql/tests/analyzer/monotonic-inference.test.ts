import { compileApplication } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { TICKER_SCHEMA, compileErrorOf, runApp, sec } from '../helpers';

// SQL Reference, "Monotonic Expressions and Operators", "Rules for inferring monotonicity": -m and c - m reverse
// a monotonic m, m * c keeps or reverses it by the sign of c, and GROUP BY needs one non-constant monotonic key.
const MINUTE_SECONDS = "((FLOOR(ROWTIME TO MINUTE) - TIMESTAMP '1970-01-01 00:00:00') SECOND(10))";
const grouped = (key: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (ticker VARCHAR(4), n BIGINT, total REAL);
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, COUNT(*), SUM(price) FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ${key}, ticker_symbol;`;
const trade = (s: number, ticker: string, price: number) => ({ at: sec(s), rec: { TICKER_SYMBOL: ticker, SECTOR: 'TECH', CHANGE: 0, PRICE: price } });
const TRADES = [trade(0, 'IBM', 1), trade(10, 'AMZN', 2), trade(20, 'IBM', 3), trade(61, 'IBM', 4), trade(62, 'AMZN', 5), trade(125, 'IBM', 6)];
const summary = (rows: ReturnType<typeof runApp>['rows']) => rows.map((r) => [r.rowtime, r.values.TICKER, r.values.N, r.values.TOTAL]);

describe('GROUP BY keys that descend as ROWTIME grows (Monotonic Expressions and Operators)', () => {
  for (const key of [`-${MINUTE_SECONDS}`, `${MINUTE_SECONDS} * -1`, `-1 * ${MINUTE_SECONDS}`, `TIMESTAMP '2100-01-01 00:00:00' - FLOOR(ROWTIME TO MINUTE)`]) {
    it(`${key} groups by minute, each minute's groups coming out when the key moves on`, () => {
      const { rows, errors } = runApp(grouped(key), TICKER_SCHEMA, TRADES);
      expect(errors).toEqual([]);
      // The first minute (0..59 s) closes at the 61 s trade, the second at the 125 s one, with that row's ROWTIME.
      expect(summary(rows)).toEqual([
        [sec(61), 'IBM', 2, 4], [sec(61), 'AMZN', 1, 2],
        [sec(125), 'IBM', 1, 4], [sec(125), 'AMZN', 1, 5],
      ]);
    });
  }

  it('still refuses a key that is not monotonic, naming it at its position', () => {
    const e = compileErrorOf(grouped('EXTRACT(SECOND FROM ROWTIME)'), TICKER_SCHEMA);
    expect(e.code).toBe('KAV2_UNSUPPORTED');
    expect(e.message).toMatch(/does not grow with ROWTIME/);
    expect([e.line, e.column]).toEqual([4, 14]);
  });

  it('reads c * m with c > 0 as ascending, like m * c', () => {
    const { app, rows } = runApp(grouped(`2 * ${MINUTE_SECONDS}`), TICKER_SCHEMA, TRADES);
    app.flush();
    expect(summary(rows).map(([, ...rest]) => rest)).toEqual([['IBM', 2, 4], ['AMZN', 1, 2], ['IBM', 1, 4], ['AMZN', 1, 5], ['IBM', 1, 6]]);
  });

  it('accepts m1 + m2 when both ascend and refuses m1 - m2 when both ascend', () => {
    expect(() => compileApplication(grouped(`${MINUTE_SECONDS} + ${MINUTE_SECONDS}`), TICKER_SCHEMA).close()).not.toThrow();
    expect(compileErrorOf(grouped(`${MINUTE_SECONDS} - ${MINUTE_SECONDS}`), TICKER_SCHEMA).code).toBe('KAV2_UNSUPPORTED');
  });
});
