import type { Logger } from '@aws-lambda-powertools/logger';
import { createProducerHandler } from './create-handler';
import { parseEnv } from './env';
import { logger, metrics, tracer } from './observability';

type LambdaContext = Parameters<Logger['addContext']>[0];

// Parsed once per container, at cold start: a bad variable fails the init, visibly, before any run.
const produce = createProducerHandler({ env: parseEnv(process.env), awsEnv: process.env, logger, metrics, tracer });

/** Lambda entry of the producer, invoked by an EventBridge schedule (rate = INTERVAL_MS). */
export const handler = async (event: unknown, context: LambdaContext) => {
  logger.addContext(context);
  try {
    return await produce(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
