import { checkApplication, compileApplication, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { unionType } from '../../src/analyzer/bind-union';
import { compileErrorOf, jsonSchema, runApp, sec, dataRowText } from '../helpers';

const schema = jsonSchema([['KIND', 'INTEGER'], ['X', 'INTEGER'], ['Y', 'VARCHAR(4)']]);
/** Two streams derived from the one input, as the JOIN clause page derives its orders and shipments. */
const STREAMS = `CREATE STREAM T1 (x INTEGER, y VARCHAR(4));
  CREATE STREAM T2 (a DOUBLE, b VARCHAR(8));
  CREATE PUMP P1 AS INSERT INTO T1 SELECT STREAM x, y FROM "SOURCE_SQL_STREAM_001" WHERE kind = 1;
  CREATE PUMP P2 AS INSERT INTO T2 SELECT STREAM x, y FROM "SOURCE_SQL_STREAM_001" WHERE kind = 2;`;
const rec = (s: number, kind: number, x: number, y = 'v') => ({ at: sec(s), rec: { KIND: kind, X: x, Y: y } });
const flat = (rows: readonly OutputRow[]) => rows.map((r) => [r.rowtime, ...Object.values(r.values)]);
const errorOf = (sql: string) => compileErrorOf(sql, schema);

describe('UNION ALL', () => {
  it('passes every branch\'s rows on as they come, each with its own ROWTIME, named by the first branch', () => {
    const sql = `${STREAMS}
      CREATE STREAM D (x DOUBLE, y VARCHAR(8));
      CREATE PUMP P3 AS INSERT INTO D SELECT STREAM x, y FROM T1 UNION ALL SELECT STREAM a, b FROM T2;`;
    const { rows, errors } = runApp(sql, schema, [rec(1, 1, 1, 'a'), rec(2, 2, 2, 'bb'), rec(3, 1, 3, 'c'), rec(3, 3, 9), rec(4, 2, 4)], { stream: 'D' });
    expect(errors).toEqual([]);
    expect(flat(rows)).toEqual([[sec(1), 1, 'a'], [sec(2), 2, 'bb'], [sec(3), 3, 'c'], [sec(4), 4, 'v']]);
  });

  it('keeps duplicates: one stream read by both branches gives each row twice, first branch first', () => {
    const sql = `CREATE STREAM D (x INTEGER, src VARCHAR(2));
      CREATE PUMP P AS INSERT INTO D
        SELECT STREAM x, 'a' FROM "SOURCE_SQL_STREAM_001"
        UNION ALL
        SELECT STREAM x, 'b' FROM "SOURCE_SQL_STREAM_001" WHERE x > 1;`;
    const { rows } = runApp(sql, schema, [rec(1, 0, 1), rec(2, 0, 2)], { stream: 'D' });
    expect(flat(rows)).toEqual([[sec(1), 1, 'a'], [sec(2), 2, 'a'], [sec(2), 2, 'b']]);
  });

  it('chains more than two branches and nests a parenthesized union', () => {
    const sql = `CREATE STREAM D (x INTEGER);
      CREATE PUMP P AS INSERT INTO D
        SELECT STREAM x FROM "SOURCE_SQL_STREAM_001" WHERE kind = 1
        UNION ALL SELECT STREAM x * 10 FROM "SOURCE_SQL_STREAM_001" WHERE kind = 2
        UNION ALL (SELECT STREAM x * 100 FROM "SOURCE_SQL_STREAM_001" WHERE kind = 3
                   UNION ALL SELECT STREAM -x FROM "SOURCE_SQL_STREAM_001" WHERE kind = 3);`;
    const { rows } = runApp(sql, schema, [rec(1, 1, 1), rec(2, 2, 2), rec(3, 3, 3)], { stream: 'D' });
    expect(rows.map((r) => r.values.X)).toEqual([1, 20, 300, -3]);
  });

  it('runs inside a FROM subquery, with the outer query\'s WHERE and tumbling GROUP BY over the merged rows', () => {
    const sql = `${STREAMS}
      CREATE STREAM D (n BIGINT, s DOUBLE);
      CREATE PUMP P3 AS INSERT INTO D
        SELECT STREAM COUNT(*), SUM(v) FROM (SELECT STREAM x AS v FROM T1 UNION ALL SELECT STREAM a FROM T2) AS u
        WHERE v > 0 GROUP BY FLOOR(u.ROWTIME TO MINUTE);`;
    const { rows, errors } = runApp(sql, schema, [rec(1, 1, 1), rec(2, 2, 2), rec(3, 1, -5), rec(61, 1, 7)], { stream: 'D' });
    expect(errors).toEqual([]);
    expect(flat(rows)).toEqual([[sec(60), 2, 3]]);
  });

  it('sees a window close before the row that closes it, so a windowed branch and a raw one merge in ROWTIME order', () => {
    const sql = `CREATE STREAM D (what VARCHAR(8), n BIGINT);
      CREATE PUMP P AS INSERT INTO D
        SELECT STREAM 'row', CAST(x AS BIGINT) FROM "SOURCE_SQL_STREAM_001"
        UNION ALL
        SELECT STREAM 'window', COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY STEP(ROWTIME BY INTERVAL '10' SECOND);`;
    const { rows } = runApp(sql, schema, [rec(1, 0, 1), rec(5, 0, 2), rec(12, 0, 3), rec(25, 0, 4)], { stream: 'D' });
    expect(flat(rows)).toEqual([
      [sec(1), 'row', 1], [sec(5), 'row', 2], [sec(10), 'window', 2], [sec(12), 'row', 3], [sec(20), 'window', 1], [sec(25), 'row', 4],
    ]);
    expect(rows.map((r) => r.rowtime)).toEqual([...rows.map((r) => r.rowtime)].sort((a, b) => a - b));
  });

  it('hands what the branches release at flush() on in ROWTIME order', () => {
    const sql = `CREATE STREAM D (w VARCHAR(4), n BIGINT);
      CREATE PUMP P AS INSERT INTO D
        SELECT STREAM 'hour', COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY FLOOR(ROWTIME TO HOUR)
        UNION ALL
        SELECT STREAM 'min', COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY FLOOR(ROWTIME TO MINUTE);`;
    // The hour branch comes first and releases 15:00 before the minute branch releases 14:12.
    const { rows } = runApp(sql, schema, [rec(1, 0, 1), rec(61, 0, 2)], { stream: 'D', flush: true });
    expect(flat(rows)).toEqual([[sec(60), 'min', 1], [sec(120), 'min', 1], [sec(3000), 'hour', 2]]);
  });

  it('feeds a table function from a CURSOR over a union', () => {
    const sql = `CREATE STREAM D (item VARCHAR(4), n BIGINT);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(
        SELECT STREAM y FROM "SOURCE_SQL_STREAM_001" WHERE kind = 1 UNION ALL SELECT STREAM y FROM "SOURCE_SQL_STREAM_001" WHERE kind = 2),
        'Y', 1, 60));`;
    const { rows } = runApp(sql, schema, [rec(1, 1, 0, 'a'), rec(2, 2, 0, 'b'), rec(3, 2, 0, 'b'), rec(4, 3, 0, 'a')], { stream: 'D', flush: true });
    expect(rows.map((r) => [r.values.ITEM, r.values.N])).toEqual([['b', 2]]);
  });

  it('sets each branch\'s ROWTIME from its own ROWTIME item', () => {
    const sql = `CREATE STREAM D (x INTEGER);
      CREATE PUMP P AS INSERT INTO D
        SELECT STREAM ROWTIME + INTERVAL '1' HOUR AS ROWTIME, x FROM "SOURCE_SQL_STREAM_001" WHERE kind = 1
        UNION ALL SELECT STREAM x FROM "SOURCE_SQL_STREAM_001" WHERE kind = 2;`;
    const { rows } = runApp(sql, schema, [rec(1, 1, 1), rec(2, 2, 2)], { stream: 'D' });
    expect(flat(rows)).toEqual([[sec(3601), 1], [sec(2), 2]]);
  });

  it('pads a shorter CHAR to the union\'s CHAR length', () => {
    const sql = `CREATE STREAM D (c VARCHAR(8));
      CREATE PUMP P AS INSERT INTO D
        SELECT STREAM CAST(y AS CHAR(2)) FROM "SOURCE_SQL_STREAM_001" WHERE kind = 1
        UNION ALL SELECT STREAM CAST(y AS CHAR(4)) FROM "SOURCE_SQL_STREAM_001" WHERE kind = 2;`;
    const { rows } = runApp(sql, schema, [rec(1, 1, 0, 'a'), rec(2, 2, 0, 'b')], { stream: 'D' });
    expect(rows.map((r) => r.values.C)).toEqual(['a   ', 'b   ']);
  });

  it('types each column by the SQL rules for combining types', () => {
    const ty = (name: string, length?: number, scale?: number) => ({ name, ...(length === undefined ? {} : { length }), ...(scale === undefined ? {} : { scale }) }) as Parameters<typeof unionType>[0];
    expect(unionType(ty('INTEGER'), ty('BIGINT'))).toEqual(ty('BIGINT'));
    expect(unionType(ty('INTEGER'), ty('DOUBLE'))).toEqual(ty('DOUBLE'));
    expect(unionType(ty('DECIMAL', 5, 2), ty('INTEGER'))).toEqual(ty('DECIMAL', 12, 2));
    expect(unionType(ty('DECIMAL', 5, 2), ty('DECIMAL', 7, 0))).toEqual(ty('DECIMAL', 9, 2));
    expect(unionType(ty('VARCHAR', 4), ty('CHAR', 8))).toEqual(ty('VARCHAR', 8));
    expect(unionType(ty('CHAR', 2), ty('CHAR', 4))).toEqual(ty('CHAR', 4));
    expect(unionType(ty('NULL'), ty('TIMESTAMP'))).toEqual(ty('TIMESTAMP'));
    expect(unionType(ty('TIMESTAMP'), ty('TIMESTAMP'))).toEqual(ty('TIMESTAMP'));
    expect(unionType(ty('TIMESTAMP'), ty('DATE'))).toBeUndefined();
    expect(unionType(ty('VARCHAR', 4), ty('INTEGER'))).toBeUndefined();
    expect(unionType(ty('BOOLEAN'), ty('INTEGER'))).toBeUndefined();
  });

  it('refuses branches with different numbers of columns at the UNION', () => {
    const e = errorOf(`CREATE STREAM D (x INTEGER);
CREATE PUMP P AS INSERT INTO D SELECT STREAM x FROM "SOURCE_SQL_STREAM_001"
  UNION ALL SELECT STREAM x, y FROM "SOURCE_SQL_STREAM_001";`);
    expect(e).toMatchObject({ code: 'KAV2_TYPE_MISMATCH', line: 3, column: 3 });
    expect(e.message).toMatch(/UNION ALL: the first query selects 1 columns but query 2 selects 2/);
  });

  it('refuses a column whose types do not combine, at the branch\'s item', () => {
    const e = errorOf(`CREATE STREAM D (x INTEGER);
CREATE PUMP P AS INSERT INTO D SELECT STREAM x FROM "SOURCE_SQL_STREAM_001"
  UNION ALL SELECT STREAM y FROM "SOURCE_SQL_STREAM_001";`);
    expect(e).toMatchObject({ code: 'KAV2_TYPE_MISMATCH', line: 3, column: 27 });
    expect(e.message).toMatch(/column 1 \(X\) is INTEGER .* and VARCHAR\(4\) in query 2; they do not combine/);
  });

  it('refuses a union of a stream and a relation (a branch without STREAM next to one with it)', () => {
    const e = errorOf(`CREATE STREAM D (x INTEGER);
CREATE PUMP P AS INSERT INTO D SELECT STREAM x FROM "SOURCE_SQL_STREAM_001"
  UNION ALL SELECT x FROM "SOURCE_SQL_STREAM_001";`);
    expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 3, column: 13 });
    // A pump's query may leave STREAM out (Identifiers page), in every branch alike.
    expect(checkApplication(`CREATE STREAM D (x INTEGER);
      CREATE PUMP P AS INSERT INTO D SELECT x FROM "SOURCE_SQL_STREAM_001" UNION ALL SELECT x FROM "SOURCE_SQL_STREAM_001";`, schema)).toEqual([]);
  });

  it('refuses a pump whose union reads the stream it writes', () => {
    expect(checkApplication(`CREATE STREAM D (x INTEGER);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM x FROM "SOURCE_SQL_STREAM_001" UNION ALL SELECT STREAM x FROM D;`, schema)[0]?.message)
      .toMatch(/pump P reading the stream it writes \(D\)/);
  });

  it('names DATA_ROW by the columns of the stream a failing branch reads', () => {
    const sql = `${STREAMS}
      CREATE STREAM D (x INTEGER);
      CREATE PUMP P3 AS INSERT INTO D SELECT STREAM x FROM T1 UNION ALL SELECT STREAM CAST(b AS INTEGER) FROM T2 WHERE 1 / (a - 2) > 0;`;
    const { errors } = runApp(sql, schema, [rec(1, 2, 2, 'z')], { stream: 'D' });
    expect(errors.map((e) => [e.values.ERROR_NAME, dataRowText(e), e.values.PUMP_NAME])).toEqual([['DIVISION_BY_ZERO', '{"A":2,"B":"z"}', 'P3']]);
  });

  it('explains each branch under the union', () => {
    const app = compileApplication(`${STREAMS}
      CREATE STREAM D (x DOUBLE, y VARCHAR(8));
      CREATE PUMP P3 AS INSERT INTO D SELECT STREAM x, y FROM T1 WHERE x > 0 UNION ALL SELECT STREAM a, b FROM T2;`, schema);
    expect(app.explain().split('\n').slice(-9)).toEqual([
      'Pump P3: T1 UNION ALL T2 -> D',
      '  1. UnionAll 2 branches',
      '     branch 1 from T1:',
      '       1. Filter[WHERE] ($0 > 0)',
      '       2. Project $0 AS X, $1 AS Y',
      '     branch 2 from T2:',
      '       1. Project $0 AS A, $1 AS B',
      '  2. Project $0 AS X, $1 AS Y',
      '  3. Insert into D (X, Y)',
    ]);
  });

  it('snapshots and restores the windows of its branches', () => {
    const sql = `CREATE STREAM D (w VARCHAR(4), n BIGINT);
      CREATE PUMP P AS INSERT INTO D
        SELECT STREAM 'a', COUNT(*) FROM "SOURCE_SQL_STREAM_001" WHERE kind = 1 GROUP BY STEP(ROWTIME BY INTERVAL '10' SECOND)
        UNION ALL
        SELECT STREAM 'b', SUM(x) OVER (RANGE INTERVAL '5' SECOND PRECEDING) FROM "SOURCE_SQL_STREAM_001" WHERE kind = 2;`;
    const input = [rec(1, 1, 1), rec(2, 2, 5), rec(3, 1, 1), rec(4, 2, 6), rec(11, 1, 1), rec(12, 2, 7)];
    const straight = runApp(sql, schema, input, { stream: 'D', flush: true }).rows;
    const first = runApp(sql, schema, input.slice(0, 4), { stream: 'D' });
    const state = JSON.parse(JSON.stringify(first.app.snapshot())) as ReturnType<typeof first.app.snapshot>;
    const second = compileApplication(sql, schema);
    second.restore(state);
    const rest: OutputRow[] = [];
    second.on('D', (r) => rest.push(r));
    for (const r of input.slice(4)) second.push(r.rec, { arrivalTime: r.at });
    second.flush();
    expect([...first.rows, ...rest]).toEqual(straight);
    expect(flat(straight)).toEqual([[sec(2), 'b', 5], [sec(4), 'b', 11], [sec(10), 'a', 2], [sec(12), 'b', 7], [sec(20), 'a', 1]]);
  });
});
