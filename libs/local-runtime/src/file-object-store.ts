import { readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ObjectInfo, ObjectStore, PutObjectOptions } from '@surv/pipeline';
import { LocalRuntimeError } from './errors';
import { makeDirectory } from './make-directory';

let tmpCounter = 0;
const TMP_MARK = '.tmp-';

/**
 * The lake on a local folder, same keys as S3. Each put writes a temporary file beside the target
 * and renames it over, so readers (and a Ctrl-C) never see half an object; temporary files are
 * hidden from listings.
 */
export class FileObjectStore implements ObjectStore {
  constructor(readonly root: string) {}

  /** Absolute path of a key; refuses keys that would escape the root. */
  pathOf(key: string): string {
    if (key === '' || key.startsWith('/') || key.split('/').some((p) => p === '..' || p === '.') || key.includes('\\') || key.includes('\0')) {
      throw new LocalRuntimeError('LOCAL_INVALID_KEY', `object key '${key}' is not a safe relative key`);
    }
    return join(this.root, ...key.split('/'));
  }

  async putObject(key: string, body: Uint8Array | string, _options?: PutObjectOptions): Promise<void> {
    const path = this.pathOf(key);
    const tmp = join(dirname(path), `${TMP_MARK}${process.pid}-${++tmpCounter}-${key.split('/').pop()}`);
    try {
      await makeDirectory(dirname(path));
      await writeFile(tmp, body);
      await rename(tmp, path);
    } catch (cause) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw new LocalRuntimeError('LOCAL_IO_FAILED', `writing ${key} under ${this.root} failed`, { cause });
    }
  }

  async getObject(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new LocalRuntimeError('LOCAL_IO_FAILED', `reading ${key} under ${this.root} failed`, { cause });
    }
  }

  async *listObjects(prefix: string): AsyncIterable<ObjectInfo> {
    // Walk only the deepest folder fully named by the prefix.
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const start = dirKey === '' ? this.root : this.pathOf(dirKey);
    const keys: ObjectInfo[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw new LocalRuntimeError('LOCAL_IO_FAILED', `listing ${dir} failed`, { cause });
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile() && !e.name.startsWith(TMP_MARK)) {
          const key = relative(this.root, full).split(sep).join('/');
          if (key.startsWith(prefix)) keys.push({ key, size: (await stat(full)).size });
        }
      }
    };
    await walk(start);
    keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    yield* keys;
  }
}
