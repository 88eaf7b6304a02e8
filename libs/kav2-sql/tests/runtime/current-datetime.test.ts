import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec, T0 } from '../helpers';

// SQL Reference, Date and Time Functions: "LOCALTIMESTAMP, LOCALTIME, CURRENT_DATE, and CURRENT_TIMESTAMP all produce
// results which are set to values at the time the query first executes. Only CURRENT_ROW_TIMESTAMP generates a row
// with a unique timestamp"; all in UTC.
const schema = jsonSchema([['N', 'INTEGER']]);
const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (CT TIMESTAMP, LT TIMESTAMP, CD DATE, CTIME TIME, LTIME TIME, CRT TIMESTAMP);
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIME, CURRENT_ROW_TIMESTAMP FROM "SOURCE_SQL_STREAM_001";`;

describe('current date and time functions', () => {
  it('keep the time the query started for every row, while CURRENT_ROW_TIMESTAMP is each row\'s own', () => {
    let now = T0 + 3_723_456; // 15:12:03.456 UTC on the day of T0
    const start = now;
    const clock = () => now;
    const records = [0, 1, 2].map((i) => ({ at: sec(i), rec: { N: i } }));
    const { app, rows } = runApp(sql, schema, [], { clock });
    for (const r of records) {
      now += 60_000;
      app.push(r.rec, { arrivalTime: r.at });
    }
    const day = Math.floor(start / 86_400_000) * 86_400_000;
    expect(rows.map((r) => [r.values.CT, r.values.LT, r.values.CD, r.values.CTIME, r.values.LTIME])).toEqual(
      records.map(() => [start, start, day, start - day, start - day]),
    );
    expect(rows.map((r) => r.values.CRT)).toEqual([start + 60_000, start + 120_000, start + 180_000]);
  });

  it('refuse the SQL:2008 precision parameter, which KDA does not support (LOCALTIME, LOCALTIMESTAMP pages)', () => {
    for (const fn of ['LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_TIME', 'CURRENT_TIMESTAMP']) {
      const e = compileErrorOf(`CREATE STREAM "DESTINATION_SQL_STREAM" (R TIMESTAMP);
        CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${fn}(3) FROM "SOURCE_SQL_STREAM_001";`, schema);
      expect(e.code).toBe('KAV2_UNSUPPORTED');
      expect(e.message).toContain(`${fn}(precision)`);
    }
  });
});
