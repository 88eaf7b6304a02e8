import type { Logger } from '@aws-lambda-powertools/logger';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaQueryEngine, awsClientConfig } from '@surv/aws';
import { generateReports, type ObjectStore, type QueryEngine } from '@surv/pipeline';
import type { ReportGeneratorEnv } from './env';
import { clientTracing, lakeObjectStore, toLoggerPort } from '@surv/aws/lambda';
import { runTimeOf } from './schedule-event';

/** What the handler is wired to; tests pass their own engine, store or endpoints. */
export interface ReportGeneratorHandlerDeps {
  readonly env: ReportGeneratorEnv;
  /** The process environment, for `AWS_REGION` and `AWS_ENDPOINT_URL(_S3|_ATHENA)`. @default {} */
  readonly awsEnv?: Readonly<Record<string, string | undefined>>;
  /** @default S3ObjectStore on `env.LAKE_BUCKET` with SSE-KMS `env.KMS_KEY_ID` */
  readonly store?: ObjectStore;
  /** @default AthenaQueryEngine in `env.ATHENA_WORKGROUP` / `env.ATHENA_DATABASE` */
  readonly engine?: QueryEngine;
  /** The clock when the event carries no `time`. @default () => new Date() */
  readonly now?: () => Date;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Traces the SDK clients it builds (X-Ray subsegments per call). @default none */
  readonly tracer?: Tracer;
}

/** What one run wrote. */
export interface ReportRunSummary {
  readonly runTime: string;
  readonly reports: readonly { readonly name: string; readonly rows: number; readonly keys: readonly string[] }[];
  readonly htmlKey: string;
}

/**
 * The report-generator Lambda (every 5 minutes): runs the 5 named queries in Athena and writes their CSV,
 * JSON Lines and the HTML report to `reports/`. A failing query fails the run (typed error): the next
 * schedule, or the async-invoke retry, writes the same keys again.
 */
export const createReportGeneratorHandler = (deps: ReportGeneratorHandlerDeps): ((event: unknown) => Promise<ReportRunSummary>) => {
  const { env, logger, metrics } = deps;
  const trace = clientTracing(deps.tracer);
  const awsEnv = deps.awsEnv ?? {};
  const port = toLoggerPort(logger);
  const store = deps.store ?? lakeObjectStore(env, awsEnv, trace);
  const engine = deps.engine ?? new AthenaQueryEngine({
    client: trace(new AthenaClient(awsClientConfig({ service: 'athena', env: awsEnv }))),
    workGroup: env.ATHENA_WORKGROUP,
    database: env.ATHENA_DATABASE,
    timeoutMs: env.ATHENA_QUERY_TIMEOUT_MS,
    logger: port,
    ...(env.ATHENA_OUTPUT_LOCATION !== undefined ? { outputLocation: env.ATHENA_OUTPUT_LOCATION } : {}),
  });
  const now = deps.now ?? (() => new Date());

  return async (event) => {
    const runTime = runTimeOf(event, now);
    const result = await generateReports(engine, store, { now: runTime });
    const reports = result.queries.map((q) => ({ name: q.name, rows: q.rowCount, keys: q.keys }));
    metrics.addMetric('ReportsWritten', MetricUnit.Count, reports.length);
    metrics.addMetric('ReportRows', MetricUnit.Count, reports.reduce((s, r) => s + r.rows, 0));
    logger.info('reports written', { runTime: runTime.toISOString(), reports, htmlKey: result.htmlKey });
    return { runTime: runTime.toISOString(), reports, htmlKey: result.htmlKey };
  };
};
