import { checkApplication, compileApplication } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema } from '../helpers';

const SCHEMA = jsonSchema([['TICKER_SYMBOL', 'VARCHAR(4)'], ['PRICE', 'DOUBLE'], ['TS', 'TIMESTAMP']]);
const WATCHLIST = {
  tableName: 'Watchlist',
  schema: { RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'TICKER', SqlType: 'VARCHAR(4)', Mapping: '$.t' }, { Name: 'LIMIT_PRICE', SqlType: 'DOUBLE', Mapping: '$.p' }] },
  text: '{"t": "AMZN", "p": 800}\n',
};
const opts = { referenceData: [WATCHLIST] };
/** A pump selecting the ticker FROM the input stream `WHERE <cond>` (the condition starts at line 3, column 11). */
const app = (cond: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (TICKER_SYMBOL VARCHAR(4));
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM TICKER_SYMBOL FROM "SOURCE_SQL_STREAM_001" AS s
    WHERE ${cond};`;
/** The column of line 3 where `token` first occurs in `cond`. */
const at = (cond: string, token: string): number => {
  const i = cond.indexOf(token);
  if (i < 0) throw new Error(`${token} is not in ${cond}`);
  return 11 + i;
};

describe('binding IN / EXISTS subqueries', () => {
  it('compiles uncorrelated and correlated subqueries over a reference table', () => {
    for (const cond of [
      'TICKER_SYMBOL IN (SELECT TICKER FROM "Watchlist")',
      '(TICKER_SYMBOL, PRICE) NOT IN (SELECT TICKER, LIMIT_PRICE FROM "Watchlist")',
      'EXISTS (SELECT * FROM "Watchlist" w WHERE w.TICKER = s.TICKER_SYMBOL AND w.LIMIT_PRICE < PRICE)',
      'NOT EXISTS (SELECT 1 FROM "Watchlist" WHERE ROWTIME > TS)',
    ]) expect(checkApplication(app(cond), SCHEMA, opts)).toEqual([]);
  });

  it('refuses a subquery over a stream, positioned at the stream, saying a table is needed', () => {
    const cond = 'TICKER_SYMBOL IN (SELECT TICKER_SYMBOL FROM "SOURCE_SQL_STREAM_001")';
    const e = compileErrorOf(app(cond), SCHEMA, opts);
    expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 3, column: at(cond, '"SOURCE') });
    expect(e.message).toMatch(/^IN \(subquery\) needs an in-application reference table in FROM, but SOURCE_SQL_STREAM_001 is a stream: an infinite stream is never complete/);
    const derived = 'EXISTS (SELECT * FROM (SELECT STREAM * FROM "SOURCE_SQL_STREAM_001") AS q)';
    const x = compileErrorOf(app(derived), SCHEMA, opts);
    expect(x).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 3, column: at(derived, '(SELECT STREAM') });
    expect(x.message).toMatch(/^EXISTS \(subquery\) needs an in-application reference table in FROM, but it reads a subquery/);
  });

  it('reports a column-count mismatch at the subquery, and incomparable types at the operand', () => {
    const two = '(TICKER_SYMBOL, PRICE) IN (SELECT TICKER FROM "Watchlist")';
    const count = compileErrorOf(app(two), SCHEMA, opts);
    expect(count).toMatchObject({ code: 'KAV2_TYPE_MISMATCH', line: 3, column: at(two, 'SELECT') });
    expect(count.message).toMatch(/IN tests a row of 2 values but its subquery selects 1 column/);
    expect(compileErrorOf(app('TICKER_SYMBOL IN (SELECT * FROM "Watchlist")'), SCHEMA, opts).message).toMatch(/IN tests one value but its subquery selects 2 columns/);
    const pair = '(TICKER_SYMBOL, PRICE) IN (SELECT TICKER, TICKER FROM "Watchlist")';
    const type = compileErrorOf(app(pair), SCHEMA, opts);
    expect(type).toMatchObject({ code: 'KAV2_TYPE_MISMATCH', line: 3, column: at(pair, 'PRICE') });
    expect(type.message).toMatch(/cannot compare DOUBLE with VARCHAR\(4\) in IN \(subquery\)/);
    // A character value compared with a datetime is allowed, as with '='.
    expect(checkApplication(app('TS IN (SELECT TICKER FROM "Watchlist")'), SCHEMA, opts)).toEqual([]);
  });

  it('resolves the subquery\'s own names first, then the outer query\'s, and reports names neither has', () => {
    // TICKER_SYMBOL is not a table column, so it is the outer row's; an unknown name is reported where it is written.
    expect(checkApplication(app('EXISTS (SELECT 1 FROM "Watchlist" WHERE TICKER = TICKER_SYMBOL)'), SCHEMA, opts)).toEqual([]);
    const nope = 'EXISTS (SELECT 1 FROM "Watchlist" WHERE TICKER = NOPE)';
    expect(compileErrorOf(app(nope), SCHEMA, opts)).toMatchObject({ code: 'KAV2_UNKNOWN_COLUMN', line: 3, column: at(nope, 'NOPE') });
    // w.PRICE: the table has no PRICE, and the outer query has no W.
    const qualified = 'EXISTS (SELECT 1 FROM "Watchlist" w WHERE w.PRICE > 0)';
    expect(compileErrorOf(app(qualified), SCHEMA, opts)).toMatchObject({ code: 'KAV2_UNKNOWN_COLUMN', line: 3, column: at(qualified, 'w.PRICE') });
  });

  it('refuses what a subquery over a table cannot mean, by name and position', () => {
    // [condition, code, message, the token the error points at]
    const cases: [string, string, RegExp, string][] = [
      ['TICKER_SYMBOL IN (SELECT STREAM TICKER FROM "Watchlist")', 'KAV2_INVALID_ARGUMENT', /SELECT STREAM in IN \(subquery\): Watchlist is a reference table/, 'SELECT'],
      ['TICKER_SYMBOL IN (SELECT TICKER FROM "Nope")', 'KAV2_UNKNOWN_STREAM', /unknown reference table Nope in IN \(subquery\)/, '"Nope"'],
      ['TICKER_SYMBOL IN (SELECT MAX(TICKER) FROM "Watchlist")', 'KAV2_INVALID_ARGUMENT', /aggregate MAX is not allowed in the SELECT list of IN \(subquery\)/, 'MAX'],
      ['EXISTS (SELECT TICKER FROM "Watchlist" GROUP BY TICKER)', 'KAV2_UNSUPPORTED', /GROUP BY in EXISTS \(subquery\) is not supported/, 'TICKER)'],
      ['EXISTS (SELECT TICKER FROM "Watchlist" ORDER BY TICKER)', 'KAV2_UNSUPPORTED', /ORDER BY in EXISTS \(subquery\)/, 'ORDER'],
      ['EXISTS (SELECT 1 FROM "Watchlist" w JOIN "Watchlist" v ON w.TICKER = v.TICKER)', 'KAV2_UNSUPPORTED', /a JOIN in EXISTS \(subquery\)/, 'JOIN'],
      ['EXISTS (SELECT 1 FROM "Watchlist" WHERE LIMIT_PRICE)', 'KAV2_TYPE_MISMATCH', /expected a BOOLEAN but got DOUBLE/, 'LIMIT_PRICE'],
    ];
    for (const [cond, code, message, token] of cases) {
      const e = compileErrorOf(app(cond), SCHEMA, opts);
      expect({ code: e.code, line: e.line, column: e.column }, cond).toEqual({ code, line: 3, column: at(cond, token) });
      expect(e.message, cond).toMatch(message);
    }
  });

  it('refuses a subquery in a user-defined function\'s body, whose names would change meaning at each call', () => {
    const sql = `CREATE FUNCTION watched(t VARCHAR(4)) RETURNS BOOLEAN LANGUAGE SQL
  RETURN t IN (SELECT TICKER FROM "Watchlist");
${app('watched(TICKER_SYMBOL)')}`;
    expect(compileErrorOf(sql, SCHEMA, opts)).toMatchObject({ code: 'KAV2_UNSUPPORTED', line: 2, column: 12 });
  });

  it('checks a correlated subquery in HAVING against GROUP BY like any other outer reference', () => {
    const grouped = (having: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (TICKER_SYMBOL VARCHAR(4), N BIGINT);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM TICKER_SYMBOL, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
  GROUP BY TICKER_SYMBOL, FLOOR(ROWTIME TO MINUTE) HAVING ${having};`;
    expect(checkApplication(grouped('EXISTS (SELECT 1 FROM "Watchlist" WHERE TICKER = TICKER_SYMBOL)'), SCHEMA, opts)).toEqual([]);
    const e = compileErrorOf(grouped('EXISTS (SELECT 1 FROM "Watchlist" WHERE LIMIT_PRICE < PRICE)'), SCHEMA, opts);
    expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT' });
    expect(e.message).toMatch(/column PRICE must appear in GROUP BY or inside an aggregate/);
  });

  it('gives checkApplication the same positioned diagnostic as compileApplication', () => {
    const cond = 'EXISTS (SELECT 1 FROM "SOURCE_SQL_STREAM_001")';
    expect(() => compileApplication(app(cond), SCHEMA, opts)).toThrow(/needs an in-application reference table/);
    expect(checkApplication(app(cond), SCHEMA, opts)).toEqual([expect.objectContaining({ code: 'KAV2_INVALID_ARGUMENT', line: 3, column: at(cond, '"SOURCE'), severity: 'error' })]);
  });
});
