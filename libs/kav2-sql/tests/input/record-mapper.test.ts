import { isSurvError } from '@surv/domain';
import { compileApplication, resolveInputSchema, type OutputRow } from '@surv/kav2-sql';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSchema, T0, dataRowText } from '../helpers';

const passThrough = (cols: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (${cols});
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM * FROM "SOURCE_SQL_STREAM_001";`;

const run = (sql: string, schema: unknown, records: unknown[], opts = {}) => {
  const app = compileApplication(sql, schema, { clock: () => T0, ...opts });
  const rows: OutputRow[] = [];
  const errors: OutputRow[] = [];
  app.on('DESTINATION_SQL_STREAM', (r) => rows.push(r));
  app.on('error_stream', (r) => errors.push(r));
  for (const r of records) app.push(r as string);
  return { rows, errors };
};

describe('input mapping', () => {
  it('maps JSON records to typed columns: text, bytes and objects, nested paths, missing fields as NULL', () => {
    const schema = {
      RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { Name: 'SYM', SqlType: 'VARCHAR(4)', Mapping: '$.ticker' },
        { Name: 'PX', SqlType: 'DECIMAL(8,2)', Mapping: '$.quote.price' },
        { Name: 'QTY', SqlType: 'INTEGER', Mapping: '$.qty' },
        { Name: 'TS', SqlType: 'TIMESTAMP', Mapping: '$["event time"]' },
        { Name: 'OK', SqlType: 'BOOLEAN', Mapping: '$.ok' },
      ],
    };
    const rec = { ticker: 'AMZNX', quote: { price: 12.345 }, qty: '42', 'event time': '2018-06-13T14:11:00.123456Z', ok: true };
    const { rows, errors } = run(passThrough('SYM VARCHAR(4), PX DECIMAL(8,2), QTY INTEGER, TS TIMESTAMP, OK BOOLEAN'), schema, [
      JSON.stringify(rec), new TextEncoder().encode(JSON.stringify({ ticker: 'X' })), { qty: 1, ts: 1 },
    ]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.values)).toEqual([
      { SYM: 'AMZN', PX: 12.35, QTY: 42, TS: Date.parse('2018-06-13T14:11:00.123Z'), OK: true },
      { SYM: 'X', PX: null, QTY: null, TS: null, OK: null },
      { SYM: null, PX: null, QTY: 1, TS: null, OK: null },
    ]);
  });

  it('accepts the lower-case / camelCase schema variants of the API', () => {
    const schema = {
      recordFormat: { recordFormatType: 'JSON', mappingParameters: { jsonMappingParameters: { recordRowPath: '$' } } },
      recordEncoding: 'UTF-8',
      recordColumns: [{ name: 'A', sqlType: 'INT', mapping: '$.a' }],
    };
    expect(resolveInputSchema(schema).columns).toEqual([{ name: 'A', type: { name: 'INTEGER' }, mapping: '$.a' }]);
  });

  it('expands an array RecordRowPath into one row per element', () => {
    const schema = jsonSchema([['ID', 'INTEGER']], '$.records[0:]');
    (schema.RecordColumns[0] as { Mapping: string }).Mapping = '$.records[0:].id';
    const { rows } = run(passThrough('ID INTEGER'), schema, [JSON.stringify({ records: [{ id: 1 }, { id: 2 }, { id: 3 }] })]);
    expect(rows.map((r) => r.values.ID)).toEqual([1, 2, 3]);
  });

  it('flattens the array a column mapping walks through ($.orders[0:].id): one row per element, other columns repeated', () => {
    const schema = {
      RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
      RecordColumns: [
        { Name: 'WHO', SqlType: 'VARCHAR(8)', Mapping: '$.who' },
        { Name: 'ID', SqlType: 'INTEGER', Mapping: '$.orders[0:].id' },
        { Name: 'TAGS', SqlType: 'VARCHAR(32)', Mapping: '$.tags[0:]' },
      ],
    };
    const { rows, errors } = run(passThrough('WHO VARCHAR(8), ID INTEGER, TAGS VARCHAR(32)'), schema, [
      JSON.stringify({ who: 'a', orders: [{ id: 1 }, { id: 2 }, {}], tags: ['x', 'y'] }),
      JSON.stringify({ who: 'b', orders: [] }),
      JSON.stringify({ who: 'c' }),
    ]);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.values)).toEqual([
      { WHO: 'a', ID: 1, TAGS: '["x","y"]' }, { WHO: 'a', ID: 2, TAGS: '["x","y"]' }, { WHO: 'a', ID: null, TAGS: '["x","y"]' },
      { WHO: 'b', ID: null, TAGS: null }, { WHO: 'c', ID: null, TAGS: null },
    ]);
  });

  it('refuses a whole array in a column that is not CHAR or VARCHAR, as a coercion error', () => {
    const schema = { RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'N', SqlType: 'INTEGER', Mapping: '$.n[0:]' }] };
    const { rows, errors } = run(passThrough('N INTEGER'), schema, [JSON.stringify({ n: [1] })]);
    expect(rows).toEqual([]);
    expect(errors.map((e) => e.values.MESSAGE)).toEqual(['column N: value [1] cannot be read as INTEGER']);
  });

  it('refuses schemas that flatten two arrays, or an array inside an array, naming the columns', () => {
    const schema = (...mappings: string[]) => ({
      RecordFormat: { RecordFormatType: 'JSON' },
      RecordColumns: mappings.map((Mapping, i) => ({ Name: `C${i}`, SqlType: 'VARCHAR(8)', Mapping })),
    });
    expect(() => resolveInputSchema(schema('$.a[0:].x', '$.b[0:].y'))).toThrow(/columns C0 and C1 flatten two different arrays/);
    expect(() => resolveInputSchema(schema('$.a[0:].x[0:].y'))).toThrow(/dereferences an array inside an array/);
    expect(() => resolveInputSchema(schema('$.a[0:].x', '$.a[0:].y', '$.b[0:]'))).not.toThrow();
  });

  it('maps CSV records with custom delimiters', () => {
    const schema = {
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: '|' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [{ Name: 'A', SqlType: 'VARCHAR(8)' }, { Name: 'B', SqlType: 'DOUBLE' }],
    };
    const { rows } = run(passThrough('A VARCHAR(8), B DOUBLE'), schema, ['x|1.5\ny|\n']);
    expect(rows.map((r) => r.values)).toEqual([{ A: 'x', B: 1.5 }, { A: 'y', B: null }]);
  });

  it('sends unparsable or unmappable records to error_stream with a reason, and keeps going', () => {
    const schema = jsonSchema([['N', 'INTEGER'], ['TS', 'TIMESTAMP']]);
    const { rows, errors } = run(passThrough('N INTEGER, TS TIMESTAMP'), schema, ['{not json', JSON.stringify({ N: 'abc' }), JSON.stringify({ TS: 'yesterday' }), JSON.stringify({ N: 5 })]);
    expect(rows.map((r) => r.values.N)).toEqual([5]);
    expect(errors.map((e) => [e.values.ERROR_NAME, e.values.MESSAGE])).toEqual([
      ['PARSE_FAILED', expect.stringMatching(/record is not valid JSON/)],
      ['MAPPING_FAILED', 'column N: value "abc" cannot be read as INTEGER: cannot convert "abc" to INTEGER'],
      ['MAPPING_FAILED', 'column TS: value "yesterday" cannot be read as TIMESTAMP'],
    ]);
    expect(errors[0]!.values.DATA_ROW).toBe(Buffer.from('{not json').toString('hex'));
    expect(dataRowText(errors[0]!)).toBe('{not json');
  });

  it('refuses a ROWTIME beyond a timestamp\'s range (a record or arrival time of 1e20 ms) as ROWTIME_FAILED, and keeps going', () => {
    const schema = jsonSchema([['S', 'VARCHAR(4)']]);
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (S VARCHAR(4), N BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM S, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
      GROUP BY S, STEP(ROWTIME BY INTERVAL '1' MINUTE);`;
    const byField = run(sql, schema, ['{"S":"a","T":1e20}', '{"S":"b","T":-9223372036854775808}', '{"S":"c","T":8.64e15}'], { rowtime: { field: 'T' } });
    expect(byField.errors.map((e) => e.values.MESSAGE)).toEqual([
      'rowtime field T is out of the timestamp range (±8640000000000000 ms): 100000000000000000000',
      'rowtime field T is out of the timestamp range (±8640000000000000 ms): -9223372036854776000',
    ]);
    const app = compileApplication(sql, schema);
    const errors: OutputRow[] = [];
    app.on('error_stream', (r) => errors.push(r));
    app.push('{"S":"a"}', { arrivalTime: 1e20 });
    app.push('{"S":"a"}', { arrivalTime: T0 });
    expect(() => app.flush()).not.toThrow();
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['ROWTIME_FAILED']);
    expect(() => app.advanceTo(-1e16)).toThrow(/advanceTo needs epoch ms within/);
  });

  it('takes ROWTIME from an event-time field (ISO or epoch ms) that need not be a mapped column', () => {
    const schema = jsonSchema([['N', 'INTEGER']]);
    const { rows, errors } = run(passThrough('N INTEGER'), schema, [
      { N: 1, event_time: '2018-06-13T14:11:00.500Z' }, { N: 2, event_time: T0 + 5 }, { N: 3 },
    ], { rowtime: { field: 'event_time' } });
    expect(rows.map((r) => r.rowtime)).toEqual([Date.parse('2018-06-13T14:11:00.500Z'), T0 + 5]);
    expect(errors.map((e) => e.values.MESSAGE)).toEqual(['rowtime field event_time is missing']);
  });

  it('rejects invalid schemas at compile time with the faulty field named', () => {
    expect(() => resolveInputSchema('{oops')).toThrow(/input schema: not valid JSON/);
    expect(resolveInputSchema(JSON.stringify({ RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'A', SqlType: 'INT' }] })).columns).toHaveLength(1);
    expect(() => resolveInputSchema({ RecordFormat: { RecordFormatType: 'XML' }, RecordColumns: [] })).toThrow(/RecordFormatType 'XML'/);
    expect(() => resolveInputSchema({ RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'A', SqlType: 'WIBBLE' }] })).toThrow(/column A has an invalid SqlType 'WIBBLE'/);
    expect(() => resolveInputSchema({ RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'A', SqlType: 'INT', Mapping: '$.a[x]' }] })).toThrow(/JSON path '\$\.a\[x\]': unsupported selector \[x\]/);
  });

  it('maps flat JSON text exactly as the parsed object, errors included (text takes a faster path) (property)', () => {
    const schema = jsonSchema([['S', 'VARCHAR(4)'], ['N', 'INTEGER'], ['D', 'DOUBLE'], ['B', 'BOOLEAN'], ['T', 'TIMESTAMP']]);
    const sql = passThrough('S VARCHAR(4), N INTEGER, D DOUBLE, B BOOLEAN, T TIMESTAMP');
    const value = fc.oneof(
      fc.constantFrom('ab', 'abcdefg', '12', '2018-06-13T14:11:00Z', 'true', '', 'x'),
      fc.constantFrom(0, 1.5, -3, 2 ** 40, 1528899060000),
      fc.boolean(), fc.constant(null), fc.constant({ nested: 1 }), fc.constant([1]),
    );
    const record = fc.dictionary(fc.constantFrom('S', 'N', 'D', 'B', 'T', 'extra'), value);
    const opts = { rowtime: { field: 'T' } };
    fc.assert(fc.property(fc.array(fc.oneof(record, fc.constantFrom<unknown>([], 7, 'not json')), { maxLength: 12 }), (records) => {
      const asText = run(sql, schema, records.map((r) => (r === 'not json' ? '{"S":' : JSON.stringify(r))), opts);
      const asObject = run(sql, schema, records.map((r) => (r === 'not json' ? '{"S":' : r)), opts);
      expect(asText.rows).toEqual(asObject.rows);
      expect(asText.errors.map((e) => [e.values.ERROR_NAME, e.values.MESSAGE])).toEqual(asObject.errors.map((e) => [e.values.ERROR_NAME, e.values.MESSAGE]));
    }), { numRuns: 200 });
  });

  it('sends a JSON number too large for a double (1e400, read as Infinity) to error_stream, as text or object', () => {
    const schema = jsonSchema([['S', 'VARCHAR(4)'], ['D', 'DOUBLE'], ['R', 'REAL']]);
    const sql = passThrough('S VARCHAR(4), D DOUBLE, R REAL');
    for (const rec of ['{"S":"a","D":1e400,"R":1}', '{"S":"b","D":1,"R":-1e400}', { S: 'c', D: Number.POSITIVE_INFINITY, R: 1 }]) {
      const { rows, errors } = run(sql, schema, [rec]);
      expect(rows).toEqual([]);
      expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['MAPPING_FAILED']);
    }
    expect(run(sql, schema, ['{"S":"d","D":1.5e308,"R":2}']).rows.map((r) => r.values)).toEqual([{ S: 'd', D: 1.5e308, R: 2 }]);
  });

  it('maps fields whose names are not identifiers (quotes, backslashes, line separators) by their exact names', () => {
    const names = ['say "hi"', "it's", 'back\\slash', 'line\u2028sep', '}; throw 1; {'];
    const schema = {
      RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: names.map((n, i) => ({ Name: `C${i}`, SqlType: 'VARCHAR(8)', Mapping: `$[${n.includes("'") ? `"${n}"` : `'${n}'`}]` })),
    };
    const sql = passThrough(names.map((_, i) => `C${i} VARCHAR(8)`).join(', '));
    const record = Object.fromEntries(names.map((n, i) => [n, `v${i}`]));
    for (const rec of [JSON.stringify(record), record]) {
      const { rows, errors } = run(sql, schema, [rec]);
      expect(errors).toEqual([]);
      expect(rows.map((r) => r.values)).toEqual([{ C0: 'v0', C1: 'v1', C2: 'v2', C3: 'v3', C4: 'v4' }]);
    }
  });

  it('reads only the fields a record has: a field named like an Object.prototype member is NULL when absent', () => {
    const schema = jsonSchema([['constructor', 'VARCHAR(8)'], ['toString', 'VARCHAR(8)'], ['N', 'INTEGER']]);
    const sql = passThrough('"constructor" VARCHAR(8), "toString" VARCHAR(8), N INTEGER');
    for (const rec of ['{"N":1}', { N: 1 }]) {
      const { rows, errors } = run(sql, schema, [rec], { rowtime: { field: 'hasOwnProperty' } });
      expect(rows).toEqual([]);
      expect(errors.map((e) => e.values.MESSAGE)).toEqual(['rowtime field hasOwnProperty is missing']);
      const plain = run(sql, schema, [rec]);
      expect(plain.errors).toEqual([]);
      expect(plain.rows.map((r) => r.values)).toEqual([{ constructor: null, toString: null, N: 1 }]);
    }
  });
});

describe('input schemas edited into mistakes', () => {
  it('compile or fail with a SqlError naming the problem, never an internal error (property)', () => {
    const base = {
      RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [{ Name: 'S', SqlType: 'VARCHAR(4)', Mapping: '$.s' }, { Name: 'N', SqlType: 'INTEGER', Mapping: '$.n' }],
    };
    const odd = fc.oneof(
      fc.constantFrom<unknown>(null, undefined, 0, -1, '', ' ', 'CSV', 'XML', '$', '$.', '$..a', '$[', '$[0:', '$["a', '$.a[*].b[*]', 'VARCHAR(-1)', 'VARCHAR(0)',
        'VARCHAR(99999999999)', 'DECIMAL(2,5)', 'DECIMAL(x)', 'CHAR', 'TIMESTAMP(3)', 'INTERVAL DAY', 'ROW', [], {}, [1], { a: 1 }, true),
      fc.string({ maxLength: 8 }),
    );
    const path = fc.constantFrom(
      ['RecordFormat'], ['RecordFormat', 'RecordFormatType'], ['RecordFormat', 'MappingParameters'], ['RecordFormat', 'MappingParameters', 'JSONMappingParameters', 'RecordRowPath'],
      ['RecordEncoding'], ['RecordColumns'], ['RecordColumns', 0], ['RecordColumns', 0, 'Name'], ['RecordColumns', 1, 'SqlType'], ['RecordColumns', 1, 'Mapping'],
    );
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (S VARCHAR(4));
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM S FROM "SOURCE_SQL_STREAM_001";`;
    fc.assert(fc.property(fc.array(fc.tuple(path, odd), { minLength: 1, maxLength: 3 }), (edits) => {
      const schema = structuredClone(base) as Record<string, unknown>;
      for (const [p, v] of edits) {
        let at: Record<string | number, unknown> = schema;
        for (const k of p.slice(0, -1)) {
          const next = at[k];
          if (typeof next !== 'object' || next === null) break;
          at = next as Record<string | number, unknown>;
        }
        at[p[p.length - 1]!] = v;
      }
      try {
        run(sql, schema, ['{"s":"a","n":1}', 's,1']);
      } catch (e) {
        expect(isSurvError(e), String((e as Error).stack)).toBe(true);
      }
    }), { numRuns: 500 });
  });
});
