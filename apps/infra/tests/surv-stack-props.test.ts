import { describe, expect, it } from 'vitest';
import { isSurvError } from '@surv/domain';
import { DEFAULT_SURV_STACK, parseDetectorRuntime, resolveSurvStackOptions } from '@surv/infra';

const errorOf = (f: () => unknown): { code?: string; message: string } => {
  try {
    f();
  } catch (e) {
    if (isSurvError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a typed error');
};

describe('resolveSurvStackOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveSurvStackOptions({})).toEqual(DEFAULT_SURV_STACK);
    expect(DEFAULT_SURV_STACK.detectorRuntime).toBe('lambda');
  });

  it('rejects a log retention CloudWatch does not accept, naming the field', () => {
    const e = errorOf(() => resolveSurvStackOptions({ logRetentionDays: 31 }));
    expect(e.code).toBe('INFRA_INVALID_OPTIONS');
    expect(e.message).toContain('logRetentionDays');
  });

  it('rejects an Athena cutoff below the service minimum and an unknown detector runtime', () => {
    expect(errorOf(() => resolveSurvStackOptions({ athenaBytesScannedCutoff: 1000 })).message).toContain('athenaBytesScannedCutoff');
    expect(errorOf(() => resolveSurvStackOptions({ detectorRuntime: 'flink' as never })).message).toContain('detectorRuntime');
  });
});

describe('parseDetectorRuntime', () => {
  it('defaults to lambda and accepts kav2', () => {
    expect(parseDetectorRuntime(undefined)).toBe('lambda');
    expect(parseDetectorRuntime('kav2')).toBe('kav2');
  });

  it('refuses any other value with the accepted ones in the message', () => {
    const e = errorOf(() => parseDetectorRuntime('kda'));
    expect(e.code).toBe('INFRA_INVALID_OPTIONS');
    expect(e.message).toContain('lambda, kav2');
  });
});
