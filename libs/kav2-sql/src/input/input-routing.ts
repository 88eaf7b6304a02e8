import { createHash } from 'node:crypto';
import { SqlError } from '../errors';

/** Where a pushed record came from on the streaming source: its shard, or the partition key it was written with. */
export interface RecordOrigin {
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
export const inputStreamIndex = (count: number, origin: RecordOrigin | undefined): number => {
  const shard = origin?.shard;
  const key = origin?.partitionKey;
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
