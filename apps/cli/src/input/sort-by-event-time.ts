import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIsoTimestamp } from '@surv/domain';
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
 * A line of a run file: `key SPACE line`, or `key TAB JSON string of the line` for a line that is not well-formed
 * text (a byte kept as an escape, see `Utf8TextDecoder`), which UTF-8 would turn into U+FFFD.
 */
const runLine = (k: Keyed): string => (isWellFormed(k.line) ? `${k.key} ${k.line}\n` : `${k.key}\t${JSON.stringify(k.line)}\n`);

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
    const space = text.indexOf(' ');
    const tab = text.indexOf('\t');
    // The key holds neither; the first of the two ends it.
    const at = tab >= 0 && (space < 0 || tab < space) ? tab : space;
    this.head = { key: Number(text.slice(0, at)), line: at === tab ? (JSON.parse(text.slice(at + 1)) as string) : text.slice(at + 1) };
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
 * already replayed is a late row to the detection windows.
 */
export async function* sortByEventTime(source: AsyncIterable<readonly string[]>, options: SortOptions = {}): AsyncGenerator<string[]> {
  const runChars = options.runChars ?? 256 * 1024 * 1024;
  const chunkLines = options.chunkLines ?? 4096;
  const writeBlockChars = options.writeBlockChars ?? 4 * 1024 * 1024;
  let run: Keyed[] = [];
  let chars = 0;
  let dir: string | undefined;
  const runs: string[] = [];
  let readers: RunReader[] = [];
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
    for await (const lines of source) {
      for (const line of lines) {
        run.push({ key: eventTimeKey(line), line });
        chars += line.length;
        if (chars >= runChars) await spill();
      }
    }
    if (runs.length === 0) {
      // Everything fitted in memory: no temporary file at all.
      run.sort(byKey);
      for (let i = 0; i < run.length; i += chunkLines) yield run.slice(i, i + chunkLines).map((k) => k.line);
      return;
    }
    if (run.length > 0) await spill();
    readers = runs.map((path, i) => new RunReader(path, i));
    await Promise.all(readers.map((r) => r.advance()));
    const live = readers.filter((r) => r.head !== undefined);
    for (let i = Math.floor(live.length / 2) - 1; i >= 0; i--) siftDown(live, i);
    let chunk: string[] = [];
    while (live.length > 0) {
      const top = live[0]!;
      chunk.push(top.head!.line);
      if (chunk.length >= chunkLines) {
        yield chunk;
        chunk = [];
      }
      await top.advance();
      if (top.head === undefined) {
        live[0] = live[live.length - 1]!;
        live.pop();
      }
      if (live.length > 0) siftDown(live, 0);
    }
    if (chunk.length > 0) yield chunk;
  } finally {
    await Promise.all(readers.map((r) => r.close()));
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}
