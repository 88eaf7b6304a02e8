import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
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
});
