import { describe, expect, it } from 'vitest';
import { compileErrorOf, evalSql, jsonSchema } from '../helpers';

const TS = Date.parse('2004-09-30T13:48:23.456Z');
const rec = { N: 7, S: 'Hello World', D: 2.5, TS: '2004-09-30T13:48:23.456Z' };
const SCHEMA = jsonSchema([['N', 'INTEGER'], ['S', 'VARCHAR(32)'], ['D', 'DOUBLE'], ['TS', 'TIMESTAMP']]);

// [expression, result column type, expected value]
const CASES: [string, string, unknown][] = [
  // string
  ["UPPER('abc')", 'VARCHAR(8)', 'ABC'],
  ["LOWER(S)", 'VARCHAR(32)', 'hello world'],
  // SQL Reference, INITCAP: words are space-delimited, so the hyphenated word keeps one capital.
  ["INITCAP('hello wORLD-foo')", 'VARCHAR(32)', 'Hello World-foo'],
  ["INITCAP('  two  spaces 1st')", 'VARCHAR(32)', '  Two  Spaces 1st'],
  ['CHAR_LENGTH(S)', 'INTEGER', 11],
  ["CHARACTER_LENGTH('')", 'INTEGER', 0],
  ['SUBSTRING(S FROM 7)', 'VARCHAR(32)', 'World'],
  ['SUBSTRING(S FROM 1 FOR 5)', 'VARCHAR(32)', 'Hello'],
  ["SUBSTRING('abc', 2, 1)", 'VARCHAR(32)', 'b'],
  // SQL Reference, SUBSTRING: the comma form is NULL past the end (FROM ... FOR gives ''), FROM a character string is
  // the first match of that regular expression, SIMILAR ... ESCAPE returns the part between the two escape-quotes.
  ["SUBSTRING('abc', 4)", 'VARCHAR(32)', null],
  ["SUBSTRING('abc' FROM 4)", 'VARCHAR(32)', ''],
  ["SUBSTRING(S FROM 'W[a-z]+')", 'VARCHAR(32)', 'World'],
  ["SUBSTRING(S FROM '\\d')", 'VARCHAR(32)', null],
  ['SUBSTRING(S SIMILAR \'Hello#"%#"d\' ESCAPE \'#\')', 'VARCHAR(32)', ' Worl'],
  ['SUBSTRING(S SIMILAR \'x#"%#"\' ESCAPE \'#\')', 'VARCHAR(32)', null],
  ["POSITION('World' IN S)", 'INTEGER', 7],
  ["POSITION('x' IN S)", 'INTEGER', 0],
  ["OVERLAY('abcdef' PLACING 'XY' FROM 2 FOR 3)", 'VARCHAR(32)', 'aXYef'],
  ["TRIM('  a b  ')", 'VARCHAR(32)', 'a b'],
  ["TRIM(LEADING 'x' FROM 'xxaxx')", 'VARCHAR(32)', 'axx'],
  ["TRIM(TRAILING 'x' FROM 'xxaxx')", 'VARCHAR(32)', 'xxa'],
  ["TRIM(BOTH 'x' FROM 'xxaxx')", 'VARCHAR(32)', 'a'],
  ["LEFT('abcdef', 2)", 'VARCHAR(32)', 'ab'],
  ["RIGHT('abcdef', 2)", 'VARCHAR(32)', 'ef'],
  ["REPLACE('a-b-c', '-', '+')", 'VARCHAR(32)', 'a+b+c'],
  ["REGEX_REPLACE('abc123def', '[0-9]+', '#')", 'VARCHAR(32)', 'abc#def'],
  ["REGEX_REPLACE('a1b2c3', '([a-z])([0-9])', '$2$1')", 'VARCHAR(32)', '1a2b3c'],
  // Java replacement text: \$ is a literal dollar, ${name} a named group; start and occurrence as the reference defines them.
  ["REGEX_REPLACE('cost 5', '(\\d)', '\\$$1')", 'VARCHAR(32)', 'cost $5'],
  ["REGEX_REPLACE('2018-05', '(?<y>\\d+)-(?<m>\\d+)', '${m}/${y}')", 'VARCHAR(32)', '05/2018'],
  ["REGEX_REPLACE('aXbXcX', 'X', '-', 3, 2)", 'VARCHAR(32)', 'aXbXc-'],
  ["REGEX_REPLACE('abc', 'a', '-', 9, 0)", 'VARCHAR(32)', 'abc'],
  ["REGEX_REPLACE('ab1', '\\p{Alpha}+', '#')", 'VARCHAR(32)', '#1'],
  ["'a' || 'b' || S", 'VARCHAR(32)', 'abHello World'],
  ["CAST(S AS VARCHAR(5))", 'VARCHAR(32)', 'Hello'],
  ["CAST('ab' AS CHAR(4)) || '|'", 'VARCHAR(32)', 'ab  |'],
  // numeric
  ['ABS(-3)', 'INTEGER', 3],
  ['ROUND(2.567, 2)', 'DOUBLE', 2.57],
  ['ROUND(-2.5)', 'DOUBLE', -3],
  ['MOD(17, 5)', 'INTEGER', 2],
  ['CEIL(2.1)', 'DOUBLE', 3],
  ['CEILING(-2.1)', 'DOUBLE', -2],
  ['FLOOR(-2.1)', 'DOUBLE', -3],
  ['POWER(2, 10)', 'DOUBLE', 1024],
  ['SQRT(16)', 'DOUBLE', 4],
  ['EXP(0)', 'DOUBLE', 1],
  ['LN(1)', 'DOUBLE', 0],
  ['LOG10(1000)', 'DOUBLE', 3],
  ['7 / 2', 'INTEGER', 3],
  ['-7 / 2', 'INTEGER', -3],
  ['7.0 / 2', 'DOUBLE', 3.5],
  ['D * 2', 'DOUBLE', 5],
  ['N % 4', 'INTEGER', 3],
  ['STEP(23 BY 5)', 'INTEGER', 20],
  ["CAST('42' AS INTEGER) + 1", 'INTEGER', 43],
  // "The real (NUMERIC or DECIMAL) is rounded by the cast" (SQL Reference, CAST: REAL to INTEGER).
  ['CAST(2.7 AS INTEGER)', 'INTEGER', 3],
  ['CAST(1.005 AS DECIMAL(5,2))', 'DECIMAL(5,2)', 1.01],
  ["CAST(N AS VARCHAR(4))", 'VARCHAR(4)', '7'],
  ["CAST(D AS VARCHAR(8))", 'VARCHAR(8)', '2.5'],
  ["CAST(TRUE AS VARCHAR(5))", 'VARCHAR(5)', 'TRUE'],
  // date/time
  ["FLOOR(TS TO MINUTE)", 'TIMESTAMP', Date.parse('2004-09-30T13:48:00Z')],
  ["CEIL(TS TO HOUR)", 'TIMESTAMP', Date.parse('2004-09-30T14:00:00Z')],
  ["FLOOR(TS TO MONTH)", 'TIMESTAMP', Date.parse('2004-09-01T00:00:00Z')],
  ["STEP(TS BY INTERVAL '15' MINUTE)", 'TIMESTAMP', Date.parse('2004-09-30T13:45:00Z')],
  ["EXTRACT(YEAR FROM TS)", 'BIGINT', 2004],
  ["EXTRACT(MONTH FROM TS)", 'BIGINT', 9],
  ["EXTRACT(HOUR FROM TS)", 'BIGINT', 13],
  ["TS + INTERVAL '1' HOUR", 'TIMESTAMP', TS + 3_600_000],
  ["TS - INTERVAL '2' DAY", 'TIMESTAMP', TS - 2 * 86_400_000],
  ["TS + INTERVAL '1' MONTH", 'TIMESTAMP', Date.parse('2004-10-30T13:48:23.456Z')],
  ["TSDIFF(TIMESTAMP '2004-09-30 13:48:00', TS)", 'BIGINT', 23_456],
  ["CHAR_TO_TIMESTAMP('yyyy-MM-dd HH:mm:ss', '2018-06-13 14:11:05')", 'TIMESTAMP', Date.parse('2018-06-13T14:11:05Z')],
  ["CHAR_TO_TIMESTAMP('dd/MMM/yyyy:HH:mm:ss Z', '10/Oct/2000:13:55:36 -0700')", 'TIMESTAMP', Date.parse('2000-10-10T20:55:36Z')],
  ["CHAR_TO_TIMESTAMP('yyyy-MM-dd''T''HH:mm:ss.SSS', '2018-06-13T14:11:05.123')", 'TIMESTAMP', Date.parse('2018-06-13T14:11:05.123Z')],
  ["TIMESTAMP_TO_CHAR('yyyy-MM-dd HH:mm:ss.SSS', TS)", 'VARCHAR(32)', '2004-09-30 13:48:23.456'],
  ["TIMESTAMP_TO_CHAR('EEE, d MMM yyyy hh:mm a', TS)", 'VARCHAR(32)', 'Thu, 30 Sep 2004 01:48 PM'],
  // "If the input is null, the output will be the string "null"" (SQL Reference, TIMESTAMP_TO_CHAR).
  ["TIMESTAMP_TO_CHAR('yyyy-MM-dd', CAST(NULL AS TIMESTAMP))", 'VARCHAR(32)', 'null'],
  // A BIGINT column takes a MINUTE interval as its count of minutes (SQL Reference, CAST: DAY-TIME INTERVAL to BIGINT).
  ["FLOOR((TS - TIMESTAMP '1970-01-01 00:00:00') MINUTE / 10 TO MINUTE)", 'BIGINT', Math.floor(Math.floor((TS) / 60000) / 10)],
  ["CAST(TIMESTAMP '2004-09-30 13:48:23' AS VARCHAR(32))", 'VARCHAR(32)', '2004-09-30 13:48:23.000'],
  ["CAST('2004-09-30 13:48:23' AS TIMESTAMP)", 'TIMESTAMP', Date.parse('2004-09-30T13:48:23Z')],
  ['CURRENT_ROW_TIMESTAMP', 'TIMESTAMP', Date.parse('2018-06-13T14:10:00.000Z')],
  // null handling and predicates
  ['COALESCE(NULL, N, 3)', 'INTEGER', 7],
  ['NVL(NULL, 5)', 'INTEGER', 5],
  ['NULLIF(N, 7)', 'INTEGER', null],
  ['NULLIF(N, 8)', 'INTEGER', 7],
  ['N + NULL', 'INTEGER', null],
  ["CASE N WHEN 1 THEN 'one' WHEN 7 THEN 'seven' ELSE 'other' END", 'VARCHAR(8)', 'seven'],
  ["CASE WHEN N > 10 THEN 'big' END", 'VARCHAR(8)', null],
  ['CASE WHEN N > 1 THEN 1 ELSE 2.5 END', 'DOUBLE', 1],
  ["S LIKE 'Hello%'", 'BOOLEAN', true],
  ["S LIKE 'H_llo World'", 'BOOLEAN', true],
  ["'50%' LIKE '50!%' ESCAPE '!'", 'BOOLEAN', true],
  ["'500' LIKE '50!%' ESCAPE '!'", 'BOOLEAN', false],
  ["S NOT LIKE '%x%'", 'BOOLEAN', true],
  ["'abd' SIMILAR TO 'ab(c|d)'", 'BOOLEAN', true],
  ['N IN (1, 7)', 'BOOLEAN', true],
  ['N NOT IN (1, 2)', 'BOOLEAN', true],
  ['N IN (1, NULL)', 'BOOLEAN', null],
  ['N BETWEEN 1 AND 7', 'BOOLEAN', true],
  ['N NOT BETWEEN 1 AND 7', 'BOOLEAN', false],
  ['NULL IS NULL', 'BOOLEAN', true],
  ['N IS NOT NULL', 'BOOLEAN', true],
  ['(N > 100) IS FALSE', 'BOOLEAN', true],
  ['NULL AND FALSE', 'BOOLEAN', false],
  ['NULL OR TRUE', 'BOOLEAN', true],
  ['NOT (NULL AND TRUE)', 'BOOLEAN', null],
  ["TS > '2004-01-01 00:00:00'", 'BOOLEAN', true],
  // the rest of the datetime conversion functions, niladic time functions and helpers
  ["CHAR_TO_DATE('yyyy-MM-dd', '2018-06-13')", 'DATE', Date.parse('2018-06-13T00:00:00Z')],
  ["CHAR_TO_TIME('HH:mm:ss', '14:11:05')", 'TIME', (14 * 3600 + 11 * 60 + 5) * 1000],
  ["DATE_TO_CHAR('dd/MM/yyyy', CAST(TS AS DATE))", 'VARCHAR(16)', '30/09/2004'],
  ["TIME_TO_CHAR('HH:mm', CAST(TS AS TIME))", 'VARCHAR(16)', '13:48'],
  ['TO_TIMESTAMP(1000)', 'TIMESTAMP', 1000],
  ['UNIX_TIMESTAMP(TS)', 'BIGINT', TS],
  ['CURRENT_TIMESTAMP', 'TIMESTAMP', Date.parse('2018-06-13T14:10:00.000Z')],
  ['LOCALTIMESTAMP', 'TIMESTAMP', Date.parse('2018-06-13T14:10:00.000Z')],
  ['CURRENT_DATE', 'DATE', Date.parse('2018-06-13T00:00:00.000Z')],
  ['CURRENT_TIME', 'TIME', (14 * 3600 + 10 * 60) * 1000],
  ['LOCALTIME', 'TIME', (14 * 3600 + 10 * 60) * 1000],
  ["EXTRACT(DAY FROM CAST(TS AS DATE))", 'BIGINT', 30],
  ["EXTRACT(MINUTE FROM CAST(TS AS TIME))", 'BIGINT', 48],
  ["CAST('2018-06-13' AS DATE)", 'DATE', Date.parse('2018-06-13T00:00:00Z')],
  ["CAST('true' AS BOOLEAN)", 'BOOLEAN', true],
  ["LTRIM('  a ')", 'VARCHAR(8)', 'a '],
  ["RTRIM('  a ')", 'VARCHAR(8)', '  a'],
  ["CONCAT('a', 'b', 'c')", 'VARCHAR(8)', 'abc'],
  ['TRUNCATE(2.789, 1)', 'DOUBLE', 2.7],
  ['SIGN(-4)', 'INTEGER', -1],
  ["CHARACTER_LENGTH(CAST('fred' AS CHAR(16)))", 'INTEGER', 16],
  ['STEP(N BY 5)', 'INTEGER', 5],
];

describe('scalar functions and operators', () => {
  it('refuses MOD of a number with a fraction, as KDA\'s MOD "only supports arguments of scale 0 (integers)"', () => {
    for (const args of ['5.5, 2', '5, 2.0', 'D, 2']) {
      const e = compileErrorOf(`CREATE STREAM "DESTINATION_SQL_STREAM" (R DOUBLE);
        CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM MOD(${args}) FROM "SOURCE_SQL_STREAM_001";`, SCHEMA);
      expect(e.code).toBe('KAV2_TYPE_MISMATCH');
      expect(e.message).toMatch(/of MOD must be an integer \(MOD supports arguments of scale 0 only; CAST it to an integer\)/);
    }
    expect(evalSql('MOD(CAST(17 AS DECIMAL(5,0)), 5)', 'INTEGER', rec)).toBe(2);
  });

  it.each(CASES)('%s -> %s %j', (expr, type, expected) => {
    const v = evalSql(expr, type, rec);
    if (typeof expected === 'number' && typeof v === 'number' && !Number.isInteger(expected)) expect(v).toBeCloseTo(expected, 9);
    else expect(v).toEqual(expected);
  });

  it('keeps DECIMAL (exact) arithmetic free of binary floating-point noise', () => {
    expect(evalSql('1.1 * 1.1', 'DOUBLE', rec)).toBe(1.21);
    expect(evalSql('0.1 + 0.2', 'DOUBLE', rec)).toBe(0.3);
    expect(evalSql('0.3 - 0.1', 'DOUBLE', rec)).toBe(0.2);
  });

  it('sends rows whose expression fails at runtime to error_stream with the reason', () => {
    expect(() => evalSql('N / 0', 'INTEGER', rec)).toThrow(/DIVISION_BY_ZERO.*division by zero/);
    expect(() => evalSql("CAST(S AS INTEGER)", 'INTEGER', rec)).toThrow(/CAST_FAILED.*cannot convert \\"Hello World\\" to INTEGER/);
    expect(() => evalSql("CHAR_TO_TIMESTAMP('yyyy-MM-dd', S)", 'TIMESTAMP', rec)).toThrow(/PARSE_FAILED/);
    expect(() => evalSql('SQRT(-1)', 'DOUBLE', rec)).toThrow(/SQRT of negative number -1/);
    expect(() => evalSql('CAST(300 AS TINYINT)', 'INTEGER', rec)).toThrow(/NUMERIC_OVERFLOW.*300 is out of range for TINYINT/);
    expect(() => evalSql("REGEX_REPLACE(S, '(', 'x')", 'VARCHAR(8)', rec)).toThrow(/INVALID_REGEX/);
    expect(() => evalSql("REGEX_REPLACE(S, 'l', 'x', 0, 0)", 'VARCHAR(8)', rec)).toThrow(/INVALID_ARGUMENT.*start position 0 is less than 1/);
    expect(() => evalSql("REGEX_REPLACE(S, 'l', 'x', 1, -1)", 'VARCHAR(8)', rec)).toThrow(/INVALID_ARGUMENT.*occurrence -1 is negative/);
    // SQL Reference, MOD: "If the divisor is zero, a divide by zero error is raised."
    expect(() => evalSql('MOD(N, 0)', 'INTEGER', rec)).toThrow(/DIVISION_BY_ZERO/);
    expect(() => evalSql("SUBSTRING('x' SIMILAR S ESCAPE '#')", 'VARCHAR(8)', rec)).toThrow(/INVALID_PATTERN.*needs two #.+ separators/);
    // SQL Reference, POWER: "raises an exception if the base is zero and the exponent is negative, or if the base is
    // negative and the exponent is not a whole number" (both gave NULL).
    expect(() => evalSql('POWER(0, -1)', 'DOUBLE', rec)).toThrow(/INVALID_ARGUMENT.*POWER of 0 to the negative exponent -1/);
    expect(() => evalSql('POWER(-8, 0.5)', 'DOUBLE', rec)).toThrow(/INVALID_ARGUMENT.*POWER of negative -8 to the fractional exponent 0.5/);
    expect(evalSql('POWER(-8, 2.0)', 'DOUBLE', rec)).toBe(64);
    expect(evalSql('POWER(0, 0)', 'DOUBLE', rec)).toBe(1);
    // SQL Reference, OVERLAY: "If the string length is less than zero, an exception is raised."
    expect(() => evalSql("OVERLAY('12345' PLACING 'foo' FROM 2 FOR -1)", 'VARCHAR(8)', rec)).toThrow(/INVALID_ARGUMENT.*OVERLAY length -1 is negative/);
    // A timestamp no Date can hold would make every printer of the row throw.
    expect(() => evalSql('TO_TIMESTAMP(CAST(9007199254740991 AS BIGINT))', 'TIMESTAMP', rec)).toThrow(/INVALID_ARGUMENT.*beyond ±8640000000000000/);
    expect(evalSql('TO_TIMESTAMP(CAST(8640000000000000 AS BIGINT))', 'TIMESTAMP', rec)).toBe(8.64e15);
  });
});
