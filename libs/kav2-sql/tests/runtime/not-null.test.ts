import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER'], ['D', 'DOUBLE']]);
const input = [{ K: 'a', V: 1, D: 1.5 }, { K: 'b', V: null, D: 2.5 }, { K: null, V: 3, D: null }];
const run = (select: string) => {
  const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(4) NOT NULL, V INTEGER NULL, D DOUBLE NOT NULL);
    CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${select} FROM "SOURCE_SQL_STREAM_001";`;
  return runApp(sql, schema, input.map((rec, i) => ({ at: sec(i), rec })));
};

describe('NOT NULL columns', () => {
  // Every path of an insert: rows passed through as they are, converted in place, and copied.
  for (const [path, select] of [['as they are', 'K, V, D'], ['converted in place', 'K, V, CAST(D AS REAL)'], ['copied', 'K, V, V * 1.5']] as const) {
    it(`send a row with NULL in a NOT NULL column to error_stream (${path}), and keep the others`, () => {
      const { rows, errors } = run(select);
      // V may be NULL; K and D may not (in 'copied', D = V * 1.5 is NULL for row b).
      expect(rows.map((r) => r.values['K'])).toEqual(path === 'copied' ? ['a'] : ['a', 'b']);
      expect(errors.map((e) => e.values['ERROR_NAME'])).toEqual(path === 'copied' ? ['NOT_NULL_VIOLATION', 'NOT_NULL_VIOLATION'] : ['NOT_NULL_VIOLATION']);
      const message = (column: string) => `insert into DESTINATION_SQL_STREAM: column ${column} is declared NOT NULL, and the value is NULL`;
      expect(errors.map((e) => e.values['MESSAGE'])).toEqual(path === 'copied' ? [message('D'), message('K')] : [message('K')]);
    });
  }
});
