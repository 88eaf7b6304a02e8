import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, T0 } from '../helpers';

const SCHEMA = jsonSchema([['A', 'INTEGER']]);
const app = (columns: string, select: string, opts: { pump?: string; stream?: string } = {}) => `CREATE STREAM ${opts.stream ?? '"DESTINATION_SQL_STREAM"'} (${columns});
CREATE PUMP ${opts.pump ?? 'P'} AS INSERT INTO ${opts.stream ?? '"DESTINATION_SQL_STREAM"'} SELECT STREAM ${select} FROM "SOURCE_SQL_STREAM_001";`;

describe('reserved words (SQL Reference, Identifiers; Reserved Words and Keywords)', () => {
  it('are names when quoted: a column "SELECT", "COUNT", "DATE" and a stream "FROM" work', () => {
    const sql = app('"SELECT" INTEGER, "COUNT" INTEGER, "DATE" INTEGER', '"A" AS "SELECT", "A" + 1 AS "COUNT", "A" + 2 AS "DATE"', { stream: '"FROM"' });
    const { rows, errors } = runApp(sql, SCHEMA, [{ at: T0, rec: { A: 1 } }], { stream: 'FROM' });
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.values)).toEqual([{ SELECT: 1, COUNT: 2, DATE: 3 }]);
  });

  it.each([
    ['a column of CREATE STREAM', app('x INTEGER, count INTEGER', '"A", "A"'), 1, 52, 'a column name', 'COUNT'],
    ['a column of CREATE STREAM (a grammar word)', app('select INTEGER', '"A"'), 1, 41, 'a column name', 'SELECT'],
    ['a select item alias', app('x INTEGER', '"A" AS date'), 2, 76, 'an alias', 'DATE'],
    ['an implicit select item alias', app('x INTEGER', '"A" avg'), 2, 73, 'an alias', 'AVG'],
    ['a stream name', app('x INTEGER', '"A"', { stream: 'cursor' }), 1, 15, 'a stream name', 'CURSOR'],
    ['a pump name', app('x INTEGER', '"A"', { pump: 'extract' }), 2, 13, 'a pump name', 'EXTRACT'],
  ])('refuses an unquoted reserved word as %s, naming it and saying to quote it', (_what, sql, line, column, expected, word) => {
    const e = compileErrorOf(sql, SCHEMA);
    expect([e.code, e.line, e.column]).toEqual(['KAV2_PARSE_UNEXPECTED', line, column]);
    expect(e.message).toContain(`expected ${expected} but found '${word}', a reserved word: write it quoted ("${word}")`);
  });

  it('takes the non-reserved keywords PRECEDING, FOLLOWING and PUMP as unquoted names', () => {
    const sql = app('preceding INTEGER, following INTEGER, pump INTEGER', '"A" AS preceding, "A" AS following, "A" AS pump');
    const { rows } = runApp(sql, SCHEMA, [{ at: T0, rec: { A: 4 } }]);
    expect(rows.map((r) => r.values)).toEqual([{ PRECEDING: 4, FOLLOWING: 4, PUMP: 4 }]);
  });

  it('still reads PRECEDING and FOLLOWING as window keywords', () => {
    const e = compileErrorOf(`CREATE STREAM "DESTINATION_SQL_STREAM" (c BIGINT);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM COUNT(*) OVER (ROWS 2 FOLLOWING) FROM "SOURCE_SQL_STREAM_001";`, SCHEMA);
    expect(e.code).toBe('KAV2_UNSUPPORTED');
    const { rows } = runApp(`CREATE STREAM "DESTINATION_SQL_STREAM" (c BIGINT);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM COUNT(*) OVER (ROWS 2 PRECEDING) FROM "SOURCE_SQL_STREAM_001";`, SCHEMA, [0, 1, 2, 3].map((i) => ({ at: T0 + i, rec: { A: i } })));
    expect(rows.map((r) => r.values.C)).toEqual([1, 2, 3, 3]);
  });
});
