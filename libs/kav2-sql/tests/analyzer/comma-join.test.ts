import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec } from '../helpers';

// SQL Reference, FROM clause: `FROM <table-reference> { , <table-reference> }...`, rows paired as by CROSS JOIN and
// filtered by WHERE.
const SCHEMA = jsonSchema([['SIDE', 'VARCHAR(1)'], ['K', 'VARCHAR(8)'], ['V', 'INTEGER']]);
const rec = (s: number, side: 'A' | 'B', k: string, v: number) => ({ at: sec(s), rec: { SIDE: side, K: k, V: v } });
const TABLE = {
  tableName: 'Limits',
  schema: { RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'K', SqlType: 'VARCHAR(8)', Mapping: '$.k' }, { Name: 'LIMIT_V', SqlType: 'INTEGER', Mapping: '$.limit' }] },
  text: '{"k": "x", "limit": 5}\n{"k": "x", "limit": 7}\n{"k": "y", "limit": 1}\n',
};
const STREAMS = `CREATE STREAM A (K VARCHAR(8), V INTEGER);
  CREATE PUMP PA AS INSERT INTO A SELECT STREAM K, V FROM "SOURCE_SQL_STREAM_001" WHERE SIDE = 'A';
  CREATE STREAM B (K VARCHAR(8), V INTEGER);
  CREATE PUMP PB AS INSERT INTO B SELECT STREAM K, V FROM "SOURCE_SQL_STREAM_001" WHERE SIDE = 'B';
  CREATE STREAM "DESTINATION_SQL_STREAM" (AK VARCHAR(8), AV INTEGER, BK VARCHAR(8), BV INTEGER);`;
const pump = (q: string) => `${STREAMS} CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" ${q};`;
const show = (rows: ReturnType<typeof runApp>['rows']) => rows.map((r) => [(r.rowtime - sec(0)) / 1000, r.values.AK, r.values.AV, r.values.BK, r.values.BV]);
const INPUT = [rec(1, 'B', 'x', 10), rec(2, 'B', 'y', 20), rec(3, 'A', 'x', 1), rec(4, 'A', 'z', 2)];

describe('a comma join in FROM (FROM clause)', () => {
  it('pairs a stream row with the rows of a reference table that WHERE keeps, like JOIN ... ON', () => {
    const sql = (from: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(8), V INTEGER, LIMIT_V INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM s.K, s.V, l.LIMIT_V FROM ${from};`;
    const input = [rec(1, 'A', 'x', 6), rec(2, 'A', 'y', 0), rec(3, 'A', 'z', 0)];
    const comma = runApp(sql(`"SOURCE_SQL_STREAM_001" AS s, "Limits" AS l WHERE s.K = l.K AND s.V < l.LIMIT_V`), SCHEMA, input, { referenceData: [TABLE] });
    const on = runApp(sql(`"SOURCE_SQL_STREAM_001" AS s JOIN "Limits" AS l ON s.K = l.K AND s.V < l.LIMIT_V`), SCHEMA, input, { referenceData: [TABLE] });
    expect(comma.errors).toEqual([]);
    expect(comma.rows.map((r) => [r.rowtime, r.values])).toEqual([[sec(1), { K: 'x', V: 6, LIMIT_V: 7 }], [sec(2), { K: 'y', V: 0, LIMIT_V: 1 }]]);
    expect(comma.rows).toEqual(on.rows);
  });

  it('joins two streams, one windowed, on the WHERE condition; without WHERE every pair in the window', () => {
    const filtered = runApp(pump(`SELECT STREAM a.K, a.V, b.K, b.V FROM A AS a, B OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS b WHERE a.K = b.K OR a.V = 2`), SCHEMA, INPUT);
    expect(filtered.errors).toEqual([]);
    expect(show(filtered.rows)).toEqual([[3, 'x', 1, 'x', 10], [4, 'z', 2, 'x', 10], [4, 'z', 2, 'y', 20]]);
    const all = runApp(pump(`SELECT STREAM a.K, a.V, b.K, b.V FROM A AS a, B OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS b`), SCHEMA, INPUT);
    expect(show(all.rows)).toHaveLength(4);
  });

  it('keeps KDA\'s rules for joins: a window on one stream at least, and two inputs per query', () => {
    expect(compileErrorOf(pump('SELECT STREAM a.K, a.V, b.K, b.V FROM A AS a, B AS b WHERE a.K = b.K'), SCHEMA))
      .toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/needs a window on at least one stream/) });
    const e = compileErrorOf(pump(`SELECT STREAM a.K, a.V, b.K, b.V FROM A AS a, B OVER (ROWS 1 PRECEDING) AS b, B OVER (ROWS 1 PRECEDING) AS c`), SCHEMA);
    expect(e).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: expect.stringMatching(/^more than one JOIN in a query/) });
  });
});
