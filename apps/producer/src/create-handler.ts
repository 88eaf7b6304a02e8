import type { Logger } from '@aws-lambda-powertools/logger';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { awsClientConfig, KinesisRecordWriter } from '@surv/aws';
import { toIsoUtc } from '@surv/domain';
import type { RecordWriter, StreamRecord } from '@surv/pipeline';
import type { ProducerEnv } from './env';
import { intervalSimulation } from './interval-simulation';
import { clientTracing, toLoggerPort } from '@surv/aws/lambda';
import { invokedAtOf } from './schedule-event';

/** What the handler is wired to; tests pass their own writer or endpoints. */
export interface ProducerHandlerDeps {
  readonly env: ProducerEnv;
  /** The process environment, for `AWS_REGION` and `AWS_ENDPOINT_URL(_KINESIS)`. @default {} */
  readonly awsEnv?: Readonly<Record<string, string | undefined>>;
  /** @default KinesisRecordWriter on `env.MARKET_STREAM_NAME` */
  readonly writer?: RecordWriter;
  /** The clock when the event carries no `time`, epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Records handed to the writer per call (it splits further by the Kinesis limits). @default 5_000 */
  readonly chunkSize?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Traces the SDK clients it builds (X-Ray subsegments per call). @default none */
  readonly tracer?: Tracer;
}

/** What one invocation put on the stream. */
export interface ProduceSummary {
  readonly intervalStart: string;
  readonly intervalEnd: string;
  readonly seed: number;
  readonly records: number;
  readonly badRecords: number;
}

/**
 * The producer Lambda (on a schedule): simulates the market of the interval that just ended and writes it
 * to the market stream. Every record is written or the invocation fails with the writer's typed error; a
 * retry of the same scheduled event re-sends the same events, which the consumers drop as duplicates.
 */
export const createProducerHandler = (deps: ProducerHandlerDeps): ((event: unknown) => Promise<ProduceSummary>) => {
  const { env, logger, metrics } = deps;
  const trace = clientTracing(deps.tracer);
  const writer = deps.writer ?? new KinesisRecordWriter({
    client: trace(new KinesisClient(awsClientConfig({ service: 'kinesis', env: deps.awsEnv ?? {} }))),
    streamName: env.MARKET_STREAM_NAME,
    logger: toLoggerPort(logger),
  });
  const now = deps.now ?? Date.now;
  const chunkSize = deps.chunkSize ?? 5_000;

  return async (event) => {
    const sim = intervalSimulation({
      invokedAtMs: invokedAtOf(event, now),
      intervalMs: env.INTERVAL_MS,
      salt: env.SEED_SALT,
      market: {
        eventsPerSecond: env.EVENTS_PER_SECOND, symbols: env.SYMBOLS, accounts: env.ACCOUNTS,
        manipulations: env.MANIPULATIONS, badRecordRate: env.BAD_RECORD_RATE,
      },
    });
    let records = 0;
    let badRecords = 0;
    let chunk: StreamRecord[] = [];
    for (const r of sim.records()) {
      chunk.push({ partitionKey: r.partitionKey, data: r.data });
      records += 1;
      badRecords += r.bad ? 1 : 0;
      if (chunk.length >= chunkSize) {
        await writer.putRecords(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await writer.putRecords(chunk);

    const summary = { intervalStart: toIsoUtc(sim.startMs), intervalEnd: toIsoUtc(sim.endMs), seed: sim.seed, records, badRecords };
    metrics.addMetric('RecordsProduced', MetricUnit.Count, records);
    metrics.addMetric('BadRecordsProduced', MetricUnit.Count, badRecords);
    logger.info('interval produced', { ...summary });
    return summary;
  };
};
