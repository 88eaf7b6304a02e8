import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirectory } from '../src';
import { removeTempDirs, tempDir } from './temp-dirs';

afterAll(removeTempDirs);

describe('makeDirectory', () => {
  it('creates every missing level and accepts a folder that already exists', async () => {
    const root = await tempDir('surv-mkdir-');
    const deep = join(root, 'a', 'b', 'c');
    await makeDirectory(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await makeDirectory(deep);
    await makeDirectory(root);
  });

  it('refuses a path that is a file, or that runs through one', async () => {
    const root = await tempDir('surv-mkdir-');
    const file = join(root, 'f');
    await writeFile(file, 'x');
    await expect(makeDirectory(file)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDirectory(join(file, 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('agrees with concurrent callers making the same folders', async () => {
    const root = await tempDir('surv-mkdir-');
    const deep = join(root, 'x', 'y');
    await Promise.all([makeDirectory(deep), makeDirectory(deep), mkdir(join(root, 'x'), { recursive: true })]);
    expect((await stat(deep)).isDirectory()).toBe(true);
  });

  // Node's recursive mkdir never settles here (the reason this function exists).
  it.skipIf(!existsSync('/proc/self'))('fails under /proc instead of hanging', async () => {
    await expect(makeDirectory('/proc/surv-no-such/lake')).rejects.toMatchObject({ code: expect.stringMatching(/^E[A-Z]+$/) });
  });
});
