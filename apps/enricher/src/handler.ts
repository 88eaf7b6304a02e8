import type { Logger } from '@aws-lambda-powertools/logger';
import { createEnricherHandler } from './create-handler';
import { parseEnv } from './env';
import { logger, metrics, tracer } from './observability';

type LambdaContext = Parameters<Logger['addContext']>[0];

// Parsed once per container, at cold start: a bad variable fails the init, visibly, before any batch.
const enrich = createEnricherHandler({ env: parseEnv(process.env), awsEnv: process.env, logger, metrics, tracer });

/**
 * Lambda entry of the enricher: a Kinesis event source mapping on the market stream with
 * `ReportBatchItemFailures`, answering with the records to deliver again.
 */
export const handler = async (event: unknown, context: LambdaContext) => {
  logger.addContext(context);
  try {
    return await enrich(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
