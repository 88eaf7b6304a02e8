import type { Logger } from '@aws-lambda-powertools/logger';
import { createDetectorHandler } from './create-handler';
import { parseEnv } from './env';
import { logger, metrics, tracer } from './observability';

type LambdaContext = Parameters<Logger['addContext']>[0];

// Parsed once per container, at cold start: a bad variable fails the init, visibly, before any batch.
const detect = createDetectorHandler({ env: parseEnv(process.env), awsEnv: process.env, logger, metrics, tracer });

/** Lambda entry of the detector: Kinesis event source mapping on the market stream, tumbling window. */
export const handler = async (event: unknown, context: LambdaContext) => {
  logger.addContext(context);
  try {
    return await detect(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
