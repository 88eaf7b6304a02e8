import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwsAdapterError, backoffDelay, isRetryableError, planBatches, resolveRetry } from '@surv/aws';

describe('backoffDelay', () => {
  it('stays in [0, min(max, base * 2^(retry-1))) for any retry and random draw (full jitter)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (retry, r) => {
      const cap = Math.min(5_000, 100 * 2 ** (retry - 1));
      const d = backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 5_000, random: () => r });
      return d >= 0 && d < cap && Number.isInteger(d);
    }));
    expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 5_000, random: () => 0.5 })).toBe(200);
  });
});

describe('resolveRetry', () => {
  it('fills defaults and refuses impossible settings', () => {
    expect(resolveRetry({}).maxAttempts).toBe(8);
    expect(() => resolveRetry({ maxAttempts: 0 })).toThrow(AwsAdapterError);
    expect(() => resolveRetry({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(/baseDelayMs/);
  });
});

describe('isRetryableError', () => {
  it('retries throttling, 5xx and network resets, not client mistakes', () => {
    expect(isRetryableError({ name: 'ProvisionedThroughputExceededException' })).toBe(true);
    expect(isRetryableError({ name: 'Whatever', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryableError({ code: 'ECONNRESET' })).toBe(true);
    expect(isRetryableError({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(isRetryableError({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } })).toBe(false);
    expect(isRetryableError('boom')).toBe(false);
  });
});

describe('planBatches', () => {
  it('keeps every batch within both limits and every item exactly once, in order', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20 }), fc.integer({ min: 100, max: 1000 }), fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 300 }),
      (maxRecordsPerCall, maxBytesPerCall, sizes) => {
        const batches = planBatches(sizes, { maxRecordsPerCall, maxBytesPerCall });
        expect(batches.flat()).toEqual(sizes.map((_, i) => i));
        for (const b of batches) {
          expect(b.length).toBeGreaterThan(0);
          expect(b.length).toBeLessThanOrEqual(maxRecordsPerCall);
          expect(b.reduce((n, i) => n + (sizes[i] as number), 0)).toBeLessThanOrEqual(maxBytesPerCall);
        }
        // Greedy: a batch only closes when the next item would not fit.
        for (let k = 0; k + 1 < batches.length; k++) {
          const b = batches[k] as number[];
          const next = (batches[k + 1] as number[])[0] as number;
          const bytes = b.reduce((n, i) => n + (sizes[i] as number), 0);
          expect(b.length === maxRecordsPerCall || bytes + (sizes[next] as number) > maxBytesPerCall).toBe(true);
        }
      },
    ));
  });
});
