import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { type Readable } from 'node:stream';
import { CliError } from '../errors';

/** A source of text lines and how far through it the reader is (for a progress bar). Read `lines` or `chunks`, once. */
export interface LineSource {
  readonly lines: AsyncIterable<string>;
  /** The same lines a chunk at a time (every line a read completed), for consumers that take arrays: one await per chunk, not per line. */
  readonly chunks: AsyncIterable<readonly string[]>;
  /** Total bytes when known (a file), `undefined` for stdin. */
  readonly totalBytes: number | undefined;
  /** Bytes read so far. */
  bytesRead(): number;
  /** Where the lines come from, for messages. */
  readonly name: string;
}

/**
 * Streams the lines of a file (or stdin for `-`) without loading it, so a file of millions of events
 * runs in constant memory. A missing or unreadable file is refused input (exit 3) with a hint.
 */
export const openLineSource = async (path: string, options: { cwd: string; stdin: Readable; command: string; signal?: AbortSignal }): Promise<LineSource> => {
  let input: Readable;
  let totalBytes: number | undefined;
  let name = path;
  if (path === '-') {
    input = options.stdin;
    name = 'stdin';
  } else {
    const full = resolve(options.cwd, path);
    const info = await stat(full).catch((cause: NodeJS.ErrnoException) => {
      throw new CliError('CLI_INPUT_REJECTED', `cannot read '${path}': ${cause.code === 'ENOENT' ? 'no such file' : cause.message}`, {
        hint: `surv ${options.command} --help`, detailCode: cause.code, cause,
      });
    });
    if (!info.isFile()) throw new CliError('CLI_INPUT_REJECTED', `'${path}' is not a file`, { hint: `surv ${options.command} --help` });
    totalBytes = info.size;
    input = createReadStream(full);
  }
  let read = 0;
  // Pulled, not pushed: nothing is read until the consumer asks, so no line is lost or buffered
  // without bound (readline's iterator drops lines emitted before the loop starts).
  async function* chunks(): AsyncGenerator<string[]> {
    const decoder = new StringDecoder('utf8');
    const chunks = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    // Ctrl-C ends the input even while waiting on an idle stdin: the pipeline then finishes what it
    // read, whole. A line cut off by the interrupt is dropped, as it never ended.
    const signal = options.signal;
    const aborted = signal
      ? new Promise<'aborted'>((resolveAbort) => {
          if (signal.aborted) resolveAbort('aborted');
          else signal.addEventListener('abort', () => resolveAbort('aborted'), { once: true });
        })
      : undefined;
    let rest = '';
    for (;;) {
      const pending = chunks.next();
      const next = aborted ? await Promise.race([aborted, pending]) : await pending;
      if (next === 'aborted') {
        // The read still pending settles (or fails) once the stream is destroyed; nobody needs it.
        pending.catch(() => undefined);
        input.destroy();
        return;
      }
      if (next.done) break;
      const chunk = next.value;
      read += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
      let start = 0;
      const complete: string[] = [];
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        complete.push(stripCr(text.slice(start, nl)));
        start = nl + 1;
      }
      rest = text.slice(start);
      if (complete.length > 0) yield complete;
    }
    rest += decoder.end();
    if (rest.length > 0) yield [stripCr(rest)];
  }
  async function* lines(): AsyncGenerator<string> {
    for await (const chunk of chunks()) yield* chunk;
  }
  return {
    lines: { [Symbol.asyncIterator]: () => lines() },
    chunks: { [Symbol.asyncIterator]: () => chunks() },
    totalBytes,
    bytesRead: () => read,
    name,
  };
};

const stripCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
