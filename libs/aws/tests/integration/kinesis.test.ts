import { DescribeStreamSummaryCommand, SplitShardCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { isSurvError } from '@surv/domain';
import type { ConsumedRecord, StreamRecord } from '@surv/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsAdapterError, KinesisRecordWriter, pollShards, type KinesisSender } from '@surv/aws';
import { createActiveStream, kinesisClient, startKinesalite } from '../../../../tools/testing/aws-local-servers';
import { faultyKinesis } from '../helpers/kinesis-faults';

const SYMBOLS = ['AAPL', 'MSFT', 'AMZN', 'GOOG', 'TSLA', 'NVDA', 'META', 'NFLX', 'INTC', 'AMD', 'ORCL', 'IBM'];
const KIB = 1024;

/** 1,200 records of mixed sizes: mostly event-sized, some tens of KiB, a few near the 1 MiB limit. */
const mixedRecords = (count = 1200): StreamRecord[] =>
  Array.from({ length: count }, (_, seq) => {
    const size = seq % 150 === 7 ? 700 * KIB + (seq % 13) * KIB : seq % 25 === 3 ? 40 * KIB + seq : 200 + (seq % 300);
    const head = JSON.stringify({ seq, symbol: SYMBOLS[seq % SYMBOLS.length], pad: '' });
    const body = head.replace('"pad":""', `"pad":"${'x'.repeat(Math.max(0, size - head.length))}"`);
    return { partitionKey: SYMBOLS[seq % SYMBOLS.length] as string, data: new TextEncoder().encode(body) };
  });

const seqOf = (r: ConsumedRecord): number => (JSON.parse(new TextDecoder().decode(r.data)) as { seq: number }).seq;

/** Reads a whole stream with pollShards, returning every record in delivery order. */
const readAll = async (client: KinesisSender, streamName: string): Promise<ConsumedRecord[]> => {
  const out: ConsumedRecord[] = [];
  await pollShards({ client, streamName, batchSize: 100, handler: (records) => void out.push(...records) });
  return out;
};

const expectExactlyOnce = (records: readonly ConsumedRecord[], expected: Iterable<number>) => {
  const seqs = records.map(seqOf).sort((a, b) => a - b);
  expect(seqs).toEqual([...expected].sort((a, b) => a - b));
  expect(new Set(records.map((r) => r.sequenceNumber)).size).toBe(records.length);
};

const expectShardOrder = (records: readonly ConsumedRecord[]) => {
  const byShard = new Map<string, string[]>();
  for (const r of records) byShard.set(r.shardId, [...(byShard.get(r.shardId) ?? []), r.sequenceNumber]);
  for (const seqs of byShard.values()) {
    const sorted = [...seqs].sort((a, b) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : 1));
    expect(seqs).toEqual(sorted);
  }
};

const noSleep = { sleep: async () => {}, random: () => 0.5 };

describe('Kinesis adapters against kinesalite', () => {
  let server: Awaited<ReturnType<typeof startKinesalite>>;
  let client: KinesisClient;
  let streams = 0;
  const newStream = async (shards = 2) => {
    const name = `surv-events-${++streams}`;
    await createActiveStream(client, name, shards);
    return name;
  };

  beforeAll(async () => {
    server = await startKinesalite();
    client = kinesisClient(server.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  it('writes 1,200 mixed-size records within the PutRecords limits and reads every one back once, in order', async () => {
    const streamName = await newStream();
    const records = mixedRecords();
    const { sender, log } = faultyKinesis(client, () => ({}));
    await new KinesisRecordWriter({ client: sender, streamName, retry: noSleep }).putRecords(records);

    expect(log.putCalls.length).toBeGreaterThan(2); // the big records force byte-limited calls
    for (const call of log.putCalls) {
      expect(call.records).toBeLessThanOrEqual(500);
      expect(call.bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    }
    expect(log.putCalls.reduce((n, c) => n + c.records, 0)).toBe(1200);

    const read = await readAll(client, streamName);
    expectExactlyOnce(read, records.keys());
    expectShardOrder(read);
    expect(new Set(read.map((r) => r.shardId)).size).toBe(2);
    // Without faults every partition key reads back in write order.
    const byKey = new Map<string, number[]>();
    for (const r of read) byKey.set(r.partitionKey, [...(byKey.get(r.partitionKey) ?? []), seqOf(r)]);
    for (const seqs of byKey.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(read.every((r) => r.arrivalTime > 0)).toBe(true);
  });

  it('retries throttled calls and only the failed subset of partial failures until every record is written', async () => {
    const streamName = await newStream();
    const records = mixedRecords();
    const attemptsBySeq = new Map<number, number>();
    const { sender, log } = faultyKinesis(client, (call, batch) => {
      if (call === 0 || call === 3) return { throttleCall: true };
      const failPositions = new Set<number>();
      batch.forEach((r, i) => {
        const seq = (JSON.parse(new TextDecoder().decode(r.Data)) as { seq: number }).seq;
        const n = (attemptsBySeq.get(seq) ?? 0) + 1;
        attemptsBySeq.set(seq, n);
        // Every 9th record fails twice, every 31st three times (ErrorCode InternalFailure on its 2nd try).
        if ((seq % 9 === 0 && n <= 2) || (seq % 31 === 0 && n <= 3)) failPositions.add(i);
      });
      return { failPositions, errorCode: call % 2 === 0 ? 'ProvisionedThroughputExceededException' : 'InternalFailure' };
    });
    const delays: number[] = [];
    const writer = new KinesisRecordWriter({
      client: sender, streamName, retry: { sleep: async (ms) => void delays.push(ms), random: () => 0.999, baseDelayMs: 100, maxDelayMs: 1_000 },
    });
    await writer.putRecords(records);

    expect(log.throttledCalls).toBe(2);
    expect(log.failedEntries).toBeGreaterThan(100);
    // Retries carry only what failed: the throttled calls' records plus the failed entries, nothing more.
    const sent = log.putCalls.reduce((n, c) => n + c.records, 0);
    expect(sent).toBe(1200 + log.throttledRecords + log.failedEntries);
    // Full jitter: each delay below its exponential cap, the cap bounded by maxDelayMs.
    delays.forEach((d, i) => expect(d).toBeLessThan(Math.min(1_000, 100 * 2 ** i)));
    expect(delays.length).toBeGreaterThanOrEqual(3);

    const read = await readAll(client, streamName);
    expectExactlyOnce(read, records.keys());
    expectShardOrder(read);
  });

  it('names exactly the records still failing after the last attempt, and writes all the others once', async () => {
    const streamName = await newStream();
    const records = mixedRecords(300);
    const doomed = new Set([4, 150, 299]);
    const { sender } = faultyKinesis(client, (_call, batch) => ({
      failPositions: new Set(batch.flatMap((r, i) => (doomed.has((JSON.parse(new TextDecoder().decode(r.Data)) as { seq: number }).seq) ? [i] : []))),
    }));
    const error = await new KinesisRecordWriter({ client: sender, streamName, retry: { ...noSleep, maxAttempts: 4 } })
      .putRecords(records)
      .catch((e: unknown) => e);
    expect(isSurvError(error)).toBe(true);
    expect((error as AwsAdapterError).code).toBe('KINESIS_PUT_INCOMPLETE');
    expect((error as AwsAdapterError).details.failedRecords?.map((f) => f.index)).toEqual([4, 150, 299]);
    expect((error as AwsAdapterError).details.failedRecords?.[0]?.errorCode).toBe('ProvisionedThroughputExceededException');

    const read = await readAll(client, streamName);
    expectExactlyOnce(read, [...records.keys()].filter((i) => !doomed.has(i)));
  });

  it('refuses a batch holding a record over 1 MiB before writing anything', async () => {
    const streamName = await newStream(1);
    const records = mixedRecords(20);
    records.splice(5, 0, { partitionKey: 'BIG', data: new Uint8Array(1024 * 1024) });
    const error = await new KinesisRecordWriter({ client, streamName, retry: noSleep }).putRecords(records).catch((e: unknown) => e);
    expect((error as AwsAdapterError).code).toBe('KINESIS_RECORD_TOO_LARGE');
    expect((error as AwsAdapterError).details.failedRecords?.map((f) => f.index)).toEqual([5]);
    expect(await readAll(client, streamName)).toEqual([]);
  });

  describe('pollShards', () => {
    let streamName: string;
    const total = 400;
    beforeAll(async () => {
      streamName = await newStream();
      const records = Array.from({ length: total }, (_, seq) => ({
        partitionKey: SYMBOLS[seq % SYMBOLS.length] as string, data: new TextEncoder().encode(JSON.stringify({ seq })),
      }));
      await new KinesisRecordWriter({ client, streamName }).putRecords(records);
    });

    it('re-delivers from the first failed record of a batchItemFailures response (Lambda semantics)', async () => {
      const processed: number[] = [];
      const deliveries = new Map<number, number>();
      const failOnce = new Set([17, 230, 231, 399]);
      const summary = await pollShards({
        client, streamName, batchSize: 50, retry: noSleep,
        handler: (records) => {
          const failures: { itemIdentifier: string }[] = [];
          for (const r of records) {
            const seq = seqOf(r);
            deliveries.set(seq, (deliveries.get(seq) ?? 0) + 1);
            if (failures.length > 0) continue; // a failed record stops the rest, as a sequential handler would
            if (failOnce.has(seq) && deliveries.get(seq) === 1) failures.push({ itemIdentifier: r.sequenceNumber });
            else processed.push(seq);
          }
          return { batchItemFailures: failures };
        },
      });
      expect([...processed].sort((a, b) => a - b)).toEqual([...Array(total).keys()]);
      expect(summary.redeliveries).toBeGreaterThanOrEqual(3);
      for (const seq of failOnce) expect(deliveries.get(seq)).toBe(2);
      expect(deliveries.get(0)).toBe(1); // records before a failure are never re-delivered
      expect(summary.checkpoints.size).toBe(2);
    });

    it('retries a batch whose handler throws, then resumes after the checkpoints with nothing left', async () => {
      let thrown = 0;
      const seen: number[] = [];
      const checkpoints = new Map<string, string>();
      await pollShards({
        client, streamName, batchSize: 64, checkpoints, retry: noSleep,
        handler: (records) => {
          if (thrown < 2 && records.some((r) => seqOf(r) === 100)) {
            thrown++;
            throw new Error('downstream unavailable');
          }
          seen.push(...records.map(seqOf));
        },
      });
      expect(thrown).toBe(2);
      expect(seen.sort((a, b) => a - b)).toEqual([...Array(total).keys()]);
      const again = await pollShards({ client, streamName, checkpoints, handler: () => { throw new Error('must not be called'); } });
      expect(again.recordsDelivered).toBe(0);
    });

    it('stops with KINESIS_POLL_FAILED after maxBatchAttempts, the checkpoint just before the poison record', async () => {
      const checkpoints = new Map<string, string>();
      let poison: ConsumedRecord | undefined;
      let before: ConsumedRecord | undefined;
      const error = await pollShards({
        client, streamName, batchSize: 500, checkpoints, maxBatchAttempts: 3, retry: noSleep,
        handler: (records) => {
          const i = records.findIndex((r) => seqOf(r) === 123);
          if (i < 0) return;
          if (poison === undefined) {
            poison = records[i];
            before = records[i - 1];
          }
          return { batchItemFailures: [{ itemIdentifier: records[i]!.sequenceNumber }] };
        },
      }).catch((e: unknown) => e);
      expect((error as AwsAdapterError).code).toBe('KINESIS_POLL_FAILED');
      expect(checkpoints.get(poison!.shardId)).toBe(before!.sequenceNumber);
    });

    it('rides out throttled GetRecords calls and expired iterators', async () => {
      const { sender, log } = faultyKinesis(client, () => ({}), { throttleGetRecords: 3, expireIterators: 2 });
      const read = await readAll(sender, streamName);
      expect(log.getRecordsThrottles).toBe(3);
      expect(log.expiredIterators).toBe(2);
      expectExactlyOnce(read, Array(total).keys());
    });
  });

  it('delivers a split parent shard completely before its children, so each key stays in order', async () => {
    const streamName = await newStream(1);
    const encode = (seq: number) => ({ partitionKey: SYMBOLS[seq % SYMBOLS.length] as string, data: new TextEncoder().encode(JSON.stringify({ seq })) });
    const writer = new KinesisRecordWriter({ client, streamName });
    await writer.putRecords(Array.from({ length: 120 }, (_, seq) => encode(seq)));
    await client.send(new SplitShardCommand({ StreamName: streamName, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728' }));
    for (let i = 0; i < 200; i++) {
      const s = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
      if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await writer.putRecords(Array.from({ length: 120 }, (_, seq) => encode(120 + seq)));
    const delivered: ConsumedRecord[] = [];
    await pollShards({
      client, streamName, batchSize: 10,
      handler: async (records, { shardId }) => {
        // A slow parent would let unordered children overtake it.
        if (shardId === 'shardId-000000000000') await new Promise((r) => setTimeout(r, 3));
        delivered.push(...records);
      },
    });
    expectExactlyOnce(delivered, Array(240).keys());
    expect(new Set(delivered.map((r) => r.shardId)).size).toBe(3);
    const byKey = new Map<string, number[]>();
    for (const r of delivered) byKey.set(r.partitionKey, [...(byKey.get(r.partitionKey) ?? []), seqOf(r)]);
    for (const seqs of byKey.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('follows the stream until aborted, picking up records written while it polls', async () => {
    const streamName = await newStream();
    const writer = new KinesisRecordWriter({ client, streamName });
    const batch = (from: number) => Array.from({ length: 50 }, (_, i) => ({ partitionKey: `k${i % 5}`, data: new TextEncoder().encode(JSON.stringify({ seq: from + i })) }));
    await writer.putRecords(batch(0));
    const controller = new AbortController();
    const seen: ConsumedRecord[] = [];
    let wroteMore = false;
    const summary = await pollShards({
      client, streamName, stopWhenCaughtUp: false, signal: controller.signal, idleDelayMs: 10,
      handler: async (records) => {
        seen.push(...records);
        if (seen.length >= 50 && !wroteMore) {
          wroteMore = true;
          await writer.putRecords(batch(50));
        }
        if (seen.length >= 100) controller.abort();
      },
    });
    expectExactlyOnce(seen, Array(100).keys());
    expect(summary.recordsDelivered).toBe(100);
  });
});
