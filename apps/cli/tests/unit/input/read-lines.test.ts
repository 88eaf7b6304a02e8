import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLineSource } from '../../../src/input/read-lines';
import { CliError } from '../../../src/errors';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-lines-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const all = async (lines: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const l of lines) out.push(l);
  return out;
};

describe('openLineSource', () => {
  it('streams the lines of a file, CRLF or LF, and counts the bytes read', async () => {
    await writeFile(join(dir, 'e.jsonl'), '{"a":1}\r\n{"b":2}\n\n{"c":3}');
    const src = await openLineSource('e.jsonl', { cwd: dir, stdin: Readable.from([]), command: 'scan' });
    expect(src.totalBytes).toBe(25);
    expect(await all(src.lines)).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
    expect(src.bytesRead()).toBe(25);
  });

  it('gives the same lines a chunk at a time, a line split across reads included', async () => {
    const stdin = Readable.from([Buffer.from('{"a":1}\r\n{"b"'), Buffer.from(':2}\n\nlast')]);
    const src = await openLineSource('-', { cwd: dir, stdin, command: 'scan' });
    const chunks: (readonly string[])[] = [];
    for await (const c of src.chunks) chunks.push(c);
    expect(chunks).toEqual([['{"a":1}'], ['{"b":2}', ''], ['last']]);
  });

  it('numbers each line from 1 in its file, blank lines and CRLF included, and names the file as given (stdin for -)', async () => {
    await writeFile(join(dir, 'e.jsonl'), '{"a":1}\r\n{"b":2}\n\n{"c":3}');
    const file = await openLineSource('e.jsonl', { cwd: dir, stdin: Readable.from([]), command: 'scan' });
    const chunks = [];
    for await (const c of file.sourced) chunks.push(c);
    expect(chunks).toEqual([
      { lines: ['{"a":1}', '{"b":2}', ''], file: 'e.jsonl', lineNumbers: [1, 2, 3] },
      { lines: ['{"c":3}'], file: 'e.jsonl', lineNumbers: [4] },
    ]);
    const stdin = Readable.from([Buffer.from('{"a":1}\r\n{"b"'), Buffer.from(':2}\n\nlast')]);
    const piped = await openLineSource('-', { cwd: dir, stdin, command: 'scan' });
    const numbered: string[] = [];
    for await (const c of piped.sourced) c.lines.forEach((l, k) => numbered.push(`${c.file}:${c.lineNumbers[k]} ${l}`));
    expect(numbered).toEqual(['stdin:1 {"a":1}', 'stdin:2 {"b":2}', 'stdin:3 ', 'stdin:4 last']);
  });

  it('numbers each record of JSON text by the line it starts on, gzip or not', async () => {
    const text = '[\n  {\n    "a": 1\n  },\n  {"b": 2}, {"c": 3},\n\n  42\n]\n';
    await writeFile(join(dir, 'array.json.gz'), gzipSync(text));
    const src = await openLineSource('array.json.gz', { cwd: dir, stdin: Readable.from([]), command: 'scan' });
    const numbered: string[] = [];
    for await (const c of src.sourced) c.lines.forEach((l, k) => numbered.push(`${c.file}:${c.lineNumbers[k]} ${l}`));
    expect(numbered).toEqual(['array.json.gz:2 {"a":1}', 'array.json.gz:5 {"b":2}', 'array.json.gz:5 {"c":3}', 'array.json.gz:7 42']);
  });

  it('reads stdin for -', async () => {
    const src = await openLineSource('-', { cwd: dir, stdin: Readable.from([Buffer.from('x\ny\n')]), command: 'scan' });
    expect(src.totalBytes).toBeUndefined();
    expect(await all(src.lines)).toEqual(['x', 'y']);
  });

  it('ends the lines when the signal aborts, even while waiting for more input', async () => {
    const controller = new AbortController();
    const stdin = new PassThrough();
    stdin.write('a\nb\npartial');
    const src = await openLineSource('-', { cwd: dir, stdin, command: 'scan', signal: controller.signal });
    const seen: string[] = [];
    setTimeout(() => controller.abort(), 20);
    for await (const l of src.lines) seen.push(l);
    expect(seen).toEqual(['a', 'b']);
    expect(stdin.destroyed).toBe(true);
  });

  it('refuses a missing file or a folder as input (exit 3) with a hint', async () => {
    await mkdir(join(dir, 'folder'));
    for (const path of ['missing.jsonl', 'folder']) {
      const e = await openLineSource(path, { cwd: dir, stdin: Readable.from([]), command: 'scan' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).exitCode).toBe(3);
      expect((e as CliError).hint).toBe('surv scan --help');
    }
  });

  it('drops a leading byte-order mark, even one split across reads', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const stdin = Readable.from([bom.subarray(0, 1), Buffer.concat([bom.subarray(1), Buffer.from('{"a":1}\r\n{"b":2}\n')])]);
    const src = await openLineSource('-', { cwd: dir, stdin, command: 'scan' });
    expect(await all(src.lines)).toEqual(['{"a":1}', '{"b":2}']);
    expect(src.format()).toEqual({ gzip: false, records: 'jsonl' });
  });

  it('drops a byte-order mark at the start of any line (files with one concatenated, cat a.jsonl b.jsonl)', async () => {
    const bom = '\uFEFF';
    await writeFile(join(dir, 'e.jsonl'), `${bom}{"a":1}\r\n${bom}{"b":2}\r\n${bom}\r\n{"c":"${bom}"}\n`);
    const src = await openLineSource('e.jsonl', { cwd: dir, stdin: Readable.from([]), command: 'scan' });
    expect(await all(src.lines)).toEqual(['{"a":1}', '{"b":2}', '', `{"c":"${bom}"}`]);
  });

  it('reads UTF-16 (LE or BE) after its byte-order mark, as Windows PowerShell writes files, even split mid-character', async () => {
    const text = '{"a":"é€𝄞"}\r\n{"b":2}\r\n';
    const le = Buffer.from('\uFEFF' + text, 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    for (const [name, bytes] of [['LE', le], ['BE', be]] as const) {
      for (const cut of [1, 2, 3, 7, bytes.length - 1]) {
        const stdin = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]);
        const src = await openLineSource('-', { cwd: dir, stdin, command: 'scan' });
        expect(await all(src.lines), `${name} cut at ${cut}`).toEqual(['{"a":"é€𝄞"}', '{"b":2}']);
      }
    }
    // gzip of UTF-16LE: the mark is read after decompression.
    await writeFile(join(dir, 'utf16.jsonl.gz'), gzipSync(le));
    const src = await openLineSource('utf16.jsonl.gz', { cwd: dir, stdin: Readable.from([]), command: 'scan' });
    expect(await all(src.lines)).toEqual(['{"a":"é€𝄞"}', '{"b":2}']);
  });

  it('decompresses a gzip stream, recognised by its magic bytes whatever the name, and counts compressed bytes', async () => {
    const gz = gzipSync('\uFEFF[\r\n  {"a": 1},\r\n  {"b": "x\\"]"}\r\n]\r\n');
    await writeFile(join(dir, 'events.txt'), gz);
    const src = await openLineSource('events.txt', { cwd: dir, stdin: Readable.from([]), command: 'scan' });
    expect(await all(src.lines)).toEqual(['{"a":1}', '{"b":"x\\"]"}']);
    expect(src.format()).toEqual({ gzip: true, records: 'json' });
    expect(src.bytesRead()).toBe(gz.length);
    expect(src.rejected.aborted).toBe(false);
  });

  it('decompresses gzip members one after another (cat a.gz b.gz), the magic split across reads', async () => {
    const gz = Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"b":2}\n')]);
    const stdin = Readable.from([gz.subarray(0, 1), gz.subarray(1, 7), gz.subarray(7)]);
    const src = await openLineSource('-', { cwd: dir, stdin, command: 'scan' });
    expect(await all(src.lines)).toEqual(['{"a":1}', '{"b":2}']);
    expect(src.format()).toEqual({ gzip: true, records: 'jsonl' });
  });

  it('ends the lines at a damaged gzip, drops the record it cut, and rejects the input (exit 3) through its signal', async () => {
    const text = Array.from({ length: 4000 }, (_, i) => `{"i":${i},"r":"${(i * 7919) % 10007}"}\n`).join('');
    const gz = gzipSync(text);
    await writeFile(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 40));
    const src = await openLineSource('cut.gz', { cwd: dir, stdin: Readable.from([]), command: 'scan' });
    const lines = await all(src.lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(4000);
    expect(lines).toEqual(text.split('\n').slice(0, lines.length));
    expect(src.rejected.aborted).toBe(true);
    const e = src.rejected.reason as CliError;
    expect(e).toBeInstanceOf(CliError);
    expect(e.exitCode).toBe(3);
    expect(e.detailCode).toBe('Z_BUF_ERROR');
    expect(e.message).toMatch(/^'cut\.gz' is a damaged gzip stream \(unexpected end of file\) after \d+ compressed bytes$/);
    expect(e.hint).toBe('gzip -t cut.gz');
  });

  it('splits JSON text that is not JSON lines into one line per record', async () => {
    const stdin = Readable.from([Buffer.from('{"a":1}{"b"'), Buffer.from(':2}{"c":\n3}')]);
    const src = await openLineSource('-', { cwd: dir, stdin, command: 'scan' });
    const chunks: (readonly string[])[] = [];
    for await (const c of src.chunks) chunks.push(c);
    expect(chunks).toEqual([['{"a":1}'], ['{"b":2}', '{"c":3}']]);
    expect(src.format()).toEqual({ gzip: false, records: 'json' });
  });

  it('drops a record cut off by Ctrl-C in JSON text too', async () => {
    const controller = new AbortController();
    const stdin = new PassThrough();
    stdin.write('[{"a":1},\n{"b":2},\n{"c":');
    const src = await openLineSource('-', { cwd: dir, stdin, command: 'scan', signal: controller.signal });
    const seen: string[] = [];
    setTimeout(() => controller.abort(), 20);
    for await (const l of src.lines) seen.push(l);
    expect(seen).toEqual(['{"a":1}', '{"b":2}']);
    expect(stdin.destroyed).toBe(true);
  });
});
