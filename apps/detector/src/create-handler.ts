import type { Logger } from '@aws-lambda-powertools/logger';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { awsClientConfig, KinesisRecordWriter, parseKinesisEvent, toConsumedRecord } from '@surv/aws';
import { loadDetectionApplication, type DetectionApplication } from '@surv/detection';
import type { RecordWriter } from '@surv/pipeline';
import type { DetectorEnv } from './env';
import { clientTracing, toLoggerPort } from '@surv/aws/lambda';
import { runWindowInvocation, type WindowInvocationResult } from './tumbling-window';

/** What the handler is wired to; tests pass their own writer or endpoints. */
export interface DetectorHandlerDeps {
  readonly env: DetectorEnv;
  /** The process environment, for `AWS_REGION` and `AWS_ENDPOINT_URL(_KINESIS)`. @default {} */
  readonly awsEnv?: Readonly<Record<string, string | undefined>>;
  /** @default KinesisRecordWriter on `env.ALERT_STREAM_NAME` */
  readonly alertWriter?: RecordWriter;
  /** @default loadDetectionApplication() (the shared `.sql` and input schema) */
  readonly application?: DetectionApplication;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Traces the SDK clients it builds (X-Ray subsegments per call). @default none */
  readonly tracer?: Tracer;
}

/** The tumbling-window response: the state for the next invocation of the window, and no item failures. */
export interface WindowResponse {
  readonly state: WindowInvocationResult['state'];
  readonly batchItemFailures: { itemIdentifier: string }[];
}

/**
 * The detector Lambda on a Kinesis event source mapping with `TumblingWindowInSeconds`. Writing alerts is
 * all or nothing: a failure throws, Lambda retries the batch with the state it had before, and the
 * deterministic `alert_id`s let the publisher drop whatever was written twice.
 */
export const createDetectorHandler = (deps: DetectorHandlerDeps): ((event: unknown) => Promise<WindowResponse>) => {
  const { env, logger, metrics } = deps;
  const trace = clientTracing(deps.tracer);
  const port = toLoggerPort(logger);
  const application = deps.application ?? loadDetectionApplication();
  const alertWriter = deps.alertWriter ?? new KinesisRecordWriter({
    client: trace(new KinesisClient(awsClientConfig({ service: 'kinesis', env: deps.awsEnv ?? {} }))),
    streamName: env.ALERT_STREAM_NAME,
    logger: port,
  });

  return async (event) => {
    const e = parseKinesisEvent(event);
    const result = await runWindowInvocation({
      records: e.Records.map(toConsumedRecord),
      ...(e.state !== undefined ? { state: e.state } : {}),
      isFinalInvokeForWindow: e.isFinalInvokeForWindow === true,
    }, { application, alertWriter, stateMaxBytes: env.STATE_MAX_BYTES, logger: port });

    metrics.addMetric('EventsDetected', MetricUnit.Count, result.pushed);
    metrics.addMetric('RecordsSkipped', MetricUnit.Count, result.skipped);
    metrics.addMetric('WindowStateBytes', MetricUnit.Bytes, result.stateBytes);
    if (result.flushed === 'state-limit') metrics.addMetric('StateLimitFlushes', MetricUnit.Count, 1);
    if (result.stateDiscarded === true) metrics.addMetric('StatesDiscarded', MetricUnit.Count, 1);
    const byRule = new Map<string, number>();
    for (const a of result.alerts) byRule.set(a.rule, (byRule.get(a.rule) ?? 0) + 1);
    for (const [ruleId, count] of byRule) {
      const single = metrics.singleMetric();
      single.addDimension('ruleId', ruleId);
      single.addMetric('AlertsRaised', MetricUnit.Count, count);
    }
    logger.info('window batch detected', {
      shardId: e.shardId, window: e.window, final: e.isFinalInvokeForWindow === true, records: e.Records.length,
      pushed: result.pushed, skipped: result.skipped, alerts: result.alerts.length, flushed: result.flushed,
      stateBytes: result.stateBytes, rawStateBytes: result.rawStateBytes,
    });
    return { state: result.state, batchItemFailures: [] };
  };
};
