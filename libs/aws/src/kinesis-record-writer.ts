import { PutRecordsCommand, type KinesisClient, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { SILENT_LOGGER, type Logger } from '@surv/domain';
import type { RecordWriter, StreamRecord } from '@surv/pipeline';
import { AwsAdapterError, describeError, type FailedStreamRecord } from './errors';
import { KINESIS_LIMITS } from './kinesis-limits';
import { planBatches } from './plan-batches';
import { backoffDelay, isRetryableError, resolveRetry, type ResolvedRetry, type RetryOptions } from './retry-policy';

/** The part of a Kinesis client the writer uses; a `KinesisClient` fits. */
export type KinesisSender = Pick<KinesisClient, 'send'>;

export interface KinesisRecordWriterOptions {
  /** The client, built with `awsClientConfig({ service: 'kinesis' })` (HTTP/1.1 handler). */
  readonly client: KinesisSender;
  /** Stream name; give this or `streamArn`. */
  readonly streamName?: string;
  /** Stream ARN; give this or `streamName`. */
  readonly streamArn?: string;
  /** Retries of failed records and throttled calls. @default DEFAULT_RETRY (8 attempts, 100 ms base, 5 s cap) */
  readonly retry?: RetryOptions;
  /** Records per PutRecords call, at most 500. @default 500 */
  readonly maxRecordsPerCall?: number;
  /** Bytes (data + partition keys) per call, at most 5 MiB. @default 5 MiB */
  readonly maxBytesPerCall?: number;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
}

const encoder = new TextEncoder();
const utf8Length = (s: string): number => encoder.encode(s).length;

/** Error codes Kinesis reports per record that are worth another attempt. */
const isRetryableRecordCode = (code: string): boolean => isRetryableError({ name: code });

/**
 * `RecordWriter` on Kinesis Data Streams. Splits into PutRecords calls within the service limits, retries
 * only the records a partial failure names (and whole throttled calls) with full-jitter exponential
 * backoff, and throws `KINESIS_PUT_INCOMPLETE` listing exactly the records that were not written.
 *
 * Ordering: within one call Kinesis keeps the order of a partition key, but a retried record lands after
 * records of the same key that succeeded first. Consumers must not rely on order across a retry.
 */
export class KinesisRecordWriter implements RecordWriter {
  private readonly client: KinesisSender;
  private readonly target: { StreamName?: string; StreamARN?: string };
  private readonly retry: ResolvedRetry;
  private readonly maxRecordsPerCall: number;
  private readonly maxBytesPerCall: number;
  private readonly logger: Logger;

  constructor(options: KinesisRecordWriterOptions) {
    if ((options.streamName === undefined) === (options.streamArn === undefined)) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', 'KinesisRecordWriter needs exactly one of streamName and streamArn');
    }
    this.client = options.client;
    this.target = options.streamName !== undefined ? { StreamName: options.streamName } : { StreamARN: options.streamArn };
    this.retry = resolveRetry(options.retry, 'KinesisRecordWriter.retry');
    this.maxRecordsPerCall = options.maxRecordsPerCall ?? KINESIS_LIMITS.maxRecordsPerCall;
    this.maxBytesPerCall = options.maxBytesPerCall ?? KINESIS_LIMITS.maxBytesPerCall;
    if (!Number.isInteger(this.maxRecordsPerCall) || this.maxRecordsPerCall < 1 || this.maxRecordsPerCall > KINESIS_LIMITS.maxRecordsPerCall) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `maxRecordsPerCall must be 1..500, got ${this.maxRecordsPerCall}`);
    }
    if (!(this.maxBytesPerCall >= KINESIS_LIMITS.maxRecordBytes && this.maxBytesPerCall <= KINESIS_LIMITS.maxBytesPerCall)) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `maxBytesPerCall must be 1 MiB..5 MiB, got ${this.maxBytesPerCall}`);
    }
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  async putRecords(records: readonly StreamRecord[]): Promise<void> {
    const sizes = checkRecords(records);
    let pending = records.map((_, index) => index);
    const failed = new Map<number, FailedStreamRecord>();
    for (let attempt = 1; pending.length > 0 && attempt <= this.retry.maxAttempts; attempt++) {
      if (attempt > 1) {
        const delay = backoffDelay(attempt - 1, this.retry);
        this.logger.warn('kinesis put retry', { attempt, records: pending.length, delayMs: delay });
        await this.retry.sleep(delay);
      }
      const retryNext: number[] = [];
      const batches = planBatches(pending.map((i) => sizes[i] as number), {
        maxRecordsPerCall: this.maxRecordsPerCall,
        maxBytesPerCall: this.maxBytesPerCall,
      });
      for (const batch of batches) {
        const indices = batch.map((b) => pending[b] as number);
        await this.sendBatch(records, indices, failed, retryNext);
      }
      pending = retryNext.sort((a, b) => a - b);
    }
    if (failed.size > 0) {
      const failedRecords = [...failed.values()].sort((a, b) => a.index - b.index);
      const codes = [...new Set(failedRecords.map((f) => f.errorCode))].join(', ');
      throw new AwsAdapterError(
        'KINESIS_PUT_INCOMPLETE',
        `${failedRecords.length} of ${records.length} records were not written to ${this.streamLabel()} (${codes})`,
        { details: { failedRecords } },
      );
    }
  }

  /** Sends one call; records that may succeed later go to `retryNext`, the others are final in `failed`. */
  private async sendBatch(
    records: readonly StreamRecord[], indices: readonly number[], failed: Map<number, FailedStreamRecord>, retryNext: number[],
  ): Promise<void> {
    const entries: PutRecordsRequestEntry[] = indices.map((i) => {
      const r = records[i] as StreamRecord;
      return { Data: r.data, PartitionKey: r.partitionKey };
    });
    const mark = (i: number, errorCode: string, errorMessage: string, retryable: boolean) => {
      failed.set(i, { index: i, partitionKey: (records[i] as StreamRecord).partitionKey, errorCode, errorMessage });
      if (retryable) retryNext.push(i);
    };
    let response;
    try {
      response = await this.client.send(new PutRecordsCommand({ ...this.target, Records: entries }));
    } catch (e) {
      const { errorCode, errorMessage } = describeError(e);
      const retryable = isRetryableError(e);
      this.logger.warn('kinesis put call failed', { errorCode, records: indices.length, retryable });
      for (const i of indices) mark(i, errorCode, errorMessage, retryable);
      return;
    }
    const results = response.Records ?? [];
    indices.forEach((i, pos) => {
      const result = results[pos];
      if (result === undefined) {
        // A response shorter than the request cannot say the record was stored: send it again.
        mark(i, 'MissingResult', `PutRecords returned ${results.length} results for ${indices.length} records`, true);
      } else if (result.ErrorCode !== undefined && result.ErrorCode !== null && result.ErrorCode !== '') {
        mark(i, result.ErrorCode, result.ErrorMessage ?? '', isRetryableRecordCode(result.ErrorCode));
      } else {
        failed.delete(i);
      }
    });
  }

  private streamLabel(): string {
    return this.target.StreamName !== undefined ? `stream '${this.target.StreamName}'` : `stream ${this.target.StreamARN}`;
  }
}

/**
 * Validates every record before anything is sent and returns their billed sizes (data + partition key).
 * Refuses the whole call, naming every offending record, so a caller never gets a half-written batch
 * because of a record that could never be written.
 */
const checkRecords = (records: readonly StreamRecord[]): number[] => {
  const problems: FailedStreamRecord[] = [];
  const sizes = records.map((r, index) => {
    const keyChars = [...r.partitionKey].length;
    if (keyChars < 1 || keyChars > KINESIS_LIMITS.maxPartitionKeyChars) {
      problems.push({ index, partitionKey: r.partitionKey, errorCode: 'InvalidPartitionKey', errorMessage: `partition key has ${keyChars} characters, allowed 1..256` });
    }
    const size = r.data.length + utf8Length(r.partitionKey);
    if (size > KINESIS_LIMITS.maxRecordBytes) {
      problems.push({ index, partitionKey: r.partitionKey, errorCode: 'RecordTooLarge', errorMessage: `${size} bytes with its partition key, above the 1 MiB limit` });
    }
    return size;
  });
  if (problems.length > 0) {
    const tooLarge = problems.every((p) => p.errorCode === 'RecordTooLarge');
    const first = problems[0] as FailedStreamRecord;
    throw new AwsAdapterError(
      tooLarge ? 'KINESIS_RECORD_TOO_LARGE' : 'KINESIS_RECORD_INVALID',
      `${problems.length} record(s) refused before sending, nothing was written; first: record ${first.index}: ${first.errorMessage}`,
      { details: { failedRecords: problems } },
    );
  }
  return sizes;
};
