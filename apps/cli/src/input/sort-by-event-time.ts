import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIsoTimestamp } from '@surv/domain';
import { type LineChunk } from './read-lines';
import { isWellFormed } from './utf8-text';

export interface SortOptions {
  /** Text held in memory before a sorted run goes to a temporary file. @default 256 MiB of characters */
  readonly runChars?: number;
  /** Where temporary runs go (a fresh folder inside, removed at the end). @default os.tmpdir() */
  readonly tmpDir?: string;
  /** Lines per chunk handed on. @default 4096 */
  readonly chunkLines?: number;
  /** A run is written in blocks of about this many characters (a write per line costs a system call each). @default 4 MiB */
  readonly writeBlockChars?: number;
}

/**
 * The sort key of a line: its `event_time` in epoch ms. A line without a readable one (it will be
 * quarantined, or is an event whose time the pipeline refuses) sorts first, so it never delays the
 * events around it; equal keys keep their input order.
 */
export const eventTimeKey = (line: string): number => {
  let value: unknown;
  try {
    value = (JSON.parse(line) as { event_time?: unknown } | null)?.event_time;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
  const ms = typeof value === 'string' ? parseIsoTimestamp(value) : undefined;
  return ms ?? Number.NEGATIVE_INFINITY;
};

interface Keyed {
  readonly key: number;
  readonly line: string;
  /** Where the line was read from: an index into the sort's file names, and its line number there. */
  readonly file: number;
  readonly lineNumber: number;
}

/** Sorted lines, a chunk at a time: each line with the file it was read from and its line number there. */
export interface SortedChunk {
  readonly lines: string[];
  readonly file: string[];
  readonly lineNumbers: number[];
}

const byKey = (a: Keyed, b: Keyed): number => a.key - b.key || 0;

/** The lines of a file split on LF only (a line may hold a CR: JSON allows one between tokens). */
async function* linesOf(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const text of createReadStream(path, { encoding: 'utf8' })) {
    const parts = (rest + (text as string)).split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest !== '') yield rest;
}

/**
 * A line of a run file: `key file lineNumber SPACE line`, or `key file lineNumber TAB JSON string of the line` for a
 * line that is not well-formed text (a byte kept as an escape, see `Utf8TextDecoder`), which UTF-8 would turn into U+FFFD.
 */
const runLine = (k: Keyed): string =>
  (isWellFormed(k.line) ? `${k.key} ${k.file} ${k.lineNumber} ${k.line}\n` : `${k.key} ${k.file} ${k.lineNumber}\t${JSON.stringify(k.line)}\n`);

/** One sorted run read back from its file (see `runLine`). */
class RunReader {
  private readonly lines: AsyncIterator<string>;
  head: Keyed | undefined;
  constructor(path: string, readonly index: number) {
    this.lines = linesOf(path);
  }
  /** Stops reading (the consumer may stop early); the stream closes. */
  async close(): Promise<void> {
    await this.lines.return?.(undefined);
  }
  async advance(): Promise<void> {
    const next = await this.lines.next();
    if (next.done) {
      this.head = undefined;
      return;
    }
    const text = next.value;
    const keyEnd = text.indexOf(' ');
    const fileEnd = text.indexOf(' ', keyEnd + 1);
    const space = text.indexOf(' ', fileEnd + 1);
    const tab = text.indexOf('\t', fileEnd + 1);
    // The line number holds neither; the first of the two ends it.
    const at = tab >= 0 && (space < 0 || tab < space) ? tab : space;
    this.head = {
      key: Number(text.slice(0, keyEnd)),
      file: Number(text.slice(keyEnd + 1, fileEnd)),
      lineNumber: Number(text.slice(fileEnd + 1, at)),
      line: at === tab ? (JSON.parse(text.slice(at + 1)) as string) : text.slice(at + 1),
    };
  }
}

/** Run order breaks ties: earlier runs hold earlier input lines. */
const before = (a: RunReader, b: RunReader): boolean => a.head!.key < b.head!.key || (a.head!.key === b.head!.key && a.index < b.index);

/** A binary min-heap of run readers by their head line. */
const siftDown = (heap: RunReader[], i: number): void => {
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
    if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
};

/**
 * The lines of `source` in event-time order (a stable sort: lines with equal times keep their order),
 * in bounded memory: up to `runChars` of text is sorted in memory, and larger inputs are merged from
 * sorted runs in temporary files. Replay needs event-time order: an event older than the events
 * already replayed is a late row to the detection windows. Each line keeps its file and line number.
 */
export async function* sortByEventTime(source: AsyncIterable<LineChunk>, options: SortOptions = {}): AsyncGenerator<SortedChunk> {
  const runChars = options.runChars ?? 256 * 1024 * 1024;
  const chunkLines = options.chunkLines ?? 4096;
  const writeBlockChars = options.writeBlockChars ?? 4 * 1024 * 1024;
  let run: Keyed[] = [];
  let chars = 0;
  let dir: string | undefined;
  const runs: string[] = [];
  let readers: RunReader[] = [];
  // Lines name their file by index (a run file holds numbers, not names).
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const chunkOf = (keyed: readonly Keyed[]): SortedChunk => ({
    lines: keyed.map((k) => k.line), file: keyed.map((k) => files[k.file]!), lineNumbers: keyed.map((k) => k.lineNumber),
  });
  try {
    const spill = async () => {
      run.sort(byKey);
      dir ??= await mkdtemp(join(options.tmpDir ?? tmpdir(), 'surv-sort-'));
      const path = join(dir, `run-${runs.length}.txt`);
      runs.push(path);
      const file = await open(path, 'w');
      try {
        let block: string[] = [];
        let blockChars = 0;
        for (const k of run) {
          const text = runLine(k);
          block.push(text);
          blockChars += text.length;
          if (blockChars >= writeBlockChars) {
            await file.writeFile(block.join(''));
            block = [];
            blockChars = 0;
          }
        }
        if (block.length > 0) await file.writeFile(block.join(''));
      } finally {
        await file.close();
      }
      run = [];
      chars = 0;
    };
    for await (const { lines, file: name, lineNumbers } of source) {
      let file = fileIndex.get(name);
      if (file === undefined) {
        file = files.push(name) - 1;
        fileIndex.set(name, file);
      }
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        run.push({ key: eventTimeKey(line), line, file, lineNumber: lineNumbers[i]! });
        chars += line.length;
        if (chars >= runChars) await spill();
      }
    }
    if (runs.length === 0) {
      // Everything fitted in memory: no temporary file at all.
      run.sort(byKey);
      for (let i = 0; i < run.length; i += chunkLines) yield chunkOf(run.slice(i, i + chunkLines));
      return;
    }
    if (run.length > 0) await spill();
    readers = runs.map((path, i) => new RunReader(path, i));
    await Promise.all(readers.map((r) => r.advance()));
    const live = readers.filter((r) => r.head !== undefined);
    for (let i = Math.floor(live.length / 2) - 1; i >= 0; i--) siftDown(live, i);
    let chunk: Keyed[] = [];
    while (live.length > 0) {
      const top = live[0]!;
      chunk.push(top.head!);
      if (chunk.length >= chunkLines) {
        yield chunkOf(chunk);
        chunk = [];
      }
      await top.advance();
      if (top.head === undefined) {
        live[0] = live[live.length - 1]!;
        live.pop();
      }
      if (live.length > 0) siftDown(live, 0);
    }
    if (chunk.length > 0) yield chunkOf(chunk);
  } finally {
    await Promise.all(readers.map((r) => r.close()));
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}
