import { SurvError } from '@surv/domain';

/** Exit codes documented in the README (CONVENTIONS §8). */
export const EXIT = { ok: 0, bug: 1, usage: 2, inputRejected: 3, backendFailed: 4, interrupted: 130 } as const;

export type CliErrorCode = 'CLI_USAGE' | 'CLI_INPUT_REJECTED' | 'CLI_BACKEND_FAILED' | 'CLI_INTERRUPTED';

const EXIT_BY_CODE: Record<CliErrorCode, number> = {
  CLI_USAGE: EXIT.usage,
  CLI_INPUT_REJECTED: EXIT.inputRejected,
  CLI_BACKEND_FAILED: EXIT.backendFailed,
  CLI_INTERRUPTED: EXIT.interrupted,
};

/** A failure a user can act on; `hint` names the next command to try. */
export class CliError extends SurvError<CliErrorCode> {
  readonly hint: string | undefined;
  /** The underlying error's own code (e.g. KAV2_PARSE_UNEXPECTED) shown in `error[...]`. */
  readonly detailCode: string | undefined;

  constructor(code: CliErrorCode, message: string, options: { hint?: string; detailCode?: string; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.hint = options.hint;
    this.detailCode = options.detailCode;
  }

  get exitCode(): number {
    return EXIT_BY_CODE[this.code];
  }
}

export const usageError = (message: string, hint?: string) => new CliError('CLI_USAGE', message, hint ? { hint } : {});
