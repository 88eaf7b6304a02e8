import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtomicFile } from '../../../src/output/atomic-file-writer';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-atomic-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('openAtomicFile', () => {
  it('shows nothing under the target name until commit, then the whole content', async () => {
    const target = join(dir, 'out', 'alerts.jsonl');
    const w = await openAtomicFile(target);
    await w.write('a\n');
    await w.write('b\n');
    expect(await readdir(join(dir, 'out'))).not.toContain('alerts.jsonl');
    await w.commit();
    expect(await readFile(target, 'utf8')).toBe('a\nb\n');
    expect(await readdir(join(dir, 'out'))).toEqual(['alerts.jsonl']);
  });

  it('leaves the previous file untouched and no temporary file when aborted', async () => {
    const target = join(dir, 'alerts.jsonl');
    await writeFile(target, 'old\n');
    const w = await openAtomicFile(target);
    await w.write('half');
    await w.abort();
    expect(await readFile(target, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['alerts.jsonl']);
  });

  it('refuses a folder as the target before writing anything', async () => {
    await expect(openAtomicFile(dir)).rejects.toMatchObject({ code: 'CLI_INPUT_REJECTED', exitCode: 3 });
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes large writes with backpressure', async () => {
    const target = join(dir, 'big.txt');
    const w = await openAtomicFile(target);
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 2000; i++) await w.write(line);
    await w.commit();
    expect((await readFile(target)).length).toBe(2000 * 1024);
  });
});
