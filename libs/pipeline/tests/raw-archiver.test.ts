import { describe, expect, it } from 'vitest';
import { isSurvError } from '@surv/domain';
import { RawArchiver } from '@surv/pipeline';
import { MemoryStore } from './memory-store';
import { consumed, event } from './records';

const T0 = Date.UTC(2024, 2, 4, 14, 59, 30);

describe('RawArchiver', () => {
  it('delivers when the size buffer fills, as JSONL under raw/year=/month=/day=/hour=/ named by positions', async () => {
    const store = new MemoryStore();
    const recs = consumed(Array.from({ length: 10 }, (_, i) => event({ event_id: `s${i}` })), 'shardId-000000000000', 1, T0);
    const sizes = recs.map((r) => r.data.length + 1);
    // Full after the 4th line of each buffer.
    const archiver = new RawArchiver(store, { bufferBytes: Math.max(sizes[0]! + sizes[1]! + sizes[2]! + sizes[3]!, sizes[4]! + sizes[5]! + sizes[6]! + sizes[7]!), bufferIntervalMs: 3_600_000 });
    const delivered = await archiver.add(recs);
    expect(delivered.map((d) => d.records)).toEqual([4, 4]);
    expect(store.keys()).toEqual([
      'raw/year=2024/month=03/day=04/hour=14/shardId-000000000000-00000000000000000001-00000000000000000004.jsonl',
      'raw/year=2024/month=03/day=04/hour=14/shardId-000000000000-00000000000000000005-00000000000000000008.jsonl',
    ]);
    expect(archiver.bufferedBytes).toBe(sizes[8]! + sizes[9]!);
    const rest = await archiver.flush();
    expect(rest.map((d) => d.records)).toEqual([2]);
    const lines = store.keys().flatMap((k) => store.text(k).trim().split('\n'));
    expect(lines.map((l) => JSON.parse(l).event_id)).toEqual(recs.map((_, i) => `s${i}`));
  });

  it('delivers when the oldest buffered record is older than the interval in arrival time', async () => {
    const store = new MemoryStore();
    const archiver = new RawArchiver(store, { bufferBytes: 1 << 30, bufferIntervalMs: 60_000 });
    expect(await archiver.add(consumed([event(), event()], 'shardId-000000000000', 1, T0))).toEqual([]);
    // 59.9 s later: still buffering.
    expect(await archiver.add(consumed([event()], 'shardId-000000000000', 3, T0 + 59_900))).toEqual([]);
    // 60 s after the first: the buffer goes out, the new record starts a new one in the next hour.
    const out = await archiver.add(consumed([event()], 'shardId-000000000000', 4, T0 + 60_000));
    expect(out).toEqual([{ key: 'raw/year=2024/month=03/day=04/hour=14/shardId-000000000000-00000000000000000001-00000000000000000003.jsonl', records: 3, bytes: expect.any(Number) }]);
    const last = await archiver.flush();
    expect(last[0]!.key).toBe('raw/year=2024/month=03/day=04/hour=15/shardId-000000000000-00000000000000000004-00000000000000000004.jsonl');
  });

  it('ages the buffers of quiet shards by the arrival time seen on any shard', async () => {
    const store = new MemoryStore();
    const archiver = new RawArchiver(store, { bufferIntervalMs: 1_000 });
    await archiver.add(consumed([event()], 'shardId-000000000001', 1, T0));
    const out = await archiver.add(consumed([event()], 'shardId-000000000000', 2, T0 + 5_000));
    expect(out.map((d) => d.key.split('/').pop())).toEqual(['shardId-000000000001-00000000000000000001-00000000000000000001.jsonl']);
  });

  it('keeps bad records as delivered (raw is the untouched copy)', async () => {
    const store = new MemoryStore();
    const archiver = new RawArchiver(store);
    await archiver.add(consumed(['{oops', 'line with newline\n'], 'shardId-000000000000', 1, T0));
    const [d] = await archiver.flush();
    expect(store.text(d!.key)).toBe('{oops\nline with newline\n');
  });

  it('refuses non-positive buffer options and reports failed deliveries as typed errors', async () => {
    expect(() => new RawArchiver(new MemoryStore(), { bufferBytes: 0 })).toThrow(/positive/);
    const store = new MemoryStore();
    store.failOn = () => true;
    const archiver = new RawArchiver(store);
    await archiver.add(consumed([event()], 'shardId-000000000000', 1, T0));
    const err = await archiver.flush().catch((e) => e);
    expect(isSurvError(err) && err.code).toBe('PIPELINE_WRITE_FAILED');
  });
});
