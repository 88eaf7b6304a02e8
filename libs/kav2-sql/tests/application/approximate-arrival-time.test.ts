import { isSurvError } from '@surv/domain';
import { compileApplication } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['EV', 'TIMESTAMP']]);

describe('APPROXIMATE_ARRIVAL_TIME', () => {
  it('is the time the record arrived, also when ROWTIME comes from an event-time field', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(4), A TIMESTAMP, R TIMESTAMP);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM K, "SOURCE_SQL_STREAM_001".APPROXIMATE_ARRIVAL_TIME, ROWTIME AS R FROM "SOURCE_SQL_STREAM_001";`;
    const { rows } = runApp(sql, schema, [{ at: sec(30), rec: { K: 'a', EV: new Date(sec(5)).toISOString() } }], { rowtime: { field: 'EV' } });
    expect(rows.map((r) => r.values)).toEqual([{ K: 'a', A: sec(30), R: sec(5) }]);
  });

  it('is left out of SELECT * and is not a column of in-application streams', () => {
    const star = `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(4), EV TIMESTAMP);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001" WHERE APPROXIMATE_ARRIVAL_TIME > ROWTIME - INTERVAL '1' HOUR;`;
    const { rows } = runApp(star, schema, [{ at: sec(1), rec: { K: 'b', EV: null } }]);
    expect(rows.map((r) => r.values)).toEqual([{ K: 'b', EV: null }]);
    const chained = `CREATE STREAM S1 (K VARCHAR(4)); CREATE STREAM "DESTINATION_SQL_STREAM" (A TIMESTAMP);
      CREATE PUMP P1 AS INSERT INTO S1 SELECT STREAM K FROM "SOURCE_SQL_STREAM_001";
      CREATE PUMP P2 AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM APPROXIMATE_ARRIVAL_TIME FROM S1;`;
    let err: unknown;
    try {
      compileApplication(chained, schema);
    } catch (e) {
      err = e;
    }
    expect(isSurvError(err) && err.code).toBe('KAV2_UNKNOWN_COLUMN');
  });

  it('yields to a schema column of the same name', () => {
    const own = jsonSchema([['APPROXIMATE_ARRIVAL_TIME', 'VARCHAR(8)']]);
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (A VARCHAR(8));
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM APPROXIMATE_ARRIVAL_TIME FROM "SOURCE_SQL_STREAM_001";`;
    const { rows } = runApp(sql, own, [{ at: sec(1), rec: { APPROXIMATE_ARRIVAL_TIME: 'mine' } }]);
    expect(rows.map((r) => r.values.A)).toEqual(['mine']);
  });
});
