import { compileApplication, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec } from '../helpers';

// Two in-application streams A and B split from one input by SIDE, as the JOIN clause page derives
// ORDERS_STREAM and SHIPMENTS_STREAM from SOURCE_SQL_STREAM_001.
const SCHEMA = jsonSchema([['SIDE', 'VARCHAR(1)'], ['K', 'VARCHAR(8)'], ['V', 'INTEGER']]);
const STREAMS = `
  CREATE STREAM A (K VARCHAR(8), V INTEGER);
  CREATE PUMP PA AS INSERT INTO A SELECT STREAM K, V FROM "SOURCE_SQL_STREAM_001" WHERE SIDE = 'A';
  CREATE STREAM B (K VARCHAR(8), V INTEGER);
  CREATE PUMP PB AS INSERT INTO B SELECT STREAM K, V FROM "SOURCE_SQL_STREAM_001" WHERE SIDE = 'B';
  CREATE STREAM "DESTINATION_SQL_STREAM" (AK VARCHAR(8), AV INTEGER, BK VARCHAR(8), BV INTEGER);`;
const joinApp = (from: string) => `${STREAMS}
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM a.K, a.V, b.K, b.V FROM ${from};`;
const rec = (s: number, side: 'A' | 'B', k: string, v: number) => ({ at: sec(s), rec: { SIDE: side, K: k, V: v } });
const show = (rows: readonly OutputRow[]) =>
  rows.map((r) => `${(r.rowtime - sec(0)) / 1000}: ${String(r.values.AK)} ${String(r.values.AV)} | ${String(r.values.BK)} ${String(r.values.BV)}`);

describe('stream-to-stream JOIN', () => {
  it('reaches an unaliased stream windowed by a named window by the window name too (Developer Guide, Stream Joins)', () => {
    const input = [rec(1, 'B', 'x', 10), rec(2, 'A', 'x', 1), rec(3, 'A', 'y', 2)];
    const named = `${STREAMS}
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM a.K, a.V, w.K, B.V FROM A AS a JOIN B OVER w ON a.K = w.K WINDOW w AS (RANGE INTERVAL '1' MINUTE PRECEDING);`;
    const named2 = runApp(named, SCHEMA, input);
    expect(named2.errors).toEqual([]);
    expect(show(named2.rows)).toEqual(['2: x 1 | x 10']);
    expect(show(runApp(joinApp("A AS a JOIN B OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS b ON a.K = b.K"), SCHEMA, input).rows)).toEqual(['2: x 1 | x 10']);
    // Only the window of that stream: another window name is still unknown, and an alias hides the stream's window name.
    expect(() => compileApplication(`${STREAMS}
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM a.K, a.V, z.K, B.V FROM A AS a JOIN B OVER w ON a.K = B.K WINDOW w AS (RANGE INTERVAL '1' MINUTE PRECEDING), z AS (ROWS 2 PRECEDING);`, SCHEMA)).toThrow(/unknown stream or alias Z in Z.K/);
    expect(() => compileApplication(`${STREAMS}
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM a.K, a.V, w.K, b.V FROM A AS a JOIN B OVER w AS b ON a.K = b.K WINDOW w AS (RANGE INTERVAL '1' MINUTE PRECEDING);`, SCHEMA)).toThrow(/unknown stream or alias W in W.K/);
  });

  it('reads a bare OUTER JOIN as FULL OUTER JOIN, and tolerates a comma before FROM (Developer Guide, Stream Joins)', () => {
    const input = [rec(0, 'A', 'p', 1), rec(1, 'B', 'q', 2), rec(2, 'B', 'p', 3), rec(10, 'A', 'z', 4)];
    const bare = runApp(`${STREAMS}
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM a.K, a.V, b.K, b.V, FROM A OVER (RANGE INTERVAL '5' SECOND PRECEDING) AS a OUTER JOIN B OVER (RANGE INTERVAL '2' SECOND PRECEDING) AS b ON a.K = b.K;`, SCHEMA, input);
    const full = runApp(joinApp("A OVER (RANGE INTERVAL '5' SECOND PRECEDING) AS a FULL OUTER JOIN B OVER (RANGE INTERVAL '2' SECOND PRECEDING) AS b ON a.K = b.K"), SCHEMA, input);
    expect(show(bare.rows)).toEqual(['2: p 1 | p 3', '3: null null | q 2']);
    expect(show(bare.rows)).toEqual(show(full.rows));
    expect(() => compileApplication(`${STREAMS}
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM a.K, , b.V FROM A AS a JOIN B OVER (ROWS 1 PRECEDING) AS b ON a.K = b.K;`, SCHEMA)).toThrow(/expected an expression but found ','/);
  });

  it('keeps the last n + 1 rows of a ROWS n PRECEDING window', () => {
    const sql = joinApp('A OVER (ROWS 1 PRECEDING) AS a JOIN B AS b ON a.K = b.K');
    const { rows, errors } = runApp(sql, SCHEMA, [
      rec(1, 'A', 'x', 1), rec(2, 'A', 'x', 2), rec(3, 'A', 'x', 3), rec(4, 'B', 'x', 10),
    ]);
    expect(errors).toEqual([]);
    expect(show(rows)).toEqual(['4: x 2 | x 10', '4: x 3 | x 10']);
  });

  it('emits unmatched rows of a FULL OUTER JOIN when they leave their window, in ROWTIME order, without flush', () => {
    const sql = joinApp("A OVER (RANGE INTERVAL '5' SECOND PRECEDING) AS a FULL OUTER JOIN B OVER (RANGE INTERVAL '2' SECOND PRECEDING) AS b ON a.K = b.K");
    const { rows } = runApp(sql, SCHEMA, [
      rec(0, 'A', 'p', 1), rec(1, 'B', 'q', 2), rec(2, 'B', 'p', 3), rec(10, 'A', 'z', 4),
    ]);
    // q left B's 2-second window at 3 s, a's p matched, z is still inside its window at 10 s.
    expect(show(rows)).toEqual(['2: p 1 | p 3', '3: null null | q 2']);
  });

  it('pairs every row with the other window under CROSS JOIN, and evaluates a non-equality ON', () => {
    const cross = runApp(joinApp("A OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS a CROSS JOIN B AS b"), SCHEMA, [
      rec(1, 'A', 'x', 1), rec(2, 'A', 'y', 2), rec(3, 'B', 'z', 3),
    ]);
    expect(show(cross.rows)).toEqual(['3: x 1 | z 3', '3: y 2 | z 3']);
    const theta = runApp(joinApp("A OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS a JOIN B AS b ON a.V < b.V"), SCHEMA, [
      rec(1, 'A', 'x', 1), rec(2, 'A', 'y', 5), rec(3, 'B', 'z', 3),
    ]);
    expect(show(theta.rows)).toEqual(['3: x 1 | z 3']);
  });

  it('never matches a NULL key, and sends a row older than the join time to error_stream', () => {
    const sql = joinApp("A OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS a JOIN B AS b ON a.K = b.K");
    const app = compileApplication(sql, SCHEMA, { rowtime: { field: 'T' } });
    const rows: OutputRow[] = [];
    const errors: OutputRow[] = [];
    app.on('DESTINATION_SQL_STREAM', (r) => rows.push(r));
    app.on('error_stream', (r) => errors.push(r));
    app.push({ SIDE: 'A', K: null, V: 1, T: sec(1) });
    app.push({ SIDE: 'B', K: null, V: 2, T: sec(2) });
    app.push({ SIDE: 'A', K: 'k', V: 3, T: sec(1) });
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['LATE_ROW']);
  });

  it('keeps only rows inside the window in its state, and continues exactly after restore', () => {
    const sql = joinApp("A OVER (RANGE INTERVAL '3' SECOND PRECEDING) AS a LEFT JOIN B OVER (RANGE INTERVAL '3' SECOND PRECEDING) AS b ON a.K = b.K");
    const input = Array.from({ length: 40 }, (_, i) => rec(i, i % 3 === 0 ? 'B' : 'A', `k${i % 5}`, i));
    const whole = runApp(sql, SCHEMA, input, { flush: true });

    const first = runApp(sql, SCHEMA, input.slice(0, 23));
    const state = JSON.parse(JSON.stringify(first.app.snapshot())) as ReturnType<typeof first.app.snapshot>;
    const join = state.pumps.P![0] as { sides: unknown[][] };
    // 3-second windows: rows of ROWTIME 20, 21, 22 at most, never the 23 rows pushed so far.
    expect(join.sides[0]!.length + join.sides[1]!.length).toBeLessThanOrEqual(3);
    const second = runApp(sql, SCHEMA, [], {});
    second.app.restore(state);
    const rest: OutputRow[] = [];
    second.app.on('DESTINATION_SQL_STREAM', (r) => rest.push(r));
    for (const r of input.slice(23)) second.app.push(r.rec, { arrivalTime: r.at });
    second.app.flush();
    expect(show([...first.rows, ...rest])).toEqual(show(whole.rows));
    expect(whole.rows.some((r) => r.values.BK === null)).toBe(true);
  });

  it('explains the join with its windows and lookup keys', () => {
    const app = compileApplication(joinApp("A OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS a RIGHT JOIN B AS b ON a.K = b.K AND a.V > 0"), SCHEMA);
    expect(app.explain()).toContain('1. Join RIGHT stream A OVER (RANGE 60000ms PRECEDING) with stream B (current row) ON (($0 = $3) AND ($1 > 0)) keys=[$0 = $3]');
  });
});

describe('stream-to-table JOIN (reference data)', () => {
  const TABLE = {
    tableName: 'Limits',
    schema: { RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'K', SqlType: 'VARCHAR(8)', Mapping: '$.k' }, { Name: 'LIMIT_V', SqlType: 'INTEGER', Mapping: '$.limit' }] },
    text: '{"k": "x", "limit": 5}\n{"k": "x", "limit": 7}\n{"k": "y", "limit": 1}\n',
  };
  const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(8), V INTEGER, LIMIT_V INTEGER);
    CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
      SELECT STREAM s.K, s.V, l.LIMIT_V FROM "SOURCE_SQL_STREAM_001" AS s JOIN "Limits" AS l ON s.K = l.K AND s.V < l.LIMIT_V;`;

  it('joins each stream row with every matching table row, keeping its ROWTIME', () => {
    const { rows, errors } = runApp(sql, SCHEMA, [rec(1, 'A', 'x', 6), rec(2, 'A', 'y', 0), rec(3, 'A', 'z', 0)], { referenceData: [TABLE] });
    expect(errors).toEqual([]);
    expect(rows.map((r) => [(r.rowtime - sec(0)) / 1000, r.values.K, r.values.LIMIT_V])).toEqual([[1, 'x', 7], [2, 'y', 1]]);
  });

  it('refuses a bad reference record naming the table, the record and the reason', () => {
    const bad = { ...TABLE, text: '{"k": "x", "limit": 5}\n{"k": "y", "limit": "many"}\n' };
    expect(() => compileApplication(sql, SCHEMA, { referenceData: [bad] })).toThrow(
      expect.objectContaining({ code: 'KAV2_INVALID_REFERENCE_DATA', message: expect.stringMatching(/^reference table Limits: record 2 \(line 2\): column LIMIT_V: value "many" cannot be read as INTEGER/) }),
    );
    const badSchema = { ...TABLE, schema: { RecordColumns: [] } };
    expect(() => compileApplication(sql, SCHEMA, { referenceData: [badSchema] })).toThrow(/^reference table Limits: ReferenceSchema: RecordColumns must be a non-empty array/);
  });

  it('names what KDA does not allow', () => {
    const ref = { referenceData: [TABLE] };
    const pump = (q: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(8)); CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" ${q};`;
    const fails = (q: string) => compileErrorOf(pump(q), SCHEMA, ref);
    expect(fails('SELECT STREAM K FROM "Limits"')).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: expect.stringMatching(/^reading reference table Limits on its own/) });
    expect(fails(`SELECT STREAM s.K FROM "SOURCE_SQL_STREAM_001" AS s JOIN "Limits" OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS l ON s.K = l.K`)).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/cannot have a window/) });
    expect(fails('SELECT STREAM s.K FROM "SOURCE_SQL_STREAM_001" AS s RIGHT JOIN "Limits" AS l ON s.K = l.K')).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: expect.stringMatching(/keeps unmatched reference-table rows/) });
    expect(fails('SELECT STREAM a.K FROM "Limits" AS a JOIN "Limits" AS b ON a.K = b.K')).toMatchObject({ code: 'KAV2_UNSUPPORTED' });
    expect(fails('SELECT STREAM s.K FROM "SOURCE_SQL_STREAM_001" AS s CROSS JOIN "Limits" AS l ON s.K = l.K')).toMatchObject({ code: 'KAV2_PARSE_UNEXPECTED', message: expect.stringMatching(/CROSS JOIN takes no ON/) });
    expect(fails(`SELECT STREAM K FROM "SOURCE_SQL_STREAM_001" OVER (RANGE INTERVAL '1' MINUTE PRECEDING)`)).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/applies only to a joined stream/) });
    // A bare OUTER JOIN is a FULL OUTER JOIN (Developer Guide, Stream Joins), which would keep table rows.
    expect(fails('SELECT STREAM s.K FROM "SOURCE_SQL_STREAM_001" AS s OUTER JOIN "Limits" AS l ON s.K = l.K')).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: expect.stringMatching(/^a FULL OUTER JOIN that keeps unmatched reference-table rows/) });
  });
});
