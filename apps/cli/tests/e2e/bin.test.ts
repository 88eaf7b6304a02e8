import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'tsup';
import config from '../../tsup.config';
import { listFiles } from '../helpers/lake-files';

// The shipped bin: built with the package's own tsup config into a temporary folder, then run as a
// child process, so the bundle (assets included) and main.ts's process wiring are tested for real.
const PACKAGE_TMP = fileURLToPath(new URL('../../tmp/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/events/scan-small.jsonl', import.meta.url));
let dir: string;
let bin: string;

const runBin = (args: string[], options: { cwd: string; onSpawn?: (child: ReturnType<typeof spawn>) => void }) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveRun) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
    options.onSpawn?.(child);
  });

beforeAll(async () => {
  // Inside the package (tmp/ is git-ignored) so the bundle's npm imports resolve from the workspace's node_modules.
  await mkdir(PACKAGE_TMP, { recursive: true });
  dir = await mkdtemp(join(PACKAGE_TMP, 'bin-'));
  const options = Array.isArray(config) ? config[0] : config;
  await build({ ...(options as object), outDir: join(dir, 'dist'), silent: true, config: false });
  bin = join(dir, 'dist', 'main.js');
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('the surv bin (dist/main.js)', () => {
  it('is an executable ESM script that prints its version', async () => {
    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    const r = await runBin(['--version'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^surv \d+\.\d+\.\d+\n$/) });
  });

  it('runs the demo from the bundle alone (the SQL files it reads are copied beside it)', async () => {
    const r = await runBin(['demo', '--minutes', '1', '--seed', '3', '--lake', 'lake', '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^report: .+\.html$/m);
    expect(await readdir(join(dir, 'dist', 'sql'))).toContain('detection.sql');
  }, 60_000);

  it('scans with detection on the worker thread shipped beside main.js', async () => {
    const r = await runBin(['scan', FIXTURE, '--lake', 'scan-lake', '--alerts', 'alerts.jsonl'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(await readdir(join(dir, 'dist'))).toContain('detection-worker.js');
    expect(r.stderr).toMatch(/detection on the worker thread\n$/);
  }, 60_000);

  it('exits 2 with the error and a hint on stderr for a usage mistake', async () => {
    const r = await runBin(['scan'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error[CLI_USAGE]: missing the events file (a path, or - for stdin)\nhint: try `surv scan --help`\n');
  });

  it('stops on SIGINT while waiting on stdin: exit 130, what was read is in the lake, no alerts file', async () => {
    const lines = (await readFile(FIXTURE, 'utf8')).split('\n').slice(0, 6).join('\n');
    const r = await runBin(['scan', '-', '--lake', 'sig-lake', '--alerts', 'sig/alerts.jsonl'], {
      cwd: dir,
      onSpawn: (child) => {
        child.stdin!.write(`${lines}\n`);
        // stdin stays open: only Ctrl-C ends this run. The pause lets the bin start and read the lines
        // (it prints nothing until the end, so there is no earlier cue to wait for).
        setTimeout(() => child.kill('SIGINT'), 3000);
      },
    });
    expect(r.stderr).toContain('stopping');
    expect(r.stderr).toMatch(/error\[CLI_INTERRUPTED\]: interrupted after 6 records/);
    expect(r.code).toBe(130);
    expect(await readdir(join(dir, 'sig')).catch(() => [])).toEqual([]);
    expect((await listFiles(join(dir, 'sig-lake'))).some((f) => f.startsWith('curated/') && f.endsWith('.parquet'))).toBe(true);
  }, 30_000);
});
