import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { parseKinesisEvent, toConsumedRecord } from '@surv/aws';
import { enrichRecords, RecentIds, type ObjectStore, type RecordOutcome } from '@surv/pipeline';
import type { EnricherEnv } from './env';
import { EnricherError } from './errors';
import { clientTracing, lakeObjectStore, toLoggerPort } from '@surv/aws/lambda';

/** What the handler is wired to; tests pass their own store or endpoints. */
export interface EnricherHandlerDeps {
  readonly env: EnricherEnv;
  /** The process environment, for `AWS_REGION` and `AWS_ENDPOINT_URL(_S3)`. @default {} */
  readonly awsEnv?: Readonly<Record<string, string | undefined>>;
  /** The lake. @default S3ObjectStore on `env.LAKE_BUCKET` with SSE-KMS `env.KMS_KEY_ID` */
  readonly store?: ObjectStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Traces the SDK clients it builds (X-Ray subsegments per call). @default none */
  readonly tracer?: Tracer;
}

/** Lambda's partial batch response. */
export interface BatchResponse {
  readonly batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The enricher Lambda: Kinesis batch -> `enrichRecords` (curated Parquet + quarantine) -> a partial batch
 * response naming only the records whose object could not be written. Quarantined and duplicate records
 * are done (their outcome is stored or deliberate), so they are never retried.
 */
export const createEnricherHandler = (deps: EnricherHandlerDeps): ((event: unknown) => Promise<BatchResponse>) => {
  const { env, logger, metrics } = deps;
  const trace = clientTracing(deps.tracer);
  const store = deps.store ?? lakeObjectStore(env, deps.awsEnv ?? {}, trace);
  // One set per warm container: a redelivered batch (retry after a partial failure) is not written twice.
  const recentIds = new RecentIds(env.RECENT_IDS_CAPACITY);
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  const port = toLoggerPort(logger);

  return async (event) => {
    const kinesisEvent = parseKinesisEvent(event);
    const result = await enrichRecords(kinesisEvent.Records.map(toConsumedRecord), { store, recentIds, logger: port });
    const failed = new Map<string, RecordOutcome>(result.outcomes.filter((o) => o.status === 'failed').map((o) => [o.sequenceNumber, o]));

    metrics.addMetric('RecordsReceived', MetricUnit.Count, kinesisEvent.Records.length);
    metrics.addMetric('RecordsWritten', MetricUnit.Count, result.written);
    metrics.addMetric('RecordsDuplicate', MetricUnit.Count, result.duplicates);
    metrics.addMetric('RecordsQuarantined', MetricUnit.Count, result.quarantined);
    metrics.addMetric('RecordsFailed', MetricUnit.Count, result.failed);
    logger.info('batch enriched', {
      records: kinesisEvent.Records.length, written: result.written, duplicates: result.duplicates,
      quarantined: result.quarantined, failed: result.failed, curatedKeys: result.curatedKeys, quarantineKeys: result.quarantineKeys,
    });

    const response = await processPartialResponse(kinesisEvent, async (record: { kinesis: { sequenceNumber: string } }) => {
      const outcome = failed.get(record.kinesis.sequenceNumber);
      if (outcome !== undefined) {
        throw new EnricherError('ENRICHER_RECORD_NOT_WRITTEN', `record ${outcome.sequenceNumber} of ${outcome.shardId}: ${outcome.error ?? 'write failed'}`);
      }
    }, processor, { throwOnFullBatchFailure: false });
    return { batchItemFailures: response.batchItemFailures.map((f) => ({ itemIdentifier: f.itemIdentifier })) };
  };
};
