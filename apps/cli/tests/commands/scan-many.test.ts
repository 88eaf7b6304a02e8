import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { surv } from '../helpers/captured-io';
import { hashLakeWithoutOrigins, listFiles, readJsonLines } from '../helpers/lake-files';

const FIXTURE = fileURLToPath(new URL('../fixtures/events/scan-small.jsonl', import.meta.url));
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-scan-many-'));
  // The fixture in three parts, one gzipped, one in a sub-folder, plus a hidden file that must be skipped.
  const lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
  await mkdir(join(dir, 'export', 'sub'), { recursive: true });
  await writeFile(join(dir, 'export', '1-first.jsonl'), `${lines.slice(0, 6).join('\n')}\n`);
  await writeFile(join(dir, 'export', '2-second.jsonl.gz'), gzipSync(`${lines.slice(6, 12).join('\n')}\n`));
  await writeFile(join(dir, 'export', 'sub', '3-third.jsonl'), `${lines.slice(12).join('\n')}\n`);
  await writeFile(join(dir, 'export', '.DS_Store'), 'not events');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const COUNTS = /17 records, 14 valid, 1 duplicates, 2 quarantined, 1 alerts/;

describe('surv scan over several files', () => {
  it('reads a folder (every file under it, in path order) or files in the order given exactly like the one file', async () => {
    const one = await surv(['scan', FIXTURE, '--lake', 'lake-one', '--alerts', 'one.jsonl'], { cwd: dir });
    expect(one.stderr).toMatch(COUNTS);
    const folder = await surv(['scan', 'export', '--lake', 'lake-folder', '--alerts', 'folder.jsonl'], { cwd: dir });
    expect(folder.code, folder.stderr).toBe(0);
    expect(folder.stderr).toMatch(COUNTS);
    expect(folder.stderr).toMatch(/scanned 3 files \(export\/1-first\.jsonl \.\.\. export\/sub\/3-third\.jsonl\)/);
    const files = await surv(['scan', 'export/1-first.jsonl', 'export/2-second.jsonl.gz', 'export/sub/3-third.jsonl', '--lake', 'lake-files', '--alerts', 'files.jsonl'], { cwd: dir });
    expect(files.stderr).toMatch(COUNTS);
    // The same lake, but for the file and line each quarantine record names.
    const expected = await hashLakeWithoutOrigins(join(dir, 'lake-one'));
    expect(Object.keys(expected).length).toBeGreaterThan(3);
    expect(await hashLakeWithoutOrigins(join(dir, 'lake-folder'))).toEqual(expected);
    expect(await hashLakeWithoutOrigins(join(dir, 'lake-files'))).toEqual(expected);
    const origins = async (lake: string) => (await readJsonLines(join(dir, lake), 'quarantine/', '.jsonl')).map((q) => `${String(q['file'])}:${String(q['line'])}`).sort();
    // The fixture's bad lines 4 and 8: in the first part, and line 2 of the gzipped second part.
    expect(await origins('lake-one')).toEqual([`${FIXTURE}:4`, `${FIXTURE}:8`]);
    expect(await origins('lake-folder')).toEqual(['export/1-first.jsonl:4', 'export/2-second.jsonl.gz:2']);
    expect(await origins('lake-files')).toEqual(await origins('lake-folder'));
    expect(await readFile(join(dir, 'folder.jsonl'), 'utf8')).toBe(await readFile(join(dir, 'one.jsonl'), 'utf8'));
  });

  it('refuses a missing file among several before reading any (exit 3), an empty folder, and stdin with other inputs', async () => {
    const missing = await surv(['scan', 'export/1-first.jsonl', 'nope.jsonl', '--lake', 'lake'], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error\[ENOENT\]: cannot read 'nope.jsonl': no such file/);
    expect(await listFiles(dir)).not.toContain(expect.stringMatching(/^lake\//));
    await mkdir(join(dir, 'empty'));
    const empty = await surv(['scan', 'empty'], { cwd: dir });
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/folder 'empty' holds no files/);
    const stdin = await surv(['scan', '-', 'export'], { cwd: dir });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/'-' \(stdin\) cannot be combined with other inputs/);
    const aws = await surv(['scan', 'export/1-first.jsonl', 'export/sub/3-third.jsonl', '--target', 'aws'], { cwd: dir });
    expect(aws.code).toBe(2);
    expect(aws.stderr).toMatch(/--target aws takes one events file, got 2/);
  });
});
