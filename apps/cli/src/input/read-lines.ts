import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CliError } from '../errors';
import { detectRecordFormat, type RecordFormat } from './detect-record-format';
import { JsonRecordSplitter } from './json-record-splitter';
import { isWellFormed, Utf8TextDecoder } from './utf8-text';

/** How the input was recognised, from its first bytes. */
export interface InputFormat {
  /** The bytes started with the gzip magic number and were decompressed as they were read. */
  readonly gzip: boolean;
  /** One record per line, or JSON text split into records (an array, pretty-printed or concatenated objects). */
  readonly records: RecordFormat;
}

/** Lines of one input with where each starts in it, so a record refused later can name its file and line. */
export interface LineChunk {
  readonly lines: readonly string[];
  /** The input they were read from: its path as given, or `stdin`. */
  readonly file: string;
  /** Each line's 1-based line number in `file`; for a record of JSON text, the line where it starts. */
  readonly lineNumbers: readonly number[];
}

/** A source of text lines and how far through it the reader is (for a progress bar). Read `lines`, `chunks` or `sourced`, once. */
export interface LineSource {
  /** One record per item: each line of JSON lines, or each record of JSON text, made one line. */
  readonly lines: AsyncIterable<string>;
  /** The same lines a chunk at a time (every line a read completed), for consumers that take arrays: one await per chunk, not per line. */
  readonly chunks: AsyncIterable<readonly string[]>;
  /** The same chunks with the file and line number of each line. */
  readonly sourced: AsyncIterable<LineChunk>;
  /** Total bytes when known (a file), `undefined` for stdin. */
  readonly totalBytes: number | undefined;
  /** Bytes read so far (compressed bytes for a gzip input, so it compares with `totalBytes`). */
  bytesRead(): number;
  /** Where the lines come from, for messages. */
  readonly name: string;
  /** The format, once reading has started. */
  format(): InputFormat | undefined;
  /**
   * True once the text read was not all well formed: a byte that is not UTF-8 (kept as an escape, see
   * `Utf8TextDecoder`) or an unpaired UTF-16 surrogate. Lines then go on through `recordLine`.
   */
  illFormed(): boolean;
  /**
   * Aborted, with a `CliError` (exit 3) as its reason, when the input turns out to be damaged part-way (a corrupt
   * or truncated gzip). The lines then end as at Ctrl-C, the record cut off dropped: a consumer that takes this as
   * a stop signal finishes what came before whole, then reports the reason.
   */
  readonly rejected: AbortSignal;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const BOM = '\uFEFF';

/** Bytes in, text out, a read at a time (a character may be split between reads). */
interface TextChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
  /** True once the text was not all well formed (see `LineSource.illFormed`). */
  readonly illFormed: boolean;
}

/** A UTF-16 decoder that notes an unpaired surrogate (each decoder keeps a pair split between reads whole). */
const utf16 = (write: (bytes: Buffer) => string, end: () => string): TextChunkDecoder => {
  let illFormed = false;
  const check = (text: string) => {
    if (!illFormed && !isWellFormed(text)) illFormed = true;
    return text;
  };
  return { write: (bytes) => check(write(bytes)), end: () => check(end()), get illFormed() { return illFormed; } };
};

/** The decoder for a text whose first bytes are `head`: UTF-16 (LE or BE) after its byte-order mark, else UTF-8. */
export const decoderFor = (head: Buffer): TextChunkDecoder => {
  if (head[0] === 0xff && head[1] === 0xfe) {
    const le = new StringDecoder('utf16le');
    return utf16((bytes) => le.write(bytes), () => le.end());
  }
  if (head[0] === 0xfe && head[1] === 0xff) {
    // StringDecoder has no big-endian UTF-16; TextDecoder streams it (and drops the mark itself).
    const utf16be = new TextDecoder('utf-16be');
    return utf16((bytes) => utf16be.decode(bytes, { stream: true }), () => utf16be.decode());
  }
  return new Utf8TextDecoder();
};

/** How a stream of text ended: at its end, or stopped (Ctrl-C, or rejected) with the record in progress dropped. */
type TextEnd = 'eof' | 'stopped';

/** The size of an input file; a missing or unreadable path, or one that is not a file, is refused input (exit 3) with a hint. */
export const inputFileSize = async (path: string, options: { cwd: string; command: string }): Promise<number> => {
  const info = await stat(resolve(options.cwd, path)).catch((cause: NodeJS.ErrnoException) => {
    throw new CliError('CLI_INPUT_REJECTED', `cannot read '${path}': ${cause.code === 'ENOENT' ? 'no such file' : cause.message}`, {
      hint: `surv ${options.command} --help`, detailCode: cause.code, cause,
    });
  });
  if (!info.isFile()) throw new CliError('CLI_INPUT_REJECTED', `'${path}' is not a file`, { hint: `surv ${options.command} --help` });
  return info.size;
};

/**
 * Streams the records of a file (or stdin for `-`) without loading it, so a file of millions of events
 * runs in constant memory. A missing or unreadable file is refused input (exit 3) with a hint.
 *
 * The content decides how it is read, not the file name, once, from its first bytes: a gzip stream (magic
 * 1f 8b) is decompressed as it streams; a leading UTF-8 BOM is dropped; then JSON lines (LF or CRLF) take the
 * line path unchanged, and any other JSON text goes through `JsonRecordSplitter` (see `detectRecordFormat`).
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
    totalBytes = await inputFileSize(path, options);
    input = createReadStream(full);
  }
  let read = 0;
  let gzip = false;
  let records: RecordFormat | undefined;
  let decoderUsed: TextChunkDecoder | undefined;
  const rejection = new AbortController();

  // Pulled, not pushed: nothing is read until the consumer asks, so no line is lost or buffered
  // without bound (readline's iterator drops lines emitted before the loop starts).
  async function* texts(): AsyncGenerator<string, TextEnd> {
    const raw = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const rawNext = async () => {
      const next = await raw.next();
      if (!next.done) read += typeof next.value === 'string' ? Buffer.byteLength(next.value) : next.value.length;
      return next;
    };
    let source: () => Promise<IteratorResult<Buffer | string>> = rawNext;
    let gunzip: Readable | undefined;
    // Ctrl-C ends the input even while waiting on an idle stdin: the pipeline then finishes what it
    // read, whole. A record cut off by the interrupt is dropped, as it never ended.
    const signal = options.signal;
    const aborted = signal
      ? new Promise<'aborted'>((resolveAbort) => {
          if (signal.aborted) resolveAbort('aborted');
          else signal.addEventListener('abort', () => resolveAbort('aborted'), { once: true });
        })
      : undefined;
    const pull = async (): Promise<Buffer | string | 'aborted' | 'end'> => {
      const pending = source();
      let next: IteratorResult<Buffer | string> | 'aborted';
      try {
        next = aborted ? await Promise.race([aborted, pending]) : await pending;
      } catch (e) {
        if (!gunzip || !isZlibError(e)) throw e;
        rejection.abort(damagedGzip(path, name, options.command, read, e));
        return 'aborted';
      }
      if (next === 'aborted') {
        // The read still pending settles (or fails) once the stream is destroyed; nobody needs it.
        pending.catch(() => undefined);
        input.destroy();
        gunzip?.destroy();
        return 'aborted';
      }
      return next.done ? 'end' : next.value;
    };

    // The first two bytes tell gzip apart (a text stream of strings is never gzip).
    const head: (Buffer | string)[] = [];
    let headBytes = 0;
    while (headBytes < 2) {
      const chunk = await pull();
      if (chunk === 'aborted') return 'stopped';
      if (chunk === 'end') break;
      head.push(chunk);
      headBytes += chunk.length;
      if (typeof chunk === 'string') break;
    }
    const first = head[0];
    if (Buffer.isBuffer(first)) {
      const bytes = head.length === 1 ? first : Buffer.concat(head.filter(Buffer.isBuffer));
      if (bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1) {
        gzip = true;
        const compressed = Readable.from((async function* () {
          yield bytes;
          for (let next = await rawNext(); !next.done; next = await rawNext()) yield next.value;
        })());
        const inflater = createGunzip({ chunkSize: 64 * 1024 });
        // Any failure (a zlib error, a read error) destroys the inflater with it: its iterator reports it.
        pipeline(compressed, inflater, () => undefined);
        gunzip = inflater;
        const inflated = (inflater as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
        source = () => inflated.next();
        head.length = 0;
      }
    }

    // UTF-8 unless the text starts with a UTF-16 byte-order mark (Windows PowerShell's redirection
    // writes UTF-16LE); each decoder keeps a character split between reads for the next one.
    let decoder: TextChunkDecoder | undefined;
    let started = false;
    const decode = (chunk: Buffer | string): string => {
      if (typeof chunk !== 'string' && decoder === undefined && chunk.length > 0) decoderUsed = decoder = decoderFor(chunk);
      let text = typeof chunk === 'string' ? chunk : decoder === undefined ? '' : decoder.write(chunk);
      if (!started && text.length > 0) {
        started = true;
        if (text.startsWith(BOM)) text = text.slice(1);
      }
      return text;
    };
    // The head's bytes as one piece: the encoding is decided from the first two bytes, which may have come in two reads.
    const opening = head.length > 1 && head.every((c) => Buffer.isBuffer(c)) ? [Buffer.concat(head as Buffer[])] : head;
    for (const chunk of opening) yield decode(chunk);
    for (;;) {
      const chunk = await pull();
      if (chunk === 'aborted') return 'stopped';
      if (chunk === 'end') break;
      yield decode(chunk);
    }
    const last = decoder === undefined ? '' : decode(decoder.end());
    if (last.length > 0) yield last;
    return 'eof';
  }

  async function* sourced(): AsyncGenerator<LineChunk> {
    const pieces = texts();
    // The format is decided once, from the start of the text; after that no record pays for it.
    let head = '';
    let end: TextEnd | undefined;
    for (;;) {
      const next = await pieces.next();
      if (next.done) {
        end = next.value;
        break;
      }
      head += next.value;
      records = detectRecordFormat(head, false);
      if (records) break;
    }
    if (end === 'stopped') return;
    records ??= detectRecordFormat(head, true) ?? 'jsonl';

    if (records === 'json') {
      const splitter = new JsonRecordSplitter();
      let out = splitter.push(head);
      if (out.length > 0) yield { lines: out, file: name, lineNumbers: splitter.startLines };
      for (;;) {
        const next = await pieces.next();
        if (next.done) {
          if (next.value === 'stopped') return;
          break;
        }
        out = splitter.push(next.value);
        if (out.length > 0) yield { lines: out, file: name, lineNumbers: splitter.startLines };
      }
      out = splitter.end();
      if (out.length > 0) yield { lines: out, file: name, lineNumbers: splitter.startLines };
      return;
    }

    // JSON lines: the path every JSON-lines file took before, a split on LF per chunk read.
    let rest = '';
    let chunk = head;
    let lineNumber = 0;
    for (;;) {
      const text = rest + chunk;
      let start = 0;
      const complete: string[] = [];
      const numbers: number[] = [];
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        complete.push(lineText(text.slice(start, nl)));
        numbers.push(++lineNumber);
        start = nl + 1;
      }
      rest = text.slice(start);
      if (complete.length > 0) yield { lines: complete, file: name, lineNumbers: numbers };
      if (end !== undefined) break; // the head was all of it
      const next = await pieces.next();
      if (next.done) {
        if (next.value === 'stopped') return;
        break;
      }
      chunk = next.value;
    }
    if (rest.length > 0) yield { lines: [lineText(rest)], file: name, lineNumbers: [lineNumber + 1] };
  }
  async function* chunks(): AsyncGenerator<readonly string[]> {
    for await (const chunk of sourced()) yield chunk.lines;
  }
  async function* lines(): AsyncGenerator<string> {
    for await (const chunk of sourced()) yield* chunk.lines;
  }
  return {
    lines: { [Symbol.asyncIterator]: () => lines() },
    chunks: { [Symbol.asyncIterator]: () => chunks() },
    sourced: { [Symbol.asyncIterator]: () => sourced() },
    totalBytes,
    bytesRead: () => read,
    name,
    format: () => (records === undefined ? undefined : { gzip, records }),
    illFormed: () => decoderUsed?.illFormed ?? false,
    rejected: rejection.signal,
  };
};

// A byte-order mark starts a line where files that each had one were concatenated (cat a.jsonl b.jsonl).
const lineText = (line: string): string => {
  const text = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  return text.endsWith('\r') ? text.slice(0, -1) : text;
};

const isZlibError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code!.startsWith('Z_');

const damagedGzip = (path: string, name: string, command: string, read: number, cause: NodeJS.ErrnoException) =>
  new CliError('CLI_INPUT_REJECTED', `${name === 'stdin' ? 'stdin' : `'${name}'`} is a damaged gzip stream (${cause.message}) after ${read} compressed bytes`, {
    hint: path === '-' ? `surv ${command} --help` : `gzip -t ${path}`,
    detailCode: cause.code,
    cause,
  });
