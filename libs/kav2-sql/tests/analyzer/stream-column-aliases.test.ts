import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec } from '../helpers';

// SQL Reference, SELECT clause: "SELECT ... FROM r1 AS t1(a, b, c)" renames r1's columns; "r1 must have exactly
// 3 columns to use this syntax"; ROWTIME is implicit and "does not count as a column", so
// "SELECT STREAM * FROM Bids (a, b, c, d)" (4 names, 3 columns) and "... FROM Bids (ROWTIME, a, b)" are invalid.
const schema = jsonSchema([['TICKER', 'VARCHAR(4)'], ['SHARES', 'INTEGER'], ['PRICE', 'DOUBLE']]);
const pump = (from: string, select = 't.sym, t.qty * t.px') => `
  CREATE STREAM "DESTINATION_SQL_STREAM" (S VARCHAR(4), V DOUBLE);
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${select} FROM ${from} WHERE t.qty > 1;`;
const records = [{ at: sec(0), rec: { TICKER: 'AMZN', SHARES: 2, PRICE: 10.5 } }, { at: sec(1), rec: { TICKER: 'X', SHARES: 1, PRICE: 1 } }];

describe('FROM stream AS alias(columns)', () => {
  it('renames the stream\'s columns in order, under the alias', () => {
    const { rows, errors } = runApp(pump('"SOURCE_SQL_STREAM_001" AS t(sym, qty, px)'), schema, records);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.values)).toEqual([{ S: 'AMZN', V: 21 }]);
  });

  it('renames them without an alias too, and * expands to the new names', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (S VARCHAR(4), Q INTEGER, P DOUBLE);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001" (sym, qty, px) WHERE qty > 1;`;
    const { rows } = runApp(sql, schema, records);
    expect(rows.map((r) => r.values)).toEqual([{ S: 'AMZN', Q: 2, P: 10.5 }]);
  });

  it('no longer knows the old column names', () => {
    expect(compileErrorOf(pump('"SOURCE_SQL_STREAM_001" AS t(sym, qty, px)', 't.ticker, t.qty * t.px'), schema).code).toBe('KAV2_UNKNOWN_COLUMN');
  });

  it('refuses a list whose length is not the stream\'s column count, ROWTIME not counted', () => {
    const sql = pump('"SOURCE_SQL_STREAM_001" AS t(r, sym, qty, px)');
    const e = compileErrorOf(sql, schema);
    expect(e.code).toBe('KAV2_TYPE_MISMATCH');
    expect(e.message).toContain('names 4 columns but stream SOURCE_SQL_STREAM_001 has 3');
    // At the stream's name in FROM.
    expect([e.line, e.column]).toEqual([3, sql.split('\n')[2]!.indexOf('"SOURCE_SQL_STREAM_001"') + 1]);
  });

  it('refuses ROWTIME as a new name and a name given twice', () => {
    expect(compileErrorOf(pump('"SOURCE_SQL_STREAM_001" AS t(ROWTIME, qty, px)'), schema).message).toContain('cannot be renamed ROWTIME');
    expect(compileErrorOf(pump('"SOURCE_SQL_STREAM_001" AS t(sym, qty, qty)'), schema).code).toBe('KAV2_DUPLICATE_NAME');
  });

  it('is refused, by name, on a joined stream', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (S VARCHAR(4));
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM t.sym
      FROM "SOURCE_SQL_STREAM_001" OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t(sym, qty, px)
      JOIN "SOURCE_SQL_STREAM_001" AS u ON t.sym = u.ticker;`;
    const e = compileErrorOf(sql, schema);
    expect(e.code).toBe('KAV2_UNSUPPORTED');
    expect(e.message).toContain('renaming the columns of joined stream SOURCE_SQL_STREAM_001');
  });
});
