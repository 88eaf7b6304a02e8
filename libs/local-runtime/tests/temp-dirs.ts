import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/** A fresh folder under the OS temp dir, removed by `removeTempDirs`. */
export const tempDir = async (prefix: string): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
};

/** Removes every folder `tempDir` made (call from `afterAll`). */
export const removeTempDirs = async (): Promise<void> => {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
};
