import { describe, expect, it } from 'vitest';
import { compileErrorOf, evalSql, jsonSchema } from '../helpers';

const SCHEMA = jsonSchema([['N', 'INTEGER']]);
const pump = (select: string, type = 'VARCHAR(20)') => `CREATE STREAM "DESTINATION_SQL_STREAM" (R ${type});
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${select} AS R FROM "SOURCE_SQL_STREAM_001";`;

describe('intervals cast to text', () => {
  it.each([
    ["INTERVAL '1' MINUTE", '+1'],
    ["INTERVAL '-90' SECOND", '-90'],
    ["INTERVAL '1 02' DAY TO HOUR", '+1 02'],
    ["INTERVAL '1 2:03' DAY TO MINUTE", '+1 02:03'],
    ["INTERVAL '1:02:03' HOUR TO SECOND", '+1:02:03'],
    ["INTERVAL '1.5' SECOND", '+1.500'],
    ["INTERVAL '3-4' YEAR TO MONTH", '+3-04'],
    ["INTERVAL '2' YEAR", '+2'],
    ["INTERVAL '14' MONTH", '+14'],
  ])('prints %s as SQL interval text %s, not milliseconds', (expr, text) => {
    expect(evalSql(`CAST(${expr} AS VARCHAR(20))`, 'VARCHAR(20)')).toBe(text);
  });

  it('gives interval + interval the fields of both (DAY plus DAY TO HOUR is DAY TO HOUR)', () => {
    expect(evalSql("CAST(INTERVAL '1' DAY - INTERVAL '3 4' DAY TO HOUR AS VARCHAR(20))", 'VARCHAR(20)')).toBe('-2 04');
  });

  it('keeps the qualifier through multiplication and division by a number', () => {
    expect(evalSql("CAST(INTERVAL '3 4' DAY TO HOUR / 2 AS VARCHAR(20))", 'VARCHAR(20)')).toBe('+1 14');
  });

  it('formats an interval inserted into a VARCHAR column the same way', () => {
    expect(evalSql("INTERVAL '5' MINUTE", 'VARCHAR(20)')).toBe('+5');
  });

  it('cuts interval text to the declared length, as the Reference does for DAY TO SECOND in VARCHAR(8)', () => {
    expect(evalSql("CAST((TIMESTAMP '2004-05-01 12:03:34' - TIMESTAMP '2004-04-29 11:57:23') DAY TO SECOND AS VARCHAR(8))", 'VARCHAR(8)')).toBe('+2 00:06');
  });
});

describe('datetime differences with an interval qualifier', () => {
  it('keeps whole units of the last field of (t1 - t2) MINUTE TO SECOND', () => {
    expect(evalSql("CAST((TIME '12:03:34' - TIME '11:57:23') MINUTE TO SECOND AS VARCHAR(8))", 'VARCHAR(8)')).toBe('+6:11');
  });

  it('drops the seconds of (t1 - t2) MINUTE', () => {
    expect(evalSql("(TIME '12:03:34' - TIME '11:57:23') MINUTE = INTERVAL '6' MINUTE", 'BOOLEAN')).toBe(true);
  });

  it('refuses a qualifier whose first field is the smaller one', () => {
    const e = compileErrorOf(pump("CAST((TIME '12:03:34' - TIME '11:57:23') SECOND TO MINUTE AS VARCHAR(8))"), SCHEMA);
    expect(e.code).toBe('KAV2_INVALID_ARGUMENT');
    expect(e.message).toMatch(/SECOND TO MINUTE/);
  });
});

describe('CAST to and from intervals', () => {
  it('turns a day-time interval into a count of its last field for BIGINT and DECIMAL', () => {
    expect(evalSql("CAST(INTERVAL '3' HOUR AS BIGINT)", 'BIGINT')).toBe(3);
    expect(evalSql("CAST(INTERVAL '1 06' DAY TO HOUR AS INTEGER)", 'INTEGER')).toBe(30);
    expect(evalSql("CAST(INTERVAL '90.5' SECOND AS DECIMAL(5,1))", 'DECIMAL(5,1)')).toBe(90.5);
  });

  it('reads character text as an interval of the target qualifier', () => {
    expect(evalSql("CAST('1 02' AS INTERVAL DAY TO HOUR) = INTERVAL '26' HOUR", 'BOOLEAN')).toBe(true);
  });

  it('sends text that is not an interval of that qualifier to error_stream', () => {
    expect(() => evalSql("CAST('1:02' AS INTERVAL DAY TO HOUR) = INTERVAL '26' HOUR", 'BOOLEAN')).toThrow(/CAST_FAILED.*INTERVAL DAY TO HOUR/);
  });

  it.each([
    ['CAST(1 AS INTERVAL DAY)', 'INTEGER to INTERVAL DAY'],
    ["CAST(INTERVAL '1' DAY AS TIMESTAMP)", 'INTERVAL DAY to TIMESTAMP'],
    ["CAST(INTERVAL '1' DAY AS INTERVAL YEAR)", 'INTERVAL DAY to INTERVAL YEAR'],
  ])('refuses %s, a conversion the CAST page does not list', (expr, what) => {
    const e = compileErrorOf(pump(expr), SCHEMA);
    expect(e.code).toBe('KAV2_TYPE_MISMATCH');
    expect(e.message).toContain(what);
  });

  it('refuses INTERVAL as the type of a stream column, naming the construct', () => {
    const e = compileErrorOf(`CREATE STREAM S (I INTERVAL DAY);`, SCHEMA);
    expect(e.code).toBe('KAV2_UNSUPPORTED');
    expect(e.message).toMatch(/INTERVAL as the type of a column/);
    expect([e.line, e.column]).toEqual([1, 20]);
  });
});

describe('CAST to shorter or integer types', () => {
  it('rounds a decimal number cast to an integer, half away from zero', () => {
    expect(evalSql('CAST(-1.6 AS INTEGER)', 'INTEGER')).toBe(-2);
    expect(evalSql('CAST(2.5 AS INTEGER)', 'INTEGER')).toBe(3);
    expect(evalSql('CAST(-2.5 AS BIGINT)', 'BIGINT')).toBe(-3);
  });

  it('rejects a DATE that does not fit VARCHAR(9) instead of cutting it', () => {
    expect(() => evalSql("CAST(DATE '2008-08-23' AS VARCHAR(9))", 'VARCHAR(9)')).toThrow(/CAST_FAILED.*needs 10 characters/);
  });

  it('still cuts character text to the declared length', () => {
    expect(evalSql("CAST('abcdef' AS VARCHAR(3))", 'VARCHAR(3)')).toBe('abc');
  });
});

describe('(datetime - datetime) <interval qualifier> with a fractional seconds precision', () => {
  const E = "TIMESTAMP '2020-01-01 00:02:03.456'";
  const S = "TIMESTAMP '2020-01-01 00:00:00'";
  it('keeps whole seconds without one, and the milliseconds with SECOND(10, 3)', () => {
    expect(evalSql(`CAST((${E} - ${S}) SECOND AS BIGINT)`, 'BIGINT')).toBe(123);
    expect(evalSql(`CAST((${E} - ${S}) SECOND(10, 3) * 1000 AS BIGINT)`, 'BIGINT')).toBe(123_456);
  });

  it('keeps tenths with SECOND(10, 1) and with MINUTE TO SECOND(1)', () => {
    expect(evalSql(`CAST((${E} - ${S}) SECOND(10, 1) * 1000 AS BIGINT)`, 'BIGINT')).toBe(123_400);
    expect(evalSql(`CAST((${E} - ${S}) MINUTE TO SECOND(1) * 1000 AS BIGINT)`, 'BIGINT')).toBe(123_400);
  });
});
