const SURV_ERROR = Symbol.for('surv.error');

/**
 * Base class of every typed error surv throws. Branded with a global symbol so that
 * `isSurvError` works even when two copies of a package end up in one bundle.
 */
export class SurvError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly [SURV_ERROR] = true;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** True for any error created by a surv package, whichever copy of it threw. */
export const isSurvError = (e: unknown): e is SurvError =>
  typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[SURV_ERROR] === true;

export type DomainErrorCode = 'DOMAIN_INVALID_ARGUMENT' | 'DOMAIN_INVALID_TIMESTAMP' | 'DOMAIN_INVALID_ALERT';

/** Errors raised by `@surv/domain` helpers when a caller passes values outside the contract. */
export class DomainError extends SurvError<DomainErrorCode> {}

/** Compile-time exhaustiveness check for discriminated unions. */
export const assertNever = (value: never, what = 'value'): never => {
  throw new DomainError('DOMAIN_INVALID_ARGUMENT', `unhandled ${what}: ${JSON.stringify(value)}`);
};
