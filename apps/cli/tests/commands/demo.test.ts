import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { surv } from '../helpers/captured-io';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-demo-args-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('surv demo arguments', () => {
  it.each([
    [['--minutes', '0']], [['--minutes', 'ten']], [['--seed', '-3']], [['--seed', '99999999999']], [['extra']], [['--lake']],
  ])('refuses %j with exit 2 and a hint', async (args) => {
    const r = await surv(['demo', ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[CLI_USAGE\]: .+\nhint: try `surv demo --help`\n$/);
  });

  it('refuses to clear a folder that is not a surv lake, and leaves it untouched', async () => {
    await mkdir(join(dir, 'home'));
    await writeFile(join(dir, 'home', 'thesis.docx'), 'precious');
    const r = await surv(['demo', '--lake', 'home'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('refusing to clear it');
    expect(r.stderr).toContain('hint: try `surv demo --lake <new folder>`');
    expect(await readdir(join(dir, 'home'))).toEqual(['thesis.docx']);
  });

  it('replaces an earlier lake: a second run with another seed leaves no object of the first', async () => {
    expect((await surv(['demo', '--minutes', '1', '--seed', '1', '--lake', 'lake', '--quiet'], { cwd: dir })).code).toBe(0);
    await writeFile(join(dir, 'lake', 'raw', 'stale.jsonl'), '{}\n');
    expect((await surv(['demo', '--minutes', '1', '--seed', '2', '--lake', 'lake', '--quiet'], { cwd: dir })).code).toBe(0);
    expect(await readdir(join(dir, 'lake', 'raw'), { recursive: true })).not.toContain('stale.jsonl');
  }, 60_000);
});
