import { createHash } from 'node:crypto';
import type { ConsumedRecord, RecordWriter, StreamRecord } from '@surv/pipeline';
import { LocalRuntimeError } from './errors';

export interface InProcessStreamOptions {
  /** Number of shards; hash ranges split evenly like a new Kinesis stream. @default 2 */
  readonly shards?: number;
  /** Arrival time (Kinesis ApproximateArrivalTimestamp, epoch ms) of the `index`-th record of a put. @default Date.now */
  readonly clock?: (record: StreamRecord, index: number) => number;
}

/** A shard's id and its hash key range (inclusive), as Kinesis ListShards reports them. */
export interface ShardInfo {
  readonly shardId: string;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
}

const HASH_SPACE = 1n << 128n;
const SEQ_WIDTH = 20;

/** Kinesis shard id format: `shardId-000000000000`. */
export const shardIdOf = (index: number): string => `shardId-${String(index).padStart(12, '0')}`;

/** The 128-bit hash key Kinesis derives from a partition key: MD5 of its UTF-8 bytes, big-endian. */
export const partitionHashKey = (partitionKey: string): bigint => BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);

/** Evenly split hash ranges for `n` shards, as Kinesis creates them. */
export const evenShardRanges = (n: number): ShardInfo[] =>
  Array.from({ length: n }, (_, i) => ({
    shardId: shardIdOf(i),
    startingHashKey: (HASH_SPACE * BigInt(i)) / BigInt(n),
    endingHashKey: (HASH_SPACE * BigInt(i + 1)) / BigInt(n) - 1n,
  }));

interface Shard {
  readonly info: ShardInfo;
  records: ConsumedRecord[];
  seqs: number[];
}

/**
 * An in-process sharded stream with Kinesis semantics: records route to the shard whose hash
 * range holds MD5(partition key); each shard keeps order; sequence numbers are numeric strings
 * (fixed width, so string order is numeric order) that only grow; any number of consumers read
 * independently from their own checkpoint with `getRecords`. `trim` drops records every consumer
 * has passed (the retention period), keeping memory bounded.
 */
export class InProcessStream implements RecordWriter {
  private readonly shards: Shard[];
  private readonly clock: (record: StreamRecord, index: number) => number;
  private nextSeq = 1;

  constructor(options: InProcessStreamOptions = {}) {
    const n = options.shards ?? 2;
    if (!Number.isInteger(n) || n < 1 || n > 1024) throw new LocalRuntimeError('LOCAL_INVALID_OPTIONS', `shards must be an integer in 1..1024, got ${n}`);
    this.shards = evenShardRanges(n).map((info) => ({ info, records: [], seqs: [] }));
    this.clock = options.clock ?? (() => Date.now());
  }

  /** The sequence number the next record put will get (as a number); a put numbers its records in order. */
  get nextSequenceNumber(): number {
    return this.nextSeq;
  }

  /** The shards and their hash ranges. */
  listShards(): ShardInfo[] {
    return this.shards.map((s) => s.info);
  }

  /** The shard a partition key routes to. */
  shardFor(partitionKey: string): string {
    return this.route(partitionKey).info.shardId;
  }

  async putRecords(records: readonly StreamRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i++) this.put(records[i]!, i);
  }

  /** Synchronous `putRecords`, returning where each record went. */
  append(records: readonly StreamRecord[]): { shardId: string; sequenceNumber: string }[] {
    const out: { shardId: string; sequenceNumber: string }[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) out[i] = this.put(records[i]!, i);
    return out;
  }

  private put(r: StreamRecord, index: number): ConsumedRecord {
    const shard = this.route(r.partitionKey);
    const seq = this.nextSeq++;
    const record: ConsumedRecord = {
      shardId: shard.info.shardId, sequenceNumber: String(seq).padStart(SEQ_WIDTH, '0'), partitionKey: r.partitionKey, arrivalTime: this.clock(r, index), data: r.data,
    };
    shard.records.push(record);
    shard.seqs.push(seq);
    return record;
  }

  /**
   * Up to `limit` records of a shard after `afterSequence` (exclusive; `undefined` = from the
   * oldest retained record), in order.
   */
  getRecords(shardId: string, afterSequence: string | undefined, limit = 10_000): ConsumedRecord[] {
    const shard = this.shard(shardId);
    const start = afterSequence === undefined ? 0 : this.upperBound(shard.seqs, Number(afterSequence));
    return shard.records.slice(start, start + limit);
  }

  /** Drops a shard's records up to and including `upToSequence` (every consumer has passed them). */
  trim(shardId: string, upToSequence: string): void {
    const shard = this.shard(shardId);
    const n = this.upperBound(shard.seqs, Number(upToSequence));
    if (n > 0) {
      shard.records = shard.records.slice(n);
      shard.seqs = shard.seqs.slice(n);
    }
  }

  /** Records currently retained in a shard. */
  size(shardId: string): number {
    return this.shard(shardId).records.length;
  }

  private shard(shardId: string): Shard {
    const s = this.shards.find((x) => x.info.shardId === shardId);
    if (!s) throw new LocalRuntimeError('LOCAL_UNKNOWN_SHARD', `no shard '${shardId}'; shards are ${this.shards.map((x) => x.info.shardId).join(', ')}`);
    return s;
  }

  // Partition keys (symbols) repeat endlessly; MD5 per record was a tenth of the put path.
  private readonly routes = new Map<string, Shard>();

  private route(partitionKey: string): Shard {
    let shard = this.routes.get(partitionKey);
    if (shard === undefined) {
      const h = partitionHashKey(partitionKey);
      shard = this.shards.find((s) => h >= s.info.startingHashKey && h <= s.info.endingHashKey) ?? this.shards[this.shards.length - 1]!;
      if (this.routes.size >= 100_000) this.routes.clear();
      this.routes.set(partitionKey, shard);
    }
    return shard;
  }

  /** Index of the first element greater than `v`. */
  private upperBound(arr: readonly number[], v: number): number {
    let lo = 0, hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (arr[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
