import { compileApplication, type OutputRow, type SqlValue } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema, T0 } from '../helpers';

// "Mapping JSON Data Types to SQL Data Types", KDA SQL Developer Guide (sch-mapping.html#sch-mapping-datatypes):
// how each JSON literal becomes a value of the column's SqlType, and which conversions are coercion errors.

/** Maps `{ "C": raw }` into one column of `type`: the value, or 'ERROR' when the record went to error_stream. */
const mapOne = (type: string, raw: unknown): SqlValue | 'ERROR' => {
  const app = compileApplication(`CREATE STREAM "D" (C ${type});
    CREATE PUMP P AS INSERT INTO "D" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";`, jsonSchema([['C', type]]), { clock: () => T0 });
  const rows: OutputRow[] = [];
  const errors: OutputRow[] = [];
  app.on('D', (r) => rows.push(r));
  app.on('error_stream', (r) => errors.push(r));
  app.push(JSON.stringify({ C: raw }));
  app.push({ C: raw } as Record<string, unknown>);
  app.close();
  // Text and parsed objects take different paths into the input stream: both must agree.
  const outcomes = [...rows.map((r) => r.values['C'] ?? null), ...errors.map(() => 'ERROR' as const)];
  expect(outcomes).toHaveLength(2);
  expect(outcomes[0]).toEqual(outcomes[1]);
  return outcomes[0]!;
};

const at = (iso: string) => Date.parse(iso);

describe('JSON values mapped to SQL column types', () => {
  it('turns a null literal into NULL whatever the type', () => {
    for (const type of ['VARCHAR(4)', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'TIMESTAMP', 'DATE', 'TIME', 'DECIMAL(5,2)']) expect(mapOne(type, null)).toBeNull();
  });

  it('reads a boolean as 1 or 0 in numeric columns, as itself in BOOLEAN, as text in CHAR/VARCHAR, and refuses it as a datetime', () => {
    for (const type of ['INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'DOUBLE', 'REAL', 'DECIMAL(5,2)']) {
      expect([mapOne(type, true), mapOne(type, false)]).toEqual([1, 0]);
    }
    expect([mapOne('BOOLEAN', true), mapOne('BOOLEAN', false)]).toEqual([true, false]);
    expect([mapOne('VARCHAR(8)', true), mapOne('VARCHAR(4)', false), mapOne('CHAR(3)', true)]).toEqual(['true', 'fals', 'tru']);
    for (const type of ['TIMESTAMP', 'DATE', 'TIME']) expect(mapOne(type, true)).toBe('ERROR');
  });

  it('reads a number into a numeric column only when it fits: 123.4 is no INTEGER, 1000 no DECIMAL(5,2), 300 no TINYINT', () => {
    expect(mapOne('INTEGER', 67321)).toBe(67321);
    expect(mapOne('INTEGER', 123.4)).toBe('ERROR');
    expect(mapOne('BIGINT', 2.5)).toBe('ERROR');
    expect(mapOne('TINYINT', 300)).toBe('ERROR');
    expect(mapOne('TINYINT', -3)).toBe(-3);
    expect(mapOne('DECIMAL(5,2)', 845.12)).toBe(845.12);
    expect(mapOne('DECIMAL(5,2)', 1000)).toBe('ERROR');
    expect(mapOne('DOUBLE', 123.4)).toBe(123.4);
  });

  it('reads a number as BOOLEAN (0 is false, any other true) and as its text, and refuses it as a datetime', () => {
    expect([mapOne('BOOLEAN', 0), mapOne('BOOLEAN', 7), mapOne('BOOLEAN', -0.5)]).toEqual([false, true, true]);
    expect([mapOne('VARCHAR(8)', 67321), mapOne('VARCHAR(8)', 123.4)]).toEqual(['67321', '123.4']);
    for (const type of ['TIMESTAMP', 'DATE', 'TIME']) expect(mapOne(type, 1528899060000)).toBe('ERROR');
  });

  it('converts a string when it can: numbers, BOOLEAN true only for "true" in any case, text truncated without an error, datetimes in datetime formats', () => {
    expect([mapOne('INTEGER', '42'), mapOne('DOUBLE', ' 1.5 '), mapOne('DECIMAL(5,2)', '12.5')]).toEqual([42, 1.5, 12.5]);
    expect([mapOne('INTEGER', 'abc'), mapOne('INTEGER', '12.7'), mapOne('DECIMAL(5,2)', '1000')]).toEqual(['ERROR', 'ERROR', 'ERROR']);
    expect([mapOne('BOOLEAN', 'true'), mapOne('BOOLEAN', 'TRUE'), mapOne('BOOLEAN', 'True'), mapOne('BOOLEAN', 'false'), mapOne('BOOLEAN', 'yes'), mapOne('BOOLEAN', '1')])
      .toEqual([true, true, true, false, false, false]);
    expect(mapOne('VARCHAR(4)', 'John Doe')).toBe('John');
    expect(mapOne('DATE', '1992-02-14')).toBe(at('1992-02-14T00:00:00Z'));
    expect(mapOne('TIMESTAMP', '1992-02-14 18:35:44.0')).toBe(at('1992-02-14T18:35:44Z'));
    expect(mapOne('TIME', '18:35:44')).toBe(18 * 3_600_000 + 35 * 60_000 + 44_000);
    expect([mapOne('TIMESTAMP', 'yesterday'), mapOne('TIMESTAMP', '1528899060000'), mapOne('TIME', '1992-02-14')]).toEqual(['ERROR', 'ERROR', 'ERROR']);
  });

  it('reads an array or object as its JSON text in CHAR/VARCHAR and refuses it in any other type', () => {
    expect(mapOne('VARCHAR(64)', { a: 1, b: [true] })).toBe('{"a":1,"b":[true]}');
    expect(mapOne('VARCHAR(64)', [1, 'x'])).toBe('[1,"x"]');
    for (const type of ['INTEGER', 'DOUBLE', 'BOOLEAN', 'TIMESTAMP']) {
      expect(mapOne(type, [1])).toBe('ERROR');
      expect(mapOne(type, { a: 1 })).toBe('ERROR');
    }
  });
});
