import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evenShardRanges, InProcessStream, partitionHashKey } from '@surv/local-runtime';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('InProcessStream', () => {
  it('splits the 128-bit hash key space evenly like a new Kinesis stream', () => {
    expect(evenShardRanges(2).map((s) => [s.shardId, s.startingHashKey.toString(), s.endingHashKey.toString()])).toEqual([
      ['shardId-000000000000', '0', '170141183460469231731687303715884105727'],
      ['shardId-000000000001', '170141183460469231731687303715884105728', '340282366920938463463374607431768211455'],
    ]);
    const three = evenShardRanges(3);
    expect(three[0]!.endingHashKey + 1n).toBe(three[1]!.startingHashKey);
    expect(three[2]!.endingHashKey).toBe((1n << 128n) - 1n);
  });

  it('routes by the MD5 of the partition key into the shard whose range holds it', () => {
    const stream = new InProcessStream({ shards: 4 });
    const ranges = stream.listShards();
    for (const key of ['ACME', 'MSFT', 'AAPL', 'BTC-USD', 'é', 'x'.repeat(256), '0', 'VOD.L']) {
      const md5 = BigInt(`0x${createHash('md5').update(Buffer.from(key, 'utf8')).digest('hex')}`);
      expect(partitionHashKey(key)).toBe(md5);
      const expected = ranges.find((r) => md5 >= r.startingHashKey && md5 <= r.endingHashKey)!.shardId;
      expect(stream.shardFor(key)).toBe(expected);
    }
    // Known vector: MD5("ACME") = 3fbeb6a5...: top bit 0, so the lower half, shard 0 of 2.
    expect(createHash('md5').update('ACME').digest('hex')).toBe('3fbeb6a5a3e2f60d2a9c015a6f527a08');
    expect(new InProcessStream().shardFor('ACME')).toBe('shardId-000000000000');
  });

  it('keeps per-shard order with growing numeric sequence numbers', async () => {
    const stream = new InProcessStream({ shards: 2, clock: () => 42 });
    const keys = Array.from({ length: 200 }, (_, i) => `SYM${i % 17}`);
    await stream.putRecords(keys.map((k, i) => ({ partitionKey: k, data: enc(`${k}:${i}`) })));
    let total = 0;
    for (const { shardId } of stream.listShards()) {
      const recs = stream.getRecords(shardId, undefined, 1000);
      total += recs.length;
      const seqs = recs.map((r) => BigInt(r.sequenceNumber));
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
      expect(recs.every((r) => /^\d+$/.test(r.sequenceNumber) && r.arrivalTime === 42 && r.shardId === shardId)).toBe(true);
      // Order per key is the put order.
      const byKey = new Map<string, number[]>();
      for (const r of recs) {
        const [k, i] = dec(r.data).split(':');
        byKey.set(k!, [...(byKey.get(k!) ?? []), Number(i)]);
        expect(stream.shardFor(k!)).toBe(shardId);
      }
      for (const list of byKey.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    }
    expect(total).toBe(200);
  });

  it('serves independent consumers from their own checkpoints and trims what all have read', async () => {
    const stream = new InProcessStream({ shards: 1 });
    await stream.putRecords(Array.from({ length: 10 }, (_, i) => ({ partitionKey: 'k', data: enc(String(i)) })));
    const shard = 'shardId-000000000000';
    const a1 = stream.getRecords(shard, undefined, 4);
    const b1 = stream.getRecords(shard, undefined, 7);
    const a2 = stream.getRecords(shard, a1.at(-1)!.sequenceNumber, 100);
    const b2 = stream.getRecords(shard, b1.at(-1)!.sequenceNumber, 100);
    expect(a1.concat(a2).map((r) => dec(r.data))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(b2.map((r) => dec(r.data))).toEqual(['7', '8', '9']);
    expect(stream.getRecords(shard, b2.at(-1)!.sequenceNumber)).toEqual([]);
    stream.trim(shard, a1.at(-1)!.sequenceNumber);
    expect(stream.size(shard)).toBe(6);
    expect(stream.getRecords(shard, b1.at(-1)!.sequenceNumber).map((r) => dec(r.data))).toEqual(['7', '8', '9']);
    expect(() => stream.getRecords('shardId-000000000009', undefined)).toThrow(expect.objectContaining({ code: 'LOCAL_UNKNOWN_SHARD' }));
    expect(() => new InProcessStream({ shards: 0 })).toThrow(expect.objectContaining({ code: 'LOCAL_INVALID_OPTIONS' }));
  });
});
