export { checkApplication, compileApplication, formatRow } from '@surv/kav2-sql';

/** A diagnostic always names a KAV2_* code and a 1-based position. */
export const isSurvErrorLike = (d: unknown): boolean => {
  const x = d as { code?: string; line?: number; column?: number };
  return typeof x.code === 'string' && x.code.startsWith('KAV2_') && (x.line ?? 0) >= 1 && (x.column ?? 0) >= 1;
};
