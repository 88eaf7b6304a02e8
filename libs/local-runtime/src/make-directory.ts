import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`: creates `path` and its missing parents; an existing folder is fine. Node's own
 * `mkdir(path, { recursive: true })` never settles under /proc and similar pseudo file systems (it
 * reads the child's ENOENT as "parent missing" and retries for ever), so `--lake /proc/x` hung the
 * CLI. Here each missing level is made once, in order, and the first failure is thrown as Node
 * reports it (ENOENT, EACCES, ENOTDIR, ...), or EEXIST when `path` is a file.
 */
export const makeDirectory = async (path: string): Promise<void> => {
  const missing: string[] = [];
  for (let dir = resolve(path); ; ) {
    const found = await stat(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (found !== undefined) {
      if (missing.length === 0 && !found.isDirectory()) {
        throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${path}'`), { code: 'EEXIST', path });
      }
      break;
    }
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const dir of missing.reverse()) {
    // Another writer may make the same folder between the stat and here.
    await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
};
