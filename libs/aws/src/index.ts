/**
 * @surv/aws: AWS SDK v3 adapters implementing the `@surv/pipeline` ports (ARCHITECTURE §1, §5).
 */
export {
  AwsAdapterError, type AwsAdapterErrorCode, type AwsAdapterErrorDetails, type FailedStreamRecord, type FailedObjectKey,
  type FailedAlert,
} from './errors';
export { awsClientConfig, AWS_SERVICES, type AwsService, type AwsClientConfig, type AwsClientConfigOptions } from './aws-client-config';
export { DEFAULT_RETRY, backoffDelay, isRetryableError, resolveRetry, type RetryOptions, type ResolvedRetry } from './retry-policy';
export { planBatches, type BatchLimits } from './plan-batches';
export { KINESIS_LIMITS } from './kinesis-limits';
export { KinesisRecordWriter, type KinesisRecordWriterOptions, type KinesisSender } from './kinesis-record-writer';
export {
  pollShards, type PollShardsOptions, type PollSummary, type ShardBatchHandler, type BatchResponse,
} from './poll-shards';
export { S3ObjectStore, type S3ObjectStoreOptions, type ObjectEntry } from './s3-object-store';
export { convertAthenaValue, type BigintMode } from './athena-value';
export {
  AthenaQueryEngine, type AthenaQueryEngineOptions, type AthenaQueryResult, type NamedQueryRef,
} from './athena-query-engine';
export {
  buildSnsAlertMessage, SNS_MAX_MESSAGE_BYTES, EVIDENCE_TRUNCATED_KEY, EVIDENCE_ORIGINAL_BYTES_KEY, type SnsAlertMessage,
} from './sns-alert-message';
export { SnsAlertNotifier, type SnsAlertNotifierOptions } from './sns-alert-notifier';
export {
  parseKinesisEvent, toConsumedRecord, KinesisEventSchema, type KinesisEvent, type KinesisEventRecord,
} from './lambda-kinesis-event';
