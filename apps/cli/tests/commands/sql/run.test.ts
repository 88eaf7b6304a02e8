import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sqlRunCommand } from '../../../src/commands/sql/run';
import { captureIo, fixture, parseLines, rejection, tempDir } from './sql-io';

const expected = (name: string) => parseLines(readFileSync(fixture(name, 'expected.jsonl'), 'utf8').split('\n').filter(Boolean));
const inputText = (name: string) => readFileSync(fixture(name, 'input.jsonl'), 'utf8');
const args = (name: string, ...more: string[]) => [
  `${name}/app.sql`, '--schema', `${name}/input-schema.json`, '--input', `${name}/input.jsonl`, ...more,
];

describe('surv sql run', () => {
  it('prints the documented stagger-window rows when ROWTIME comes from a record field and windows are flushed', async () => {
    const c = captureIo();
    await sqlRunCommand.run(args('stagger-window', '--rowtime', '__arrival', '--flush', '--emit-rowtime'), c.io);
    expect(parseLines(c.stdout())).toEqual(expected('stagger-window'));
    expect(c.stderr()).toEqual(['sql run: 4 records in, 2 rows out of DESTINATION_SQL_STREAM, 0 errors']);
  });

  it('like KDA, emits nothing for windows still open at end of input unless --flush', async () => {
    const c = captureIo();
    await sqlRunCommand.run(args('stagger-window', '--rowtime', '__arrival'), c.io);
    expect(c.stdout()).toEqual([]);
    expect(c.stderr()[0]).toMatch(/0 rows out of DESTINATION_SQL_STREAM, 0 errors \(open windows not flushed; --flush closes them\)/);
  });

  it('emits a tumbling window once ROWTIME passes its end, and the rest on --flush', async () => {
    const open = captureIo();
    await sqlRunCommand.run(args('tumbling-window-partial-results', '--rowtime', '__arrival', '--emit-rowtime'), open.io);
    expect(parseLines(open.stdout())).toEqual(expected('tumbling-window-partial-results').slice(0, 1));

    const flushed = captureIo();
    await sqlRunCommand.run(args('tumbling-window-partial-results', '--rowtime', '__arrival', '--emit-rowtime', '--flush'), flushed.io);
    expect(parseLines(flushed.stdout())).toEqual(expected('tumbling-window-partial-results'));
  });

  it('leaves __rowtime out unless --emit-rowtime', async () => {
    const c = captureIo();
    await sqlRunCommand.run(args('tumbling-window-partial-results', '--rowtime', '__arrival', '--flush'), c.io);
    expect(parseLines(c.stdout())).toEqual(
      expected('tumbling-window-partial-results').map((r) => {
        const { __rowtime: _drop, ...rest } = r as Record<string, unknown>;
        return rest;
      }),
    );
  });

  it("reads records from stdin when --input is '-', with ROWTIME as arrival time by default", async () => {
    const c = captureIo({ stdin: inputText('substring-from-for') });
    await sqlRunCommand.run(['substring-from-for/app.sql', '--schema', 'substring-from-for/input-schema.json', '--input', '-'], c.io);
    expect(parseLines(c.stdout())).toEqual(expected('substring-from-for'));
  });

  it('accepts a rowtime field in epoch milliseconds and names the stream case-insensitively', async () => {
    const c = captureIo({ stdin: '{"ID":1,"T":1096502400000}\n' });
    await sqlRunCommand.run(
      ['substring-from-for/app.sql', '--schema', 'substring-from-for/input-schema.json', '--input', '-', '--rowtime', 'T', '--emit-rowtime', '--stream', 'destination_sql_stream'],
      c.io,
    );
    expect(parseLines(c.stdout())).toEqual([{ ...(expected('substring-from-for')[0] as object), __rowtime: '2004-09-30T00:00:00.000Z' }]);
  });

  it('reports unusable input lines on stderr with the reason and keeps going', async () => {
    const stdin = [
      '{"ID":1,"__arrival":"2004-09-30T00:00:00.000Z"}',
      'not json',
      '',
      '{"ID":2}',
      '{"ID":3,"__arrival":"2004-09-30T00:00:01.000Z"}',
    ].join('\n');
    const c = captureIo({ stdin });
    await sqlRunCommand.run(
      ['substring-from-for/app.sql', '--schema', 'substring-from-for/input-schema.json', '--input', '-', '--rowtime', '__arrival', '--json'],
      c.io,
    );
    expect(c.stdout()).toHaveLength(2);
    const err = parseLines(c.stderr()) as Record<string, unknown>[];
    expect(err.slice(0, 2)).toEqual([
      expect.objectContaining({ ERROR_NAME: 'INVALID_INPUT_RECORD', LINE: 2, DATA_ROW: Buffer.from('not json').toString('hex'), MESSAGE: expect.stringMatching(/^not valid JSON/) }),
      expect.objectContaining({ ERROR_NAME: 'INVALID_INPUT_RECORD', LINE: 4, MESSAGE: "missing rowtime field '__arrival'" }),
    ]);
    expect(err[2]).toEqual({ summary: { records: 4, rows: 2, errors: 2, stream: 'DESTINATION_SQL_STREAM', flushed: false } });
  });

  it('prints error_stream rows on stderr as JSON lines, apart from the data', async () => {
    // KDA sends a record whose value does not fit its mapped column type (INTEGER here) to error_stream.
    const stdin = ['{"ID":1}', '{"ID":"bad"}', '{"ID":3}'].join('\n');
    const c = captureIo({ stdin });
    await sqlRunCommand.run(['substring-from-for/app.sql', '--schema', 'substring-from-for/input-schema.json', '--input', '-', '--json'], c.io);
    expect(c.stdout()).toHaveLength(2);
    const err = parseLines(c.stderr()) as Record<string, unknown>[];
    expect(err).toHaveLength(2);
    expect(err[0]).toEqual(expect.any(Object));
    expect(err[0]).not.toHaveProperty('summary');
    expect(err[1]).toEqual({ summary: { records: 3, rows: 2, errors: 1, stream: 'DESTINATION_SQL_STREAM', flushed: false } });
  });

  it('writes with backpressure: a slow stdout receives every row, in order', async () => {
    const n = 300;
    const stdin = Array.from({ length: n }, (_, i) => JSON.stringify({ ID: i, __arrival: 1096502400000 + i })).join('\n');
    const got: string[] = [];
    let maxBuffered = 0;
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk.toString());
        setImmediate(done);
      },
    });
    const c = captureIo({ stdin, stdout: slow });
    const write = slow.write.bind(slow);
    slow.write = ((chunk: string) => {
      const ok = write(chunk);
      maxBuffered = Math.max(maxBuffered, slow.writableLength);
      return ok;
    }) as typeof slow.write;
    await sqlRunCommand.run(
      ['substring-from-for/app.sql', '--schema', 'substring-from-for/input-schema.json', '--input', '-', '--rowtime', '__arrival', '--emit-rowtime'],
      c.io,
    );
    await new Promise<void>((r) => slow.end(r));
    const rows = got.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { __rowtime: string });
    expect(rows).toHaveLength(n);
    expect(rows.map((r) => Date.parse(r.__rowtime) - 1096502400000)).toEqual(Array.from({ length: n }, (_, i) => i));
    // Never more than one row beyond the high-water mark: the command waited for drain.
    expect(maxBuffered).toBeLessThan(64 + 200);
  });

  it('runs CSV records, quoted fields included, taking --rowtime from a CSV column', async () => {
    const schema = {
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [{ Name: 'TS', SqlType: 'TIMESTAMP' }, { Name: 'WHO', SqlType: 'VARCHAR(16)' }, { Name: 'N', SqlType: 'INTEGER' }],
    };
    const dir = tempDir({
      'app.sql': `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (who VARCHAR(16), total INTEGER);
        CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM "WHO", SUM("N") FROM "SOURCE_SQL_STREAM_001"
        GROUP BY "WHO", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);`,
      'schema.json': JSON.stringify(schema),
      'in.csv': '2018-06-13 14:10:05,"Smith, Jr.",1\n2018-06-13 14:10:50,"Smith, Jr.",2\n2018-06-13 14:11:01,x,3\nnot a time,x,4\n',
    });
    const c = captureIo({ cwd: dir });
    await sqlRunCommand.run(['app.sql', '--schema', 'schema.json', '--input', 'in.csv', '--rowtime', 'TS', '--emit-rowtime'], c.io);
    expect(parseLines(c.stdout())).toEqual([{ WHO: 'Smith, Jr.', TOTAL: 3, __rowtime: '2018-06-13T14:11:00.000Z' }]);
    const errors = parseLines(c.stderr().slice(0, -1)) as Record<string, unknown>[];
    expect(errors.map((e) => e['ERROR_NAME'])).toEqual(['MAPPING_FAILED']);
    expect(c.stderr().at(-1)).toMatch(/^sql run: 4 records in, 1 rows out of DESTINATION_SQL_STREAM, 1 errors/);
  });

  it('replays ROWTIME and APPROXIMATE_ARRIVAL_TIME from two fields with --rowtime and --arrival', async () => {
    const name = 'timestamps-rowtime-and-arrival-time';
    const c = captureIo();
    await sqlRunCommand.run(args(name, '--rowtime', 'PROCESSED_AT', '--arrival', '__arrival'), c.io);
    expect(parseLines(c.stdout())).toEqual(expected(name));
    // With --rowtime alone, the arrival time is the ROWTIME field too, and the page's rows cannot come out.
    const one = captureIo();
    await sqlRunCommand.run(args(name, '--rowtime', 'PROCESSED_AT'), one.io);
    expect(parseLines(one.stdout())).not.toEqual(expected(name));
  });

  it('reads a named input stream (--input-stream) and prints error_stream rows with --stream error_stream', async () => {
    const pump = captureIo();
    await sqlRunCommand.run(args('in-application-stream-pump', '--input-stream', 'INPUTSTREAM', '--stream', 'TEMPSTREAM', '--rowtime', '__arrival', '--emit-rowtime'), pump.io);
    expect(parseLines(pump.stdout())).toEqual(expected('in-application-stream-pump'));

    const errors = captureIo();
    await sqlRunCommand.run(args('error-stream-parse-error', '--stream', 'error_stream', '--rowtime', '__arrival'), errors.io);
    const rows = parseLines(errors.stdout()) as Record<string, unknown>[];
    expect(rows.map((r) => [r['DATA_ROWTIME'], r['PUMP_NAME'], Buffer.from(String(r['DATA_ROW']), 'hex').toString('utf8')])).toEqual([
      ['2018-01-01T00:00:01.000Z', null, expect.stringMatching(/^\{"TICKER_SYMBOL":"AMZN",.*"__arrival":"2018-01-01T00:00:01.000Z"\}$/)],
      ['2018-01-01T00:00:02.000Z', null, expect.stringMatching(/^\{"TICKER_SYMBOL":"TGT",/)],
    ]);
    expect(errors.stderr()).toEqual(['sql run: 2 records in, 2 rows out of error_stream, 0 errors (open windows not flushed; --flush closes them)']);
  });

  it('reads the records into N input streams with --input-parallelism, each record where its --partition-key hashes', async () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (SRC VARCHAR(4), K VARCHAR(8));
      CREATE OR REPLACE PUMP "P1" AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM '001', K FROM "SOURCE_SQL_STREAM_001";
      CREATE OR REPLACE PUMP "P2" AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM '002', K FROM "SOURCE_SQL_STREAM_002";`;
    const schema = JSON.stringify({ RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } }, RecordColumns: [{ Name: 'K', SqlType: 'VARCHAR(8)', Mapping: '$.K' }] });
    const dir = tempDir({ 'app.sql': app, 's.json': schema });
    // MD5 of 'a' starts 0x0c (first half of the hash range), of 'c' 0x4a, of 'b' 0x92 and of 'd' 0x82 (second half).
    const c = captureIo({ cwd: dir, stdin: ['{"K":"a"}', '{"K":"b"}', '{"K":"c"}', '{"K":"d"}', '{"X":1}'].join('\n') });
    await sqlRunCommand.run(['app.sql', '--schema', 's.json', '--input', '-', '--input-parallelism', '2', '--partition-key', 'K'], c.io);
    expect(parseLines(c.stdout())).toEqual([{ SRC: '001', K: 'a' }, { SRC: '002', K: 'b' }, { SRC: '001', K: 'c' }, { SRC: '002', K: 'd' }]);
    expect(c.stderr()[0]).toMatch(/"MESSAGE":"missing partition key field 'K'","LINE":5/);
    expect(c.stderr()[1]).toBe('sql run: 5 records in, 4 rows out of DESTINATION_SQL_STREAM, 1 errors (open windows not flushed; --flush closes them)');

    const without = await rejection(sqlRunCommand.run(['app.sql', '--schema', 's.json', '--input', '-', '--input-parallelism', '2'], captureIo({ cwd: dir }).io));
    expect(without).toMatchObject({ code: 'CLI_USAGE', message: expect.stringMatching(/needs --partition-key FIELD/) });
    const bad = await rejection(sqlRunCommand.run(['app.sql', '--schema', 's.json', '--input', '-', '--input-parallelism', '65', '--partition-key', 'K'], captureIo({ cwd: dir }).io));
    expect(bad).toMatchObject({ code: 'CLI_USAGE', message: "--input-parallelism must be an integer from 1 to 64, got '65'" });
    const one = await rejection(sqlRunCommand.run(['app.sql', '--schema', 's.json', '--input', '-'], captureIo({ cwd: dir }).io));
    expect(one).toMatchObject({ message: expect.stringMatching(/SOURCE_SQL_STREAM_002/) });
  });

  it('refuses --arrival for CSV records as a usage error', async () => {
    const e = await rejection(sqlRunCommand.run(args('input-schema-csv-customers', '--arrival', 'T'), captureIo().io));
    expect(e).toMatchObject({ code: 'CLI_USAGE', message: expect.stringMatching(/^--arrival reads JSON records/) });
  });

  it('refuses an unknown stream, listing the streams and hinting at --stream', async () => {
    const e = await rejection(sqlRunCommand.run(args('stagger-window', '--stream', 'NOPE'), captureIo().io));
    expect(e['code']).toBe('CLI_INPUT_REJECTED');
    expect(e['message']).toMatch(/unknown stream 'NOPE' in stagger-window\/app.sql; its streams are: .*DESTINATION_SQL_STREAM/);
    expect(e['hint']).toMatch(/--stream DESTINATION_SQL_STREAM/);
  });

  it('refuses invalid SQL with file, line and column, pointing at surv sql check', async () => {
    const e = await rejection(sqlRunCommand.run(args('error-missing-from'), captureIo().io));
    expect(e['code']).toBe('CLI_INPUT_REJECTED');
    expect(e['detailCode']).toBe('KAV2_PARSE_UNEXPECTED');
    // Printed as `error[KAV2_PARSE_UNEXPECTED]: <message>`: the message itself does not repeat the code.
    expect(e['message']).toMatch(/^error-missing-from\/app\.sql:4:1: expected /);
    expect(e['message']).not.toMatch(/error\[/);
    expect(e['hint']).toMatch(/^surv sql check error-missing-from\/app\.sql --schema/);
  });

  it('refuses missing files and an unreadable schema with a clear message and a hint', async () => {
    const dir = tempDir({ 'app.sql': readFileSync(fixture('substring-from-for', 'app.sql'), 'utf8'), 'bad.json': '{', 'in.jsonl': '' });
    const missingSql = await rejection(sqlRunCommand.run(['nope.sql', '--schema', 'bad.json', '--input', 'in.jsonl'], captureIo({ cwd: dir }).io));
    expect(missingSql).toMatchObject({ code: 'CLI_INPUT_REJECTED', message: "cannot read SQL application 'nope.sql': no such file", hint: 'surv sql run --help' });
    const badSchema = await rejection(sqlRunCommand.run(['app.sql', '--schema', 'bad.json', '--input', 'in.jsonl'], captureIo({ cwd: dir }).io));
    expect(badSchema['message']).toMatch(/^input schema 'bad.json' is not valid JSON/);
    const missingSchema = await rejection(sqlRunCommand.run(['app.sql', '--schema', 'none.json', '--input', 'in.jsonl'], captureIo({ cwd: dir }).io));
    expect(missingSchema['message']).toBe("cannot read input schema 'none.json': no such file");
    const missingInput = await rejection(
      sqlRunCommand.run(['substring-from-for/app.sql', '--schema', 'substring-from-for/input-schema.json', '--input', 'none.jsonl'], captureIo().io),
    );
    expect(missingInput).toMatchObject({ code: 'CLI_INPUT_REJECTED', message: "cannot read 'none.jsonl': no such file" });
  });

  it('is a usage error without the SQL file, --schema or --input', async () => {
    for (const argv of [[], ['a.sql', '--input', 'x'], ['a.sql', '--schema', 'x'], ['a.sql', 'b.sql', '--schema', 'x', '--input', 'y'], ['a.sql', '--bogus']]) {
      const e = await rejection(sqlRunCommand.run(argv, captureIo().io));
      expect(e['code'], argv.join(' ')).toBe('CLI_USAGE');
    }
  });

  it('stops cleanly when interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const c = captureIo({ stdin: inputText('substring-from-for'), signal: controller.signal });
    const e = await rejection(
      sqlRunCommand.run(['substring-from-for/app.sql', '--schema', 'substring-from-for/input-schema.json', '--input', '-'], c.io),
    );
    expect(e['code']).toBe('CLI_INTERRUPTED');
  });
});
