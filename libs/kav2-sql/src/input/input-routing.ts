import { createHash } from 'node:crypto';
import { SqlError } from '../errors';

/** What routes a pushed record to one of several input streams: the source shard it came from, or its partition key. */
export interface RecordRouting {
  /** Index (from 0) of the source shard the record was read from. */
  readonly shard?: number;
  /** The record's Kinesis partition key. */
  readonly partitionKey?: string;
}

const HASH_BITS = 128n;

/**
 * Which of `count` in-application input streams receives a record. KDA splits the source's shards
 * evenly among them (Developer Guide, Parallelizing Input Streams): shard `s` feeds stream
 * `s mod count`. A record known only by its partition key goes where Kinesis would put it in a
 * stream of `count` evenly split shards: by the MD5 hash of the key, read as a 128-bit number.
 * A record with neither goes to the first stream, as a single-shard source's would.
 */
export const inputStreamIndex = (count: number, routing: RecordRouting | undefined): number => {
  const shard = routing?.shard;
  const key = routing?.partitionKey;
  if (shard !== undefined) {
    if (!Number.isSafeInteger(shard) || shard < 0) throw new SqlError('KAV2_INVALID_ARGUMENT', `shard must be an integer from 0, got ${JSON.stringify(shard)}`);
    return shard % count;
  }
  if (key !== undefined) {
    if (typeof key !== 'string' || key === '') throw new SqlError('KAV2_INVALID_ARGUMENT', `partitionKey must be a non-empty string, got ${JSON.stringify(key)}`);
    if (count === 1) return 0;
    const hash = BigInt(`0x${createHash('md5').update(key, 'utf8').digest('hex')}`);
    return Number((hash * BigInt(count)) >> HASH_BITS);
  }
  return 0;
};
