import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Logger as LoggerPort } from '@surv/domain';

/** Powertools service name: the app folder, so logs, metrics and traces of one function group together. */
export const SERVICE_NAME = 'alert-publisher';
/** CloudWatch namespace shared by every surv function. */
export const METRICS_NAMESPACE = 'surv';

/** Structured JSON logs (level from POWERTOOLS_LOG_LEVEL). */
export const logger = new Logger({ serviceName: SERVICE_NAME });
/** EMF metrics; the only default dimension is `service`. */
export const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: METRICS_NAMESPACE });
/** X-Ray tracing; inactive outside Lambda. */
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/** The Powertools logger behind the `Logger` port the libs take (message plus optional details). */
export const toLoggerPort = (target: Logger): LoggerPort => {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, details?: Record<string, unknown>) =>
    details === undefined ? target[level](message) : target[level](message, details);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};
