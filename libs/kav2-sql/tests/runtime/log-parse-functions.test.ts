import { type SqlValue } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, T0 } from '../helpers';

const schema = jsonSchema([['S', 'VARCHAR(256)'], ['N', 'INTEGER']]);

/** Selects `(fields)` of `call` over one record `{ S: input }`; returns the destination row's values. */
const parseRow = (call: string, fields: readonly string[], input: string | null, types = fields.map(() => 'VARCHAR(64)')): Record<string, SqlValue> => {
  const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (${fields.map((f, i) => `C${i} ${types[i]}`).join(', ')});
    CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
      SELECT STREAM ${fields.map((f) => `t.r.${f}`).join(', ')} FROM (SELECT STREAM ${call} AS r FROM "SOURCE_SQL_STREAM_001") AS t;`;
  const { rows, errors } = runApp(sql, schema, [{ at: T0, rec: { S: input, N: 1 } }]);
  expect(errors.map((e) => e.values.MESSAGE)).toEqual([]);
  expect(rows).toHaveLength(1);
  return rows[0]!.values as Record<string, SqlValue>;
};

const compileError = (sql: string) => compileErrorOf(sql, schema);
const pump = (select: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (A VARCHAR(64));
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" ${select};`;

describe('REGEX_LOG_PARSE', () => {
  it('returns one field per group, matched against the whole value (java.util.regex matches())', () => {
    expect(parseRow(`REGEX_LOG_PARSE(S, '(\\d+)-(\\w+)')`, ['COLUMN1', 'COLUMN2'], '42-abc')).toEqual({ C0: '42', C1: 'abc' });
    expect(parseRow(`REGEX_LOG_PARSE(S, '(\\d+)-(\\w+)')`, ['COLUMN1', 'COLUMN2'], 'x42-abc')).toEqual({ C0: null, C1: null });
  });

  it('gives NULL fields for a NULL input and for a group that took no part in the match', () => {
    expect(parseRow(`REGEX_LOG_PARSE(S, '(a)|(b)')`, ['COLUMN1', 'COLUMN2'], 'b')).toEqual({ C0: null, C1: 'b' });
    expect(parseRow(`REGEX_LOG_PARSE(S, '(a)')`, ['COLUMN1'], null)).toEqual({ C0: null });
  });

  it('names and types the fields from an optional column list', () => {
    expect(parseRow(`REGEX_LOG_PARSE(S, '(\\d+) (.*)', 'CNT INTEGER, REST VARCHAR(3)')`, ['CNT', 'REST'], '17 abcdef', ['INTEGER', 'VARCHAR(8)']))
      .toEqual({ C0: 17, C1: 'abc' });
  });

  it('reads Java-only spellings: \\p{Alpha}, \\Q...\\E, \\A/\\z and a leading (?i)', () => {
    expect(parseRow(`REGEX_LOG_PARSE(S, '\\A(\\p{Alpha}+)\\Q.*\\E(\\p{Digit}+)\\z')`, ['COLUMN1', 'COLUMN2'], 'abc.*12')).toEqual({ C0: 'abc', C1: '12' });
    expect(parseRow(`REGEX_LOG_PARSE(S, '(?i)(get) (.*)')`, ['COLUMN1', 'COLUMN2'], 'GET /x')).toEqual({ C0: 'GET', C1: '/x' });
  });

  it('rejects, by name, Java constructs JavaScript cannot run', () => {
    const sub = (re: string) => pump(`SELECT STREAM t.r.COLUMN1 FROM (SELECT STREAM REGEX_LOG_PARSE(S, '${re}') AS r FROM "SOURCE_SQL_STREAM_001") AS t`);
    expect(compileError(sub('(a++)'))).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: expect.stringMatching(/possessive quantifier \+\+/) });
    expect(compileError(sub('(?>a)(b)'))).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: expect.stringMatching(/atomic group/) });
    expect(compileError(sub('([a-z&&[^e]])'))).toMatchObject({ code: 'KAV2_UNSUPPORTED' });
    expect(compileError(sub('(\\p{InGreek})'))).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: expect.stringMatching(/character property/) });
    expect(compileError(sub('(a'))).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/invalid regular expression/) });
    expect(compileError(sub('abc'))).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/no capturing group/) });
  });

  it('needs a literal pattern, since the row shape is fixed at compile time', () => {
    const e = compileError(pump(`SELECT STREAM t.r.COLUMN1 FROM (SELECT STREAM REGEX_LOG_PARSE(S, S) AS r FROM "SOURCE_SQL_STREAM_001") AS t`));
    expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/must be a character literal.*line 2/) });
  });
});

describe('ROW values', () => {
  it('reads a field with (expr).FIELD', () => {
    const { rows } = runApp(pump(`SELECT STREAM (REGEX_LOG_PARSE(S, '(.)(.*)')).COLUMN2 FROM "SOURCE_SQL_STREAM_001"`), schema, [{ at: T0, rec: { S: 'xyz' } }]);
    expect(rows.map((r) => r.values.A)).toEqual(['yz']);
  });

  it('rejects an unknown field, a field of a non-ROW value and a ROW inserted into a stream column', () => {
    expect(compileError(pump(`SELECT STREAM t.r.COLUMN3 FROM (SELECT STREAM REGEX_LOG_PARSE(S, '(a)(b)') AS r FROM "SOURCE_SQL_STREAM_001") AS t`)))
      .toMatchObject({ code: 'KAV2_UNKNOWN_COLUMN', message: expect.stringMatching(/no field COLUMN3 \(fields: COLUMN1, COLUMN2\)/) });
    expect(compileError(pump(`SELECT STREAM (S).COLUMN1 FROM "SOURCE_SQL_STREAM_001"`))).toMatchObject({ code: 'KAV2_TYPE_MISMATCH' });
    expect(compileError(pump(`SELECT STREAM REGEX_LOG_PARSE(S, '(a)') FROM "SOURCE_SQL_STREAM_001"`)))
      .toMatchObject({ code: 'KAV2_TYPE_MISMATCH', message: expect.stringMatching(/cannot insert ROW\(COLUMN1 VARCHAR\(1024\)\)/) });
  });

  it('checks that a subquery column list names every column', () => {
    expect(compileError(pump(`SELECT STREAM l.a FROM (SELECT STREAM S, N FROM "SOURCE_SQL_STREAM_001") AS l(a)`)))
      .toMatchObject({ code: 'KAV2_TYPE_MISMATCH', message: expect.stringMatching(/L\(A\) names 1 columns but the subquery selects 2/) });
  });
});

describe('VARIABLE_COLUMN_LOG_PARSE', () => {
  it('splits on a delimiter string into COLUMN1..n; missing fields are NULL, extra ones dropped', () => {
    expect(parseRow(`VARIABLE_COLUMN_LOG_PARSE(S, 3, '::')`, ['COLUMN1', 'COLUMN2', 'COLUMN3'], 'a::b')).toEqual({ C0: 'a', C1: 'b', C2: null });
    expect(parseRow(`VARIABLE_COLUMN_LOG_PARSE(S, 2, ',')`, ['COLUMN1', 'COLUMN2'], 'a,b,c')).toEqual({ C0: 'a', C1: 'b' });
  });

  it('keeps a delimiter that is escaped or quoted (the reference page\'s "a\\,b" example)', () => {
    expect(parseRow(`VARIABLE_COLUMN_LOG_PARSE(S, 2, ',', '\\')`, ['COLUMN1', 'COLUMN2'], 'a\\,b,c')).toEqual({ C0: 'a,b', C1: 'c' });
    expect(parseRow(`VARIABLE_COLUMN_LOG_PARSE(S, 2, ',', '', '[]')`, ['COLUMN1', 'COLUMN2'], '[x,y],z')).toEqual({ C0: 'x,y', C1: 'z' });
  });

  it('converts typed columns, a TIMESTAMP with its SimpleDateFormat pattern', () => {
    const row = parseRow(`VARIABLE_COLUMN_LOG_PARSE(S, 'N TYPE INTEGER, "when" TYPE TIMESTAMP ''dd/MMM/yyyy:HH:mm:ss''', '|')`, ['N', '"when"'], ' 7|24/May/2004:22:01:02', ['INTEGER', 'TIMESTAMP']);
    expect(row).toEqual({ C0: 7, C1: Date.parse('2004-05-24T22:01:02Z') });
  });

  it('sends a value that does not convert to error_stream', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (A INTEGER);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM t.r.N FROM (SELECT STREAM VARIABLE_COLUMN_LOG_PARSE(S, 'N TYPE INTEGER', ',') AS r FROM "SOURCE_SQL_STREAM_001") AS t;`;
    const { rows, errors } = runApp(sql, schema, [{ at: T0, rec: { S: 'abc' } }]);
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['CAST_FAILED']);
  });
});

describe('FIXED_COLUMN_LOG_PARSE and SYS_LOG_PARSE', () => {
  it('cuts fixed-width fields from 0-based START positions and converts them', () => {
    const row = parseRow(`FIXED_COLUMN_LOG_PARSE(S, 'CODE TYPE VARCHAR(3) START 0 FOR 3, QTY TYPE INTEGER START 3 FOR 4, REST TYPE VARCHAR(10) START 7')`, ['CODE', 'QTY', 'REST'], 'ABC  12tail', ['VARCHAR(3)', 'INTEGER', 'VARCHAR(10)']);
    expect(row).toEqual({ C0: 'ABC', C1: 12, C2: 'tail' });
  });

  it('parses "Mon DD HH:MM:SS rest" into a TIMESTAMP (no year in syslog: 1970) and the rest', () => {
    const row = parseRow('SYS_LOG_PARSE(S)', ['COLUMN1', 'COLUMN2'], 'Mar  5 14:03:09 host1 sshd[42]: accepted', ['TIMESTAMP', 'VARCHAR(64)']);
    expect(row).toEqual({ C0: Date.parse('1970-03-05T14:03:09Z'), C1: 'host1 sshd[42]: accepted' });
  });
});

describe('W3C_LOG_PARSE', () => {
  it('reads a custom Apache format; [%t] gives the time without brackets', () => {
    const row = parseRow(`W3C_LOG_PARSE(S, '%h [%t] %>s')`, ['COLUMN1', 'COLUMN2', 'COLUMN3'], '10.0.0.1 [24/May/2004:22:01:02 -0700] 200');
    expect(row).toEqual({ C0: '10.0.0.1', C1: '24/May/2004:22:01:02 -0700', C2: '200' });
  });

  it('reads the NCSA EXTENDED format with referer and user agent', () => {
    const row = parseRow(`W3C_LOG_PARSE(S, 'NCSA EXTENDED')`, ['COLUMN8', 'COLUMN9'], '1.2.3.4 - - [24/May/2004:22:01:02 -0700] "GET / HTTP/1.1" 200 5 "http://a/b" "Mozilla/5.0 (X11)"');
    expect(row).toEqual({ C0: 'http://a/b', C1: 'Mozilla/5.0 (X11)' });
  });
});
