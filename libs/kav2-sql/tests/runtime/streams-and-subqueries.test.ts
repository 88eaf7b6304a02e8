import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER']]);
const ev = (s: number, k: string, v: number) => ({ at: sec(s), rec: { K: k, V: v } });

describe('in-application streams and subqueries', () => {
  it('chains pumps: a pump reads the stream another pump writes, with windows on both', () => {
    const sql = `
      CREATE STREAM "PER_KEY" (k VARCHAR(4), total BIGINT);
      CREATE STREAM "DESTINATION_SQL_STREAM" (keys BIGINT, biggest BIGINT);
      CREATE PUMP "SECOND" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM COUNT(*), MAX(total) FROM "PER_KEY" GROUP BY STEP(ROWTIME BY INTERVAL '1' MINUTE);
      CREATE PUMP "FIRST" AS INSERT INTO "PER_KEY"
        SELECT STREAM k, SUM(v) FROM "SOURCE_SQL_STREAM_001" GROUP BY k, STEP(ROWTIME BY INTERVAL '10' SECOND);`;
    const { rows, app } = runApp(sql, schema, [ev(1, 'a', 1), ev(2, 'b', 5), ev(15, 'a', 7), ev(65, 'a', 1)]);
    // Windows [0,10) and [10,20) of FIRST close at 15 and 65; their rows (ROWTIME 10 and 20) fill SECOND's [0,60).
    expect(rows.map((r) => [r.rowtime, r.values])).toEqual([[sec(60), { KEYS: 3, BIGGEST: 7 }]]);
    expect(app.outputStreams).toEqual(['PER_KEY', 'DESTINATION_SQL_STREAM']);
  });

  it('runs a subquery in FROM and lets the outer query filter on its columns', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (k VARCHAR(4), doubled INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM q.k, q.d FROM (SELECT STREAM k, v * 2 AS d FROM "SOURCE_SQL_STREAM_001" WHERE v > 0) AS q WHERE q.d > 4;`;
    const { rows } = runApp(sql, schema, [ev(1, 'a', 1), ev(2, 'b', 3), ev(3, 'c', -5)]);
    expect(rows.map((r) => r.values)).toEqual([{ K: 'b', DOUBLED: 6 }]);
  });

  it('maps INSERT INTO s (cols) by name and leaves other columns NULL; converts to the declared types', () => {
    const sql = `
      CREATE STREAM "DESTINATION_SQL_STREAM" (a VARCHAR(2), b DOUBLE, c INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" (c, a) SELECT STREAM v, k FROM "SOURCE_SQL_STREAM_001";`;
    const { rows } = runApp(sql, schema, [ev(1, 'long', 3)]);
    expect(rows[0]!.values).toEqual({ A: 'lo', B: null, C: 3 });
  });
});

describe('push() input checks', () => {
  it('sends a record with an invalid arrival time to error_stream instead of corrupting windows', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (k VARCHAR(4));
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM k FROM "SOURCE_SQL_STREAM_001";`;
    const { app, rows, errors } = runApp(sql, schema, []);
    app.push({ K: 'a' }, { arrivalTime: Number.NaN });
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['ROWTIME_FAILED']);
  });

  it('treats a subquery column that is its rows\' ROWTIME as ROWTIME outside, so it can key a time window', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (k VARCHAR(4), n BIGINT, first_at TIMESTAMP);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM k, COUNT(*), MIN(t) FROM (SELECT STREAM ROWTIME AS t, k FROM "SOURCE_SQL_STREAM_001") AS s
        GROUP BY k, STEP(s.t BY INTERVAL '10' SECOND);`;
    const { rows, app } = runApp(sql, schema, [ev(1, 'a', 0), ev(3, 'a', 0), ev(12, 'a', 0)]);
    expect(rows.map((r) => [r.rowtime, r.values])).toEqual([[sec(10), { K: 'a', N: 2, FIRST_AT: sec(1) }]]);
    expect(app.explain()).toContain('TumblingAggregate window=STEP(ROWTIME, 10000)');
  });

  it('keeps a subquery\'s old ROWTIME column a plain column once the subquery sets a new ROWTIME', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (n BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM COUNT(*) FROM (SELECT STREAM ROWTIME AS t, ROWTIME + INTERVAL '1' HOUR AS ROWTIME FROM "SOURCE_SQL_STREAM_001") AS s
        GROUP BY STEP(s.t BY INTERVAL '10' SECOND);`;
    expect(() => runApp(sql, schema, [])).toThrow(/GROUP BY without a ROWTIME-based expression/);
  });
});
