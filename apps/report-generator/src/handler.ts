import type { Logger } from '@aws-lambda-powertools/logger';
import { createReportGeneratorHandler } from './create-handler';
import { parseEnv } from './env';
import { logger, metrics, tracer } from './observability';

type LambdaContext = Parameters<Logger['addContext']>[0];

// Parsed once per container, at cold start: a bad variable fails the init, visibly, before any run.
const generate = createReportGeneratorHandler({ env: parseEnv(process.env), awsEnv: process.env, logger, metrics, tracer });

/** Lambda entry of the report generator, invoked by an EventBridge schedule. */
export const handler = async (event: unknown, context: LambdaContext) => {
  logger.addContext(context);
  try {
    return await generate(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
