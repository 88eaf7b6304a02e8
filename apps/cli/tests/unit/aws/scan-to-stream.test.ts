import { describe, expect, it } from 'vitest';
import { SurvError } from '@surv/domain';
import type { ObjectInfo, ObjectStore, RecordWriter, StreamRecord } from '@surv/pipeline';
import { scanToStream } from '../../../src/aws/scan-to-stream';
import { type LineChunk } from '../../../src/input/read-lines';

const event = (id: string, symbol = 'ACME') => JSON.stringify({
  event_id: id, event_type: 'ORDER_NEW', event_time: '2026-01-05T14:30:00.000Z', symbol, venue: 'XNAS', account_id: 'A', trader_id: 'T',
  beneficial_owner: 'B', order_id: `O${id}`, side: 'BUY', price: 10, quantity: 100,
});
/** The lines of one file, a line at a time, numbered from 1. */
async function* linesOf(lines: string[], file = 'f'): AsyncGenerator<LineChunk> {
  for (let i = 0; i < lines.length; i++) yield { lines: [lines[i]!], file, lineNumbers: [i + 1] };
}
const memoryWriter = () => {
  const chunks: StreamRecord[][] = [];
  return { chunks, writer: { putRecords: async (r: readonly StreamRecord[]) => void chunks.push([...r]) } satisfies RecordWriter };
};
const memoryStore = () => {
  const objects = new Map<string, string>();
  const store: ObjectStore = {
    putObject: async (key, body) => void objects.set(key, typeof body === 'string' ? body : new TextDecoder().decode(body)),
    getObject: async () => undefined,
    async *listObjects(): AsyncIterable<ObjectInfo> {},
  };
  return { objects, store };
};
const NOW = () => Date.parse('2026-01-06T09:00:00Z');

describe('scanToStream', () => {
  it('sends valid events in chunks and quarantine objects per chunk of bad lines, named after the input and line span', async () => {
    const { chunks, writer } = memoryWriter();
    const { objects, store } = memoryStore();
    const lines = [event('1'), 'bad 1', '', event('2', 'ZETA'), 'bad 2', event('1'), 'bad 3', event('3')];
    const r = await scanToStream({ lines: linesOf(lines, 'dir/my events.jsonl'), sourceName: 'dir/my events.jsonl', writer, store, now: NOW, putChunk: 2, quarantineChunk: 2 });
    expect(r).toMatchObject({ records: 7, put: 3, duplicates: 1, quarantined: 3, aborted: false });
    expect(chunks.map((c) => c.length)).toEqual([2, 1]);
    expect(chunks.flat().map((c) => c.partitionKey)).toEqual(['ACME', 'ZETA', 'ACME']);
    expect([...objects.keys()]).toEqual([
      'quarantine/dt=2026-01-06/cli-scan-my_events.jsonl-2-5.jsonl', 'quarantine/dt=2026-01-06/cli-scan-my_events.jsonl-7-7.jsonl',
    ]);
    expect(r.quarantineKeys).toEqual([...objects.keys()]);
    const first = objects.get(r.quarantineKeys[0]!)!.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toEqual([
      expect.objectContaining({ code: 'INVALID_JSON', raw: 'bad 1', source: 'dir/my events.jsonl:2', quarantined_at: '2026-01-06T09:00:00.000Z', file: 'dir/my events.jsonl', line: 2 }),
      expect.objectContaining({ code: 'INVALID_JSON', raw: 'bad 2', source: 'dir/my events.jsonl:5', file: 'dir/my events.jsonl', line: 5 }),
    ]);
    expect(r.rejections.map((x) => x.line)).toEqual([2, 5, 7]);
  });

  it('names the line a record of JSON text starts on, as the reader numbered it', async () => {
    const { writer } = memoryWriter();
    const { objects, store } = memoryStore();
    async function* pretty(): AsyncGenerator<LineChunk> {
      yield { lines: [event('1'), '42', event('2')], file: 'array.json.gz', lineNumbers: [2, 16, 17] };
    }
    const r = await scanToStream({ lines: pretty(), sourceName: 'array.json.gz', writer, store, now: NOW });
    expect(r.rejections).toEqual([expect.objectContaining({ line: 16, code: 'NOT_AN_OBJECT' })]);
    expect([...objects.keys()]).toEqual(['quarantine/dt=2026-01-06/cli-scan-array.json.gz-16-16.jsonl']);
    expect(JSON.parse(objects.get(r.quarantineKeys[0]!)!)).toMatchObject({ source: 'array.json.gz:16', file: 'array.json.gz', line: 16 });
  });

  it('checks event times against the wall clock, as the cloud enricher checks them against arrival', async () => {
    const { writer } = memoryWriter();
    const { store } = memoryStore();
    const future = event('1').replace('2026-01-05T14:30:00.000Z', '2026-01-09T00:00:00.000Z');
    const r = await scanToStream({ lines: linesOf([future]), sourceName: 'f', writer, store, now: NOW });
    expect(r.rejections).toEqual([expect.objectContaining({ code: 'TIMESTAMP_OUT_OF_RANGE' })]);
  });

  it('stops reading when interrupted, but sends and quarantines what it read', async () => {
    const { chunks, writer } = memoryWriter();
    const { objects, store } = memoryStore();
    const controller = new AbortController();
    async function* lines(): AsyncGenerator<LineChunk> {
      yield { lines: [event('1'), 'bad'], file: 'f', lineNumbers: [1, 2] };
      controller.abort();
      yield { lines: [event('2')], file: 'f', lineNumbers: [3] };
    }
    const r = await scanToStream({ lines: lines(), sourceName: 'f', writer, store, now: NOW, signal: controller.signal });
    expect(r).toMatchObject({ records: 2, put: 1, quarantined: 1, aborted: true });
    expect(chunks.flat()).toHaveLength(1);
    expect(objects.size).toBe(1);
  });

  it('says how many records were on the stream before a write failed', async () => {
    let calls = 0;
    const writer: RecordWriter = {
      putRecords: async () => {
        if (++calls === 2) throw new SurvError('KINESIS_PUT_INCOMPLETE', '1 of 1 records were not written');
      },
    };
    const { store } = memoryStore();
    const e = await scanToStream({ lines: linesOf([event('1'), event('2')]), sourceName: 'f', writer, store, now: NOW, putChunk: 1 }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'CLI_BACKEND_FAILED', detailCode: 'KINESIS_PUT_INCOMPLETE', message: '1 of 1 records were not written; 1 records had been written before this chunk' });
  });
});
