import type { Alert } from '@surv/domain';
import type { AlertNotifier } from '@surv/pipeline';
import { LocalRuntimeError } from '../errors';

export interface WebhookNotifierOptions {
  /** Target URL; receives `POST {"alerts": [...]}` as JSON. */
  readonly url: string;
  /** Attempts per batch, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** First retry delay; doubles each retry (with ±20 % jitter when `jitter`). @default 200 */
  readonly baseDelayMs?: number;
  /** Cap on one retry delay. @default 5_000 */
  readonly maxDelayMs?: number;
  /** Per-attempt timeout. @default 10_000 */
  readonly timeoutMs?: number;
  /** Randomise delays so many senders do not retry in step. @default true */
  readonly jitter?: boolean;
  /** Extra request headers (e.g. an authorization token). @default {} */
  readonly headers?: Record<string, string>;
  /** Injected sleep (tests). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * POSTs alerts as JSON to a webhook. Retries network errors, timeouts, 429 and 5xx with
 * exponential backoff up to `maxAttempts`; other 4xx fail at once (resending would not help).
 */
export class WebhookNotifier implements AlertNotifier {
  private readonly o: Required<WebhookNotifierOptions>;

  constructor(options: WebhookNotifierOptions) {
    this.o = {
      maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5_000, timeoutMs: 10_000, jitter: true, headers: {}, sleep: defaultSleep, ...options,
    };
    let valid = false;
    try {
      valid = ['http:', 'https:'].includes(new URL(this.o.url).protocol);
    } catch {
      valid = false;
    }
    if (!valid) throw new LocalRuntimeError('LOCAL_INVALID_OPTIONS', `webhook url '${options.url}' is not an http(s) URL`);
    if (!Number.isInteger(this.o.maxAttempts) || this.o.maxAttempts < 1) {
      throw new LocalRuntimeError('LOCAL_INVALID_OPTIONS', `maxAttempts must be a positive integer, got ${this.o.maxAttempts}`);
    }
  }

  /** Delay before retry `n` (1-based). */
  delayFor(n: number): number {
    const d = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (n - 1));
    return this.o.jitter ? d * (0.8 + Math.random() * 0.4) : d;
  }

  async notify(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    const body = JSON.stringify({ alerts });
    let last = '';
    for (let attempt = 1; attempt <= this.o.maxAttempts; attempt++) {
      if (attempt > 1) await this.o.sleep(this.delayFor(attempt - 1));
      try {
        const res = await fetch(this.o.url, {
          method: 'POST', body, headers: { 'content-type': 'application/json', ...this.o.headers }, signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
        last = `HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 429 && res.status !== 408) {
          throw new LocalRuntimeError('LOCAL_NOTIFY_FAILED', `webhook ${this.o.url} refused ${alerts.length} alerts: ${last}`);
        }
      } catch (e) {
        if (e instanceof LocalRuntimeError) throw e;
        last = String((e as Error)?.message ?? e);
      }
    }
    throw new LocalRuntimeError('LOCAL_NOTIFY_FAILED', `webhook ${this.o.url} failed after ${this.o.maxAttempts} attempts: ${last}`);
  }
}
