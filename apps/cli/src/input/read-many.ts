import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type Readable } from 'node:stream';
import { CliError } from '../errors';
import { type InputFormat, inputFileSize, type LineChunk, type LineSource, openLineSource } from './read-lines';

interface OpenOptions {
  readonly cwd: string;
  readonly stdin: Readable;
  readonly command: string;
  readonly signal?: AbortSignal;
}

/** The files under a folder, recursively, in path order; hidden entries (`.name`) are skipped. */
const filesUnder = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
};

/**
 * The inputs named on the command line as one list of files: a folder stands for every file under it, in
 * path order (a Firehose or S3 export is named by time, so path order is time order), `-` for stdin (alone).
 */
export const expandInputs = async (paths: readonly string[], options: OpenOptions): Promise<string[]> => {
  const hint = `surv ${options.command} --help`;
  if (paths.includes('-')) {
    if (paths.length > 1) throw new CliError('CLI_USAGE', "'-' (stdin) cannot be combined with other inputs", { hint });
    return ['-'];
  }
  const files: string[] = [];
  for (const p of paths) {
    const full = resolve(options.cwd, p);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory()) {
      const inside = await filesUnder(full);
      if (inside.length === 0) throw new CliError('CLI_INPUT_REJECTED', `folder '${p}' holds no files`, { hint });
      files.push(...inside.map((f) => relative(options.cwd, f) || f));
    } else files.push(p); // a file, or a missing one that openLineSource refuses with its own message
  }
  return files;
};

/**
 * Several inputs read one after another as one `LineSource`: each file is recognised on its own (gzip
 * or not, JSON lines or JSON text), and a damaged one stops the whole input as Ctrl-C does. Every file
 * is checked up front, so a missing one is refused before anything is read.
 */
export const openLineSources = async (paths: readonly string[], options: OpenOptions): Promise<LineSource> => {
  const files = await expandInputs(paths, options);
  if (files.length === 1) return openLineSource(files[0]!, options);
  const sizes: number[] = [];
  for (const f of files) sizes.push(await inputFileSize(f, options));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const rejection = new AbortController();
  let done = 0;
  let current: LineSource | undefined;
  let firstFormat: InputFormat | undefined;
  let illFormed = false;

  async function* sourced(): AsyncGenerator<LineChunk> {
    for (let i = 0; i < files.length; i++) {
      if (options.signal?.aborted || rejection.signal.aborted) return;
      const source = await openLineSource(files[i]!, options);
      current = source;
      for await (const chunk of source.sourced) {
        illFormed ||= source.illFormed();
        yield chunk;
      }
      firstFormat ??= source.format();
      if (source.rejected.aborted) {
        rejection.abort(source.rejected.reason);
        return;
      }
      done += sizes[i]!;
      current = undefined;
    }
  }
  async function* chunks(): AsyncGenerator<readonly string[]> {
    for await (const chunk of sourced()) yield chunk.lines;
  }
  async function* lines(): AsyncGenerator<string> {
    for await (const chunk of sourced()) yield* chunk.lines;
  }
  return {
    chunks: chunks(),
    lines: lines(),
    sourced: sourced(),
    totalBytes,
    bytesRead: () => done + (current?.bytesRead() ?? 0),
    name: `${files.length} files (${files[0]} ... ${files[files.length - 1]})`,
    format: () => firstFormat ?? current?.format(),
    illFormed: () => illFormed || (current?.illFormed() ?? false),
    rejected: rejection.signal,
  };
};
