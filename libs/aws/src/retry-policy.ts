import { AwsAdapterError } from './errors';

/** How an adapter retries: bounded attempts, exponential backoff with full jitter. */
export interface RetryOptions {
  /** Attempts in total, the first one included. @default 8 */
  readonly maxAttempts?: number;
  /** Backoff cap of the first retry, ms. @default 100 */
  readonly baseDelayMs?: number;
  /** Upper bound of any single backoff, ms. @default 5_000 */
  readonly maxDelayMs?: number;
  /** Waits `ms`; injectable so tests run without real time. @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1); injectable for deterministic jitter. @default Math.random */
  readonly random?: () => number;
}

/** Retry options with every default applied and checked. */
export type ResolvedRetry = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetry = {
  maxAttempts: 8,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Applies defaults and validates once, at adapter construction. */
export const resolveRetry = (o: RetryOptions = {}, what = 'retry'): ResolvedRetry => {
  const r: ResolvedRetry = {
    maxAttempts: o.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    baseDelayMs: o.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: o.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    sleep: o.sleep ?? DEFAULT_RETRY.sleep,
    random: o.random ?? DEFAULT_RETRY.random,
  };
  if (!Number.isInteger(r.maxAttempts) || r.maxAttempts < 1) {
    throw new AwsAdapterError('AWS_INVALID_OPTIONS', `${what}.maxAttempts must be an integer >= 1, got ${r.maxAttempts}`);
  }
  if (!(r.baseDelayMs >= 0) || !(r.maxDelayMs >= r.baseDelayMs)) {
    throw new AwsAdapterError(
      'AWS_INVALID_OPTIONS',
      `${what}: need 0 <= baseDelayMs <= maxDelayMs, got ${r.baseDelayMs} and ${r.maxDelayMs}`,
    );
  }
  return r;
};

/**
 * Full-jitter backoff before retry number `retry` (1-based): uniform in [0, min(max, base * 2^(retry-1))).
 * Full jitter spreads retrying producers apart, which is what relieves a throttled shard.
 */
export const backoffDelay = (retry: number, policy: Pick<ResolvedRetry, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number => {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(policy.random() * cap);
};

/** Error names AWS uses for throttling and transient server faults: worth another attempt. */
const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'SlowDown',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'KMSThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** True for throttling and transient errors (by name, HTTP 429/5xx, or the SDK's own classification). */
export const isRetryableError = (e: unknown): boolean => {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (err.name !== undefined && RETRYABLE_NAMES.has(err.name)) return true;
  if (err.code === 'ECONNRESET' || err.code === 'ECONNREFUSED' || err.code === 'EPIPE' || err.code === 'ETIMEDOUT') return true;
  if (err.$retryable !== undefined) return true;
  const status = err.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
};
