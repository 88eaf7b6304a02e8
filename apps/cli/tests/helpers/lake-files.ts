import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under `dir`, as paths relative to it, sorted. */
export const listFiles = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
};

/** sha256 of every file under `dir`, by relative path. */
export const hashTree = async (dir: string): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const f of await listFiles(dir)) out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  return out;
};

/**
 * Like `hashTree`, but each quarantine record is hashed without its `file` and `line`: the lake of one input read
 * in another form (JSON lines or an array, one file or several) is the same except where the bad records were.
 */
export const hashLakeWithoutOrigins = async (dir: string): Promise<Record<string, string>> => {
  const out = await hashTree(dir);
  for (const f of Object.keys(out).filter((k) => k.startsWith('quarantine/'))) {
    const stripped = (await readFile(join(dir, f), 'utf8')).split('\n').map((line) => {
      if (line.trim() === '') return line;
      const { file: _file, line: _line, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
    out[f] = createHash('sha256').update(stripped.join('\n')).digest('hex');
  }
  return out;
};

/** The JSON lines of every file under `dir/prefix` whose name ends in `ext`. */
export const readJsonLines = async (dir: string, prefix: string, ext: string): Promise<Record<string, unknown>[]> => {
  const rows: Record<string, unknown>[] = [];
  for (const f of (await listFiles(dir)).filter((p) => p.startsWith(prefix) && p.endsWith(ext))) {
    for (const line of (await readFile(join(dir, f), 'utf8')).split('\n')) if (line.trim()) rows.push(JSON.parse(line) as Record<string, unknown>);
  }
  return rows;
};
