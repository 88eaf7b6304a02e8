import { readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileObjectStore } from '@surv/local-runtime';
import { removeTempDirs, tempDir } from './temp-dirs';

afterAll(removeTempDirs);

const collect = async <T>(it: AsyncIterable<T>) => { const out: T[] = []; for await (const x of it) out.push(x); return out; };

describe('FileObjectStore', () => {
  it('puts, gets and lists objects by prefix in key order', async () => {
    const root = await tempDir('surv-fos-');
    const store = new FileObjectStore(root);
    await store.putObject('a/dt=1/z.json', '{"z":1}');
    await store.putObject('a/dt=1/b.json', new Uint8Array([1, 2, 3]));
    await store.putObject('a/dt=2/c.json', 'c');
    await store.putObject('ab/x', 'x');
    expect(new TextDecoder().decode(await store.getObject('a/dt=1/z.json'))).toBe('{"z":1}');
    expect(await store.getObject('a/none')).toBeUndefined();
    expect(await collect(store.listObjects('a/'))).toEqual([
      { key: 'a/dt=1/b.json', size: 3 }, { key: 'a/dt=1/z.json', size: 7 }, { key: 'a/dt=2/c.json', size: 1 },
    ]);
    expect((await collect(store.listObjects('a'))).map((o) => o.key)).toEqual(['a/dt=1/b.json', 'a/dt=1/z.json', 'a/dt=2/c.json', 'ab/x']);
    expect(await collect(store.listObjects('missing/'))).toEqual([]);
  });

  it('overwrites atomically via a temporary file and hides leftovers from listings', async () => {
    const root = await tempDir('surv-fos-');
    const store = new FileObjectStore(root);
    await store.putObject('k/v.txt', 'one');
    await store.putObject('k/v.txt', 'two');
    expect(await readdir(join(root, 'k'))).toEqual(['v.txt']);
    // A write interrupted before its rename leaves only a temporary file, never a partial object.
    await mkdir(join(root, 'k'), { recursive: true });
    await writeFile(join(root, 'k', '.tmp-1-1-w.txt'), 'partial');
    expect((await collect(store.listObjects('k/'))).map((o) => o.key)).toEqual(['k/v.txt']);
    expect(new TextDecoder().decode(await store.getObject('k/v.txt'))).toBe('two');
  });

  it('refuses keys that escape the lake', async () => {
    const store = new FileObjectStore(await tempDir('surv-fos-'));
    for (const key of ['../x', 'a/../../x', '/etc/passwd', '', 'a\\b']) {
      await expect(store.putObject(key, 'x')).rejects.toMatchObject({ code: 'LOCAL_INVALID_KEY' });
    }
  });
});
