import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type CliIo } from '../../../src/command';

/** The copied conformance fixtures these tests run. */
export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
export const fixture = (name: string, file: string) => join(FIXTURES, name, file);

/** A CliIo with captured stdout/stderr; `stdout` may be replaced (e.g. by a slow writer). */
export const captureIo = (options: { stdin?: string; stdout?: Writable; signal?: AbortSignal; cwd?: string } = {}) => {
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  const stdout = options.stdout ?? new PassThrough();
  const stderr = new PassThrough();
  if (!options.stdout) stdout.on('data', (c: Buffer) => outChunks.push(c));
  stderr.on('data', (c: Buffer) => errChunks.push(c));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    cwd: options.cwd ?? FIXTURES,
    interactive: false,
    signal: options.signal ?? new AbortController().signal,
  };
  const lines = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l !== '');
  return { io, stdout: () => lines(outChunks), stderr: () => lines(errChunks) };
};

/** Writes files into a fresh temp folder and returns its path. */
export const tempDir = (files: Record<string, string> = {}): string => {
  const dir = mkdtempSync(join(tmpdir(), 'surv-sql-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
};

/** Parses JSON lines. */
export const parseLines = (lines: readonly string[]): unknown[] => lines.map((l) => JSON.parse(l) as unknown);

/** Captures a thrown error for assertions on its fields. */
export const rejection = async (p: Promise<unknown>): Promise<Record<string, unknown>> => {
  try {
    await p;
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error('expected the command to fail');
};
