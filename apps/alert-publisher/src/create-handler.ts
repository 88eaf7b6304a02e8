import type { Logger } from '@aws-lambda-powertools/logger';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { SNSClient } from '@aws-sdk/client-sns';
import { awsClientConfig, SnsAlertNotifier, parseKinesisEvent, toConsumedRecord } from '@surv/aws';
import { decodeAlertRecords, publishAlerts, RecentIds, type AlertNotifier, type ObjectStore } from '@surv/pipeline';
import type { AlertPublisherEnv } from './env';
import { clientTracing, lakeObjectStore, toLoggerPort } from '@surv/aws/lambda';

/** What the handler is wired to; tests pass their own store, notifier or endpoints. */
export interface AlertPublisherHandlerDeps {
  readonly env: AlertPublisherEnv;
  /** The process environment, for `AWS_REGION` and `AWS_ENDPOINT_URL(_S3|_SNS)`. @default {} */
  readonly awsEnv?: Readonly<Record<string, string | undefined>>;
  /** The lake. @default S3ObjectStore on `env.LAKE_BUCKET` with SSE-KMS `env.KMS_KEY_ID` */
  readonly store?: ObjectStore;
  /** @default SnsAlertNotifier on `env.ALERT_TOPIC_ARN` */
  readonly notifier?: AlertNotifier;
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
 * The alert-publisher Lambda: alerts-stream batch -> `publishAlerts` (SNS, then `alerts/`), idempotent by
 * `alert_id`. Records that are not alerts are logged and counted, never retried. A failed notification or
 * archive write throws: Lambda delivers the batch again, and alerts already archived are skipped, so a
 * retry re-sends at most the alerts whose archive write did not happen (at least once, never lost).
 */
export const createAlertPublisherHandler = (deps: AlertPublisherHandlerDeps): ((event: unknown) => Promise<BatchResponse>) => {
  const { env, logger, metrics } = deps;
  const trace = clientTracing(deps.tracer);
  const awsEnv = deps.awsEnv ?? {};
  const port = toLoggerPort(logger);
  const store = deps.store ?? lakeObjectStore(env, awsEnv, trace);
  const notifier = deps.notifier ?? new SnsAlertNotifier({
    client: trace(new SNSClient(awsClientConfig({ service: 'sns', env: awsEnv }))), topicArn: env.ALERT_TOPIC_ARN, logger: port,
  });
  // One set per warm container; a cold container falls back to the archive check.
  const published = new RecentIds(env.PUBLISHED_IDS_CAPACITY);

  return async (event) => {
    const records = parseKinesisEvent(event).Records.map(toConsumedRecord);
    const { alerts, invalid } = decodeAlertRecords(records, port);
    const result = await publishAlerts(alerts, { store, notifiers: [notifier], published, logger: port });

    metrics.addMetric('AlertRecordsReceived', MetricUnit.Count, records.length);
    metrics.addMetric('AlertRecordsInvalid', MetricUnit.Count, invalid);
    metrics.addMetric('AlertsDuplicate', MetricUnit.Count, result.duplicates);
    const byRule = new Map<string, number>();
    for (const a of result.published) byRule.set(a.rule, (byRule.get(a.rule) ?? 0) + 1);
    for (const [ruleId, count] of byRule) {
      const single = metrics.singleMetric();
      single.addDimension('ruleId', ruleId);
      single.addMetric('AlertsPublished', MetricUnit.Count, count);
    }
    logger.info('alert batch published', {
      records: records.length, published: result.published.length, duplicates: result.duplicates, invalid, keys: result.keys,
    });
    return { batchItemFailures: [] };
  };
};
