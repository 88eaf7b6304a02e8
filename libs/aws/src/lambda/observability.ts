import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Logger as LoggerPort } from '@surv/domain';

/** CloudWatch namespace shared by every surv function. */
export const METRICS_NAMESPACE = 'surv';

/** The Powertools trio of one Lambda function. */
export interface LambdaObservability {
  /** Structured JSON logs (level from POWERTOOLS_LOG_LEVEL). */
  readonly logger: Logger;
  /** EMF metrics; the only default dimension is `service`. */
  readonly metrics: Metrics;
  /** X-Ray tracing; inactive outside Lambda. */
  readonly tracer: Tracer;
}

/**
 * Logger, metrics and tracer for a function. `serviceName` is the app folder, so the logs, metrics and
 * traces of one function group together.
 */
export const lambdaObservability = (serviceName: string): LambdaObservability => ({
  logger: new Logger({ serviceName }),
  metrics: new Metrics({ serviceName, namespace: METRICS_NAMESPACE }),
  tracer: new Tracer({ serviceName }),
});

/** The Powertools logger behind the `Logger` port the libs take (message plus optional details). */
export const toLoggerPort = (target: Logger): LoggerPort => {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, details?: Record<string, unknown>) =>
    details === undefined ? target[level](message) : target[level](message, details);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};
