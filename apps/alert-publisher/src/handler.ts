import type { Logger } from '@aws-lambda-powertools/logger';
import { createAlertPublisherHandler } from './create-handler';
import { parseEnv } from './env';
import { logger, metrics, tracer } from './observability';

type LambdaContext = Parameters<Logger['addContext']>[0];

// Parsed once per container, at cold start: a bad variable fails the init, visibly, before any batch.
const publish = createAlertPublisherHandler({ env: parseEnv(process.env), awsEnv: process.env, logger, metrics, tracer });

/** Lambda entry of the alert publisher: a Kinesis event source mapping on the alerts stream. */
export const handler = async (event: unknown, context: LambdaContext) => {
  logger.addContext(context);
  try {
    return await publish(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
