import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { rowtimeFromField } from '../../../src/commands/sql/rowtime-field';
import { formatDiagnostic, readInputSchema, readTextFile, writeLine } from '../../../src/commands/sql/sql-files';
import { rejection, tempDir } from './sql-io';

describe('readTextFile', () => {
  it('refuses a missing file with the path, the reason and a hint', async () => {
    const e = await rejection(readTextFile('nope.sql', 'SQL application', tempDir(), 'surv sql run --help'));
    expect(e['code']).toBe('CLI_INPUT_REJECTED');
    expect(e['message']).toBe("cannot read SQL application 'nope.sql': no such file");
    expect(e['hint']).toBe('surv sql run --help');
  });

  it('refuses a folder', async () => {
    const e = await rejection(readTextFile('.', 'SQL application', tempDir(), 'h'));
    expect(e['message']).toMatch(/is not a file/);
  });
});

describe('readInputSchema', () => {
  const schema = { RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'A', SqlType: 'INTEGER', Mapping: '$.A' }] };

  it('reads a bare InputSchema and one wrapped under InputSchema', async () => {
    const dir = tempDir({ 'bare.json': JSON.stringify(schema), 'wrapped.json': JSON.stringify({ InputSchema: schema }) });
    expect(await readInputSchema('bare.json', dir, 'h')).toEqual(schema);
    expect(await readInputSchema('wrapped.json', dir, 'h')).toEqual(schema);
  });

  it('refuses invalid JSON and non-objects with a hint', async () => {
    const dir = tempDir({ 'bad.json': '{ "RecordFormat": ', 'list.json': '[]' });
    const bad = await rejection(readInputSchema('bad.json', dir, 'surv sql check --help'));
    expect(bad['code']).toBe('CLI_INPUT_REJECTED');
    expect(bad['message']).toMatch(/^input schema 'bad.json' is not valid JSON/);
    expect(bad['hint']).toBe('surv sql check --help');
    expect((await rejection(readInputSchema('list.json', dir, 'h')))['message']).toMatch(/must be a JSON object/);
  });
});

describe('formatDiagnostic', () => {
  it('prints compiler-style positions and drops the position the message repeats', () => {
    expect(formatDiagnostic('app.sql', { line: 3, column: 14, code: 'KAV2_PARSE_UNEXPECTED', message: 'expected FROM (line 3, column 14)' })).toBe(
      'app.sql:3:14: error[KAV2_PARSE_UNEXPECTED]: expected FROM',
    );
    expect(formatDiagnostic('app.sql', { line: 0, column: 0, code: 'KAV2_INVALID_SCHEMA', message: 'no columns' })).toBe(
      'app.sql: error[KAV2_INVALID_SCHEMA]: no columns',
    );
  });
});

describe('rowtimeFromField', () => {
  it('reads ISO-8601 (UTC by default) and epoch ms', () => {
    expect(rowtimeFromField({ t: '2018-08-01T11:00:20.000Z' }, 't')).toBe(Date.UTC(2018, 7, 1, 11, 0, 20));
    expect(rowtimeFromField({ t: '2018-08-01 11:00:20' }, 't')).toBe(Date.UTC(2018, 7, 1, 11, 0, 20));
    expect(rowtimeFromField({ t: 1533121220000 }, 't')).toBe(1533121220000);
    expect(rowtimeFromField({ t: '1533121220000' }, 't')).toBe(1533121220000);
  });

  it('gives a reason for anything else', () => {
    expect(rowtimeFromField({}, 't')).toBe("missing rowtime field 't'");
    expect(rowtimeFromField({ t: 'yesterday' }, 't')).toMatch(/neither ISO-8601 nor epoch ms/);
    expect(rowtimeFromField([1], 't')).toBe('record is not a JSON object');
  });
});

describe('writeLine', () => {
  it('waits for drain when the destination is full and keeps order', async () => {
    const got: string[] = [];
    let full = 0;
    const slow = new Writable({
      highWaterMark: 8,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk.toString());
        setImmediate(done);
      },
    });
    const origWrite = slow.write.bind(slow);
    slow.write = ((chunk: string) => {
      const ok = origWrite(chunk);
      if (!ok) full++;
      return ok;
    }) as typeof slow.write;
    for (let i = 0; i < 50; i++) await writeLine(slow, `line-${i}`);
    await new Promise<void>((r) => slow.end(r));
    expect(got.join('')).toBe(Array.from({ length: 50 }, (_, i) => `line-${i}\n`).join(''));
    expect(full).toBeGreaterThan(0);
    expect(slow.writableLength).toBe(0);
  });
});
