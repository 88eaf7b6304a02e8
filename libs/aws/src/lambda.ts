/**
 * @surv/aws/lambda: what only the Lambda apps need (Powertools observability). A separate entry so
 * that other users of @surv/aws (the CLI) never load Powertools.
 */
export { lambdaObservability, toLoggerPort, METRICS_NAMESPACE, type LambdaObservability } from './lambda/observability';
export { clientTracing, lakeObjectStore, type ClientTracing } from './lambda/handler-clients';
