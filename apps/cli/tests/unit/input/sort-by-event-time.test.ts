import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LineChunk } from '../../../src/input/read-lines';
import { eventTimeKey, sortByEventTime, type SortedChunk } from '../../../src/input/sort-by-event-time';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'surv-sort-test-'));
  dirs.push(d);
  return d;
};

const line = (id: string, time: unknown) => JSON.stringify({ event_id: id, event_time: time, symbol: 'ACME' });
/** The lines as one file read in chunks of `size`, numbered from 1. */
async function* chunked(lines: readonly string[], size = 3, file = 'in.jsonl'): AsyncGenerator<LineChunk> {
  for (let i = 0; i < lines.length; i += size) yield { lines: lines.slice(i, i + size), file, lineNumbers: lines.slice(i, i + size).map((_, k) => i + k + 1) };
}
const collect = async (it: AsyncIterable<SortedChunk>) => {
  const chunks: string[][] = [];
  for await (const c of it) chunks.push(c.lines);
  return chunks;
};

// Shuffled by symbol (as a per-symbol export is), ties, µs and offset times, lines without a usable time.
const INPUT = [
  line('b1', '2024-03-04T14:31:00.000Z'),
  line('b2', '2024-03-04T14:33:00Z'),
  '{"event_id": "broken", ',
  line('a1', '2024-03-04T14:30:00.000Z'),
  line('a2', '2024-03-04T14:31:00.000Z'),
  line('a3', '2024-03-04T14:32:00.000001Z'),
  line('n1', 42),
  line('c1', '2024-03-04T15:29:59+01:00'),
  `{"event_id":"cr",\r"event_time":"2024-03-04T14:32:00.000Z"}`,
];
// c1 is 14:29:59Z.
const EXPECTED = ['{"event_id": "broken", ', line('n1', 42), line('c1', '2024-03-04T15:29:59+01:00'), line('a1', '2024-03-04T14:30:00.000Z'),
  line('b1', '2024-03-04T14:31:00.000Z'), line('a2', '2024-03-04T14:31:00.000Z'), `{"event_id":"cr",\r"event_time":"2024-03-04T14:32:00.000Z"}`,
  line('a3', '2024-03-04T14:32:00.000001Z'), line('b2', '2024-03-04T14:33:00Z')];

describe('sortByEventTime', () => {
  it('keys a line by its event_time, and a line without a readable one first', () => {
    expect(eventTimeKey(line('x', '2024-03-04T14:30:00.5Z'))).toBe(Date.UTC(2024, 2, 4, 14, 30, 0, 500));
    for (const bad of ['{', 'null', line('x', 'yesterday'), line('x', 7), '{"event_id":"x"}']) expect(eventTimeKey(bad), bad).toBe(Number.NEGATIVE_INFINITY);
  });

  it('sorts in memory by event time, keeping the input order of equal times', async () => {
    const tmp = scratch();
    const chunks = await collect(sortByEventTime(chunked(INPUT), { tmpDir: tmp, chunkLines: 4 }));
    expect(chunks.flat()).toEqual(EXPECTED);
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 1]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('merges sorted runs from temporary files when the input is larger than a run, with the same result', async () => {
    const tmp = scratch();
    for (const [runChars, writeBlockChars] of [[1, 1], [60, 1], [150, 100], [400, 100], [400, undefined]] as const) {
      const chunks = await collect(sortByEventTime(chunked(INPUT), { tmpDir: tmp, runChars, chunkLines: 2, writeBlockChars }));
      expect(chunks.flat(), `runChars ${runChars}, blocks of ${writeBlockChars}`).toEqual(EXPECTED);
      expect(readdirSync(tmp), 'temporary runs removed').toEqual([]);
    }
  });

  it('keeps a line that is not well-formed text (an escaped byte, a lone surrogate) exactly through its temporary runs', async () => {
    const tmp = scratch();
    const odd = [JSON.stringify({ event_id: 'M\udcfcller', event_time: '2024-03-04T14:30:30Z' }), '{"event_id":"\ud800 x"', ...INPUT];
    const inMemory = (await collect(sortByEventTime(chunked(odd), { tmpDir: tmp }))).flat();
    expect(inMemory.slice(0, 2)).toEqual([odd[1], EXPECTED[0]]);
    for (const runChars of [1, 60, 400]) {
      expect((await collect(sortByEventTime(chunked(odd), { tmpDir: tmp, runChars, chunkLines: 2 }))).flat(), `runChars ${runChars}`).toEqual(inMemory);
    }
  });

  it('removes its temporary runs when the reader stops early', async () => {
    const tmp = scratch();
    for await (const chunk of sortByEventTime(chunked(INPUT), { tmpDir: tmp, runChars: 1, chunkLines: 1 })) {
      expect(chunk.lines).toEqual([EXPECTED[0]]);
      expect(readdirSync(tmp)).toHaveLength(1);
      break;
    }
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('keeps the file and line number of each line with it, in memory and through temporary runs', async () => {
    const tmp = scratch();
    async function* twoFiles(): AsyncGenerator<LineChunk> {
      yield* chunked(INPUT.slice(0, 4), 3, 'a.jsonl');
      yield* chunked(['{"event_id":"\ud800 x"', ...INPUT.slice(4)], 2, 'dir/b.json.gz');
    }
    const origin = new Map<string, string>();
    for await (const c of twoFiles()) c.lines.forEach((l, k) => origin.set(l, `${c.file}:${c.lineNumbers[k]}`));
    for (const runChars of [undefined, 1, 60, 400]) {
      const seen = new Map<string, string>();
      for await (const c of sortByEventTime(twoFiles(), { tmpDir: tmp, runChars, chunkLines: 2 })) {
        expect(c.file).toHaveLength(c.lines.length);
        c.lines.forEach((l, k) => seen.set(l, `${c.file[k]}:${c.lineNumbers[k]}`));
      }
      expect(seen, `runChars ${runChars}`).toEqual(origin);
    }
    expect(origin.get(INPUT[3]!)).toBe('a.jsonl:4');
    expect(origin.get(INPUT[4]!)).toBe('dir/b.json.gz:2');
  });
});
