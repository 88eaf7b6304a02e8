import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under a folder, relative path -> bytes. */
export const snapshot = async (root: string): Promise<Map<string, string>> => {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(relative(root, p), (await readFile(p)).toString('base64'));
    }
  };
  await walk(root);
  return new Map([...out].sort());
};
