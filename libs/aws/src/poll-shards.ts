import {
  GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type Shard, type ShardIteratorType,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { SILENT_LOGGER, type Logger } from '@surv/domain';
import type { ConsumedRecord } from '@surv/pipeline';
import { AwsAdapterError, describeError } from './errors';
import { backoffDelay, isRetryableError, resolveRetry, type ResolvedRetry, type RetryOptions } from './retry-policy';

/** What a batch handler returns: Lambda's partial batch response for Kinesis event sources. */
export interface BatchResponse {
  /** Sequence numbers of failed records; delivery resumes from the lowest one. Empty or absent: all done. */
  readonly batchItemFailures?: readonly { readonly itemIdentifier: string }[];
}

/** Processes one batch of one shard, in shard order. Throwing fails the whole batch. */
export type ShardBatchHandler = (
  records: readonly ConsumedRecord[], context: { readonly shardId: string; readonly attempt: number },
) => Promise<BatchResponse | void> | BatchResponse | void;

export interface PollShardsOptions {
  /** The part of a Kinesis client used; a `KinesisClient` fits. */
  readonly client: Pick<KinesisClient, 'send'>;
  readonly streamName: string;
  /** Records per batch (GetRecords `Limit`), 1..10000. @default 100 */
  readonly batchSize?: number;
  readonly handler: ShardBatchHandler;
  /**
   * Last processed sequence number per shard id. Polling resumes after these and updates the map in
   * place as batches succeed, so a caller can persist and pass it back. @default a new empty map
   */
  readonly checkpoints?: Map<string, string>;
  /** Where shards without a checkpoint start. @default 'TRIM_HORIZON' */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** Stop once every shard is caught up (an empty read at the tip). `false`: poll until `signal` aborts. @default true */
  readonly stopWhenCaughtUp?: boolean;
  /** Stops polling (after the batch in flight) when aborted. @default none */
  readonly signal?: AbortSignal;
  /** Wait after an empty read before polling that shard again, ms. @default 250 */
  readonly idleDelayMs?: number;
  /** Deliveries of one batch (first included) before polling stops with `KINESIS_POLL_FAILED`. @default 3 */
  readonly maxBatchAttempts?: number;
  /** Retries of throttled or failed Kinesis calls (also supplies `sleep` for waits). @default DEFAULT_RETRY */
  readonly retry?: RetryOptions;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
}

/** What a polling run did. */
export interface PollSummary {
  /** Records handed to the handler, re-deliveries included. */
  readonly recordsDelivered: number;
  /** Handler calls. */
  readonly batches: number;
  /** Batches (or their tails) delivered again after a failure. */
  readonly redeliveries: number;
  /** Final checkpoint per shard (the map passed in, if any). */
  readonly checkpoints: Map<string, string>;
}

interface Resolved {
  readonly batchSize: number;
  readonly maxBatchAttempts: number;
  readonly idleDelayMs: number;
  readonly retry: ResolvedRetry;
}

/**
 * Reads every shard of a stream the way a Lambda event source mapping does: batches in shard order,
 * a checkpoint per shard after each successful batch, a failed batch delivered again (from the first
 * failed record when the handler reports `batchItemFailures`), child shards after their parents.
 * Shards are polled concurrently; records of one shard are never handed over concurrently.
 */
export const pollShards = async (options: PollShardsOptions): Promise<PollSummary> => {
  const resolved = resolveOptions(options);
  const logger = options.logger ?? SILENT_LOGGER;
  const checkpoints = options.checkpoints ?? new Map<string, string>();
  const counters = { recordsDelivered: 0, batches: 0, redeliveries: 0 };
  const shards = await listAllShards(options, resolved.retry);
  const done = new Map<string, Promise<void>>();
  const shardIds = new Set(shards.map((s) => s.ShardId as string));
  // One failing shard stops the others too, so a follow-mode poll cannot hang on the survivors.
  let failed = false;
  const stopped = () => failed || options.signal?.aborted === true;
  const run = async (shard: Shard): Promise<void> => {
    await Promise.resolve(); // let every shard register its promise before any child looks up a parent
    const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter((p): p is string => p !== undefined && shardIds.has(p));
    // A child's records come after its parents' records: finish the parents first.
    await Promise.all(parents.map((p) => done.get(p)));
    try {
      await pollShard(options, resolved, logger, shard.ShardId as string, checkpoints, counters, stopped);
    } catch (e) {
      failed = true;
      throw e;
    }
  };
  for (const shard of shards) done.set(shard.ShardId as string, run(shard));
  const results = await Promise.allSettled(done.values());
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return { ...counters, checkpoints };
};

const resolveOptions = (o: PollShardsOptions): Resolved => {
  const batchSize = o.batchSize ?? 100;
  const maxBatchAttempts = o.maxBatchAttempts ?? 3;
  const idleDelayMs = o.idleDelayMs ?? 250;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new AwsAdapterError('AWS_INVALID_OPTIONS', `batchSize must be an integer 1..10000, got ${batchSize}`);
  }
  if (!Number.isInteger(maxBatchAttempts) || maxBatchAttempts < 1) {
    throw new AwsAdapterError('AWS_INVALID_OPTIONS', `maxBatchAttempts must be an integer >= 1, got ${maxBatchAttempts}`);
  }
  if (!(idleDelayMs >= 0)) throw new AwsAdapterError('AWS_INVALID_OPTIONS', `idleDelayMs must be >= 0, got ${idleDelayMs}`);
  return { batchSize, maxBatchAttempts, idleDelayMs, retry: resolveRetry(o.retry, 'pollShards.retry') };
};

/** Runs a Kinesis call, retrying throttling and transient faults with backoff. */
const withRetry = async <T>(what: string, retry: ResolvedRetry, call: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isRetryableError(e) || attempt >= retry.maxAttempts) {
        const { errorCode, errorMessage } = describeError(e);
        throw new AwsAdapterError('KINESIS_POLL_FAILED', `${what} failed after ${attempt} attempt(s): ${errorCode}: ${errorMessage}`, { cause: e });
      }
      await retry.sleep(backoffDelay(attempt, retry));
    }
  }
};

const listAllShards = async (o: PollShardsOptions, retry: ResolvedRetry): Promise<Shard[]> => {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetry(`ListShards of '${o.streamName}'`, retry, () =>
      o.client.send(new ListShardsCommand(nextToken !== undefined ? { NextToken: nextToken } : { StreamName: o.streamName })),
    );
    shards.push(...(page.Shards ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return shards;
};

const toConsumed = (shardId: string, r: _Record): ConsumedRecord => ({
  shardId,
  sequenceNumber: r.SequenceNumber as string,
  partitionKey: r.PartitionKey as string,
  arrivalTime: r.ApproximateArrivalTimestamp?.getTime() ?? 0,
  data: r.Data ?? new Uint8Array(0),
});

/** Compares Kinesis sequence numbers (decimal strings of up to 128 digits). */
const compareSequence = (a: string, b: string): number => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);

const pollShard = async (
  o: PollShardsOptions, r: Resolved, logger: Logger, shardId: string, checkpoints: Map<string, string>,
  counters: { recordsDelivered: number; batches: number; redeliveries: number }, stopped: () => boolean,
): Promise<void> => {
  const iteratorAt = async (type: ShardIteratorType, sequence?: string): Promise<string | undefined> => {
    const res = await withRetry(`GetShardIterator ${type} of ${shardId}`, r.retry, () =>
      o.client.send(new GetShardIteratorCommand({
        StreamName: o.streamName, ShardId: shardId, ShardIteratorType: type,
        ...(sequence !== undefined ? { StartingSequenceNumber: sequence } : {}),
      })),
    );
    return res.ShardIterator;
  };
  const resume = (): Promise<string | undefined> => {
    const checkpoint = checkpoints.get(shardId);
    return checkpoint !== undefined ? iteratorAt('AFTER_SEQUENCE_NUMBER', checkpoint) : iteratorAt(o.startingPosition ?? 'TRIM_HORIZON');
  };
  let iterator = await resume();
  let attempt = 1;
  while (iterator !== undefined && !stopped()) {
    let page;
    try {
      const current = iterator;
      page = await withRetry(`GetRecords of ${shardId}`, r.retry, () =>
        o.client.send(new GetRecordsCommand({ ShardIterator: current, Limit: r.batchSize })),
      );
    } catch (e) {
      // Iterators expire after 5 minutes (a slow handler, a long idle wait): take a new one at the checkpoint.
      if (e instanceof AwsAdapterError && (e.cause as { name?: string } | undefined)?.name === 'ExpiredIteratorException') {
        iterator = await resume();
        continue;
      }
      throw e;
    }
    const records = (page.Records ?? []).map((rec) => toConsumed(shardId, rec));
    if (records.length === 0) {
      if (page.NextShardIterator === undefined || page.NextShardIterator === null) return; // closed shard, fully read
      if ((page.MillisBehindLatest ?? 0) === 0 && (o.stopWhenCaughtUp ?? true)) return;
      iterator = page.NextShardIterator;
      if ((page.MillisBehindLatest ?? 0) === 0) await r.retry.sleep(r.idleDelayMs);
      continue;
    }
    counters.batches += 1;
    counters.recordsDelivered += records.length;
    const { firstFailed, error } = await deliver(o, shardId, records, attempt);
    if (firstFailed === undefined) {
      checkpoints.set(shardId, (records[records.length - 1] as ConsumedRecord).sequenceNumber);
      iterator = page.NextShardIterator ?? undefined;
      attempt = 1;
      continue;
    }
    // Lambda semantics: everything before the first failure is done; deliver again from the failed record.
    const failedAt = records.findIndex((rec) => rec.sequenceNumber === firstFailed);
    if (failedAt > 0) checkpoints.set(shardId, (records[failedAt - 1] as ConsumedRecord).sequenceNumber);
    if (attempt >= r.maxBatchAttempts) {
      throw new AwsAdapterError(
        'KINESIS_POLL_FAILED',
        `${shardId}: batch failed ${attempt} times from sequence ${firstFailed}; checkpoint left at ${checkpoints.get(shardId) ?? 'none'}`,
        { cause: error },
      );
    }
    logger.warn('kinesis batch redelivery', { shardId, attempt, fromSequence: firstFailed, ...(error !== undefined ? describeError(error) : {}) });
    counters.redeliveries += 1;
    await r.retry.sleep(backoffDelay(attempt, r.retry));
    attempt += 1;
    iterator = await iteratorAt('AT_SEQUENCE_NUMBER', firstFailed);
  }
};

/** Calls the handler; returns the sequence number to deliver again from, or undefined when all succeeded. */
const deliver = async (
  o: PollShardsOptions, shardId: string, records: readonly ConsumedRecord[], attempt: number,
): Promise<{ firstFailed?: string; error?: unknown }> => {
  const first = (records[0] as ConsumedRecord).sequenceNumber;
  let response: BatchResponse | void;
  try {
    response = await o.handler(records, { shardId, attempt });
  } catch (error) {
    return { firstFailed: first, error };
  }
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return {};
  const known = new Set(records.map((rec) => rec.sequenceNumber));
  const ids = failures.map((f) => f.itemIdentifier);
  // An identifier outside the batch cannot be located: Lambda then retries the whole batch.
  if (ids.some((id) => !known.has(id))) return { firstFailed: first };
  return { firstFailed: ids.reduce((min, id) => (compareSequence(id, min) < 0 ? id : min)) };
};
