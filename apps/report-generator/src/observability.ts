import { lambdaObservability } from '@surv/aws/lambda';

/** Powertools service name: the app folder, so logs, metrics and traces of one function group together. */
export const SERVICE_NAME = 'report-generator';

export const { logger, metrics, tracer } = lambdaObservability(SERVICE_NAME);
