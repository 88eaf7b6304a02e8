import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER']]);
const ev = (s: number, k: string, v: number) => ({ at: sec(s), rec: { K: k, V: v } });
const SQL = `
  CREATE STREAM "DESTINATION_SQL_STREAM" (k VARCHAR(4), n BIGINT, s BIGINT);
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM k, COUNT(*), SUM(v) FROM "SOURCE_SQL_STREAM_001"
    WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '10' SECOND);`;

describe('stagger windows', () => {
  it('opens a window per key at its first row and emits it RANGE later with ROWTIME = open + RANGE', () => {
    const { rows } = runApp(SQL, schema, [ev(0, 'a', 1), ev(3, 'b', 10), ev(9, 'a', 2), ev(10, 'a', 4), ev(13, 'b', 5)]);
    expect(rows.map((r) => [r.rowtime, r.values])).toEqual([
      [sec(10), { K: 'a', N: 2, S: 3 }],
      [sec(13), { K: 'b', N: 1, S: 10 }],
    ]);
  });

  it('flush() emits the open windows in the order they opened', () => {
    const { rows } = runApp(SQL, schema, [ev(0, 'b', 1), ev(1, 'a', 1)], { flush: true });
    expect(rows.map((r) => r.values.K)).toEqual(['b', 'a']);
  });
});
