import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, T0 } from '../helpers';

const schema = jsonSchema([['D', 'DOUBLE'], ['N', 'INTEGER'], ['S', 'VARCHAR(16)']]);
const GET_FRACTION = `CREATE FUNCTION get_fraction( degrees DOUBLE )
    RETURNS DOUBLE
    CONTAINS SQL
    RETURN degrees - FLOOR(degrees)
;`;
const pump = (functions: string, select: string, columns = 'R DOUBLE') => `${functions}
CREATE STREAM "DESTINATION_SQL_STREAM" (${columns});
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM ${select} FROM "SOURCE_SQL_STREAM_001";`;
const run = (sql: string, recs: Record<string, unknown>[]) =>
  runApp(sql, schema, recs.map((rec) => ({ at: T0, rec })));

// SQL Reference, CREATE FUNCTION: scalar user-defined functions "defined in SQL only", whose body is one RETURN
// expression; arguments and results of "exactly the same data types" as declared, no implicit casting.
describe('CREATE FUNCTION', () => {
  it('runs the page\'s get_fraction example once per row', () => {
    const { rows, errors } = run(pump(GET_FRACTION, 'get_fraction(D)'), [{ D: 12.75 }, { D: -1.25 }, { D: 3 }]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.values.R)).toEqual([0.75, 0.75, 0]);
  });

  it('takes the characteristics of the syntax and calls functions from functions', () => {
    const sql = pump(`${GET_FRACTION}
      CREATE FUNCTION "Percent"(x DOUBLE) RETURNS DOUBLE LANGUAGE SQL SPECIFIC percent_1 NOT DETERMINISTIC CONTAINS SQL
        READS SQL DATA CALLED ON NULL INPUT RETURN get_fraction(x) * 100;`, '"Percent"(D)');
    expect(run(sql, [{ D: 2.5 }]).rows.map((r) => r.values.R)).toEqual([50]);
  });

  it('calls the body with NULL arguments unless RETURNS NULL ON NULL INPUT says otherwise', () => {
    const fns = `CREATE FUNCTION plain(x INTEGER) RETURNS INTEGER CONTAINS SQL RETURN COALESCE(x, -1);
      CREATE FUNCTION guarded(x INTEGER) RETURNS INTEGER CONTAINS SQL RETURNS NULL ON NULL INPUT RETURN COALESCE(x, -1);`;
    const { rows } = run(pump(fns, 'plain(N), guarded(N)', 'A INTEGER, B INTEGER'), [{ N: null }, { N: 4 }]);
    expect(rows.map((r) => [r.values.A, r.values.B])).toEqual([[-1, null], [4, 4]]);
  });

  it('chooses among functions of one name by their parameter types', () => {
    const fns = `CREATE FUNCTION twice(x INTEGER) RETURNS INTEGER CONTAINS SQL RETURN x * 2;
      CREATE FUNCTION twice(s VARCHAR(16)) RETURNS VARCHAR(32) CONTAINS SQL RETURN s || s;`;
    const { rows } = run(pump(fns, 'twice(N), twice(S)', 'A INTEGER, B VARCHAR(32)'), [{ N: 21, S: 'ab' }]);
    expect(rows.map((r) => [r.values.A, r.values.B])).toEqual([[42, 'abab']]);
  });

  it('refuses an argument of another type, since arguments are not cast implicitly', () => {
    const e = compileErrorOf(pump(GET_FRACTION, 'get_fraction(N)'), schema);
    expect(e.code).toBe('KAV2_TYPE_MISMATCH');
    expect(e.message).toContain('GET_FRACTION(INTEGER) matches no definition of GET_FRACTION: GET_FRACTION(DOUBLE)');
    expect([e.line, e.column]).toEqual([8, 17]);
  });

  it('refuses a body that reads anything but its parameters, or returns another type than RETURNS', () => {
    const column = compileErrorOf(pump('CREATE FUNCTION f(x DOUBLE) RETURNS DOUBLE CONTAINS SQL RETURN x + D;', 'f(D)'), schema);
    expect(column.code).toBe('KAV2_UNKNOWN_COLUMN');
    expect(column.line).toBe(1);
    const result = compileErrorOf(pump("CREATE FUNCTION f(x DOUBLE) RETURNS DOUBLE CONTAINS SQL RETURN 'a';", 'f(D)'), schema);
    expect(result.code).toBe('KAV2_TYPE_MISMATCH');
    expect(result.message).toContain('RETURNS DOUBLE but its RETURN expression is VARCHAR(1)');
  });

  it('refuses a built-in function\'s name, a second definition without OR REPLACE, and other languages', () => {
    expect(compileErrorOf(pump("CREATE FUNCTION initcap(x VARCHAR(8)) RETURNS VARCHAR(8) CONTAINS SQL RETURN x;", 'D'), schema).message)
      .toContain('INITCAP is a built-in function');
    const twice = `${GET_FRACTION}\n${GET_FRACTION}`;
    expect(compileErrorOf(pump(twice, 'get_fraction(D)'), schema).code).toBe('KAV2_DUPLICATE_NAME');
    expect(run(pump(`${GET_FRACTION}\n${GET_FRACTION.replace('CREATE', 'CREATE OR REPLACE')}`, 'get_fraction(D)'), [{ D: 1.5 }]).rows).toHaveLength(1);
    const java = compileErrorOf(pump('CREATE FUNCTION f(x DOUBLE) RETURNS DOUBLE LANGUAGE JAVA RETURN x;', 'f(D)'), schema);
    expect(java.code).toBe('KAV2_UNSUPPORTED');
    expect(java.message).toContain('LANGUAGE JAVA');
  });
});
