import { isSurvError } from '@surv/domain';
import { CliError } from './errors';

// Library errors reach main as they are; their code says which exit applies. Backend failures
// (DuckDB, the lake on disk, AWS) exit 4; refused input (bad SQL, a bad events file) exits 3.
const BACKEND = /DUCKDB|QUERY_FAILED|AWS|S3|KINESIS|ATHENA|SNS|GLUE|STORE|IO_FAILED|WRITE_FAILED|READ_FAILED|BACKEND|NOTIFY/;
// Invariants and files that ship with surv (the detection app, the named queries): a broken install is a bug.
const BUG = /ASSERT|INTERNAL|UNHANDLED|INVALID_STATE|APP_NOT_FOUND|QUERY_MISSING/;

const messageChain = (e: unknown): string => {
  const parts: string[] = [];
  for (let c: unknown = e, i = 0; c instanceof Error && i < 5; c = c.cause, i++) parts.push(c.message);
  return parts.join(' | ');
};

/** Exit hints for library error families: the next command a user should try. */
const hintFor = (code: string): string | undefined => {
  if (code.startsWith('KAV2')) return 'surv sql check <app.sql>';
  if (/QUERY|DUCKDB/.test(code)) return 'surv catalog';
  return undefined;
};

/**
 * Turns a thrown value into the `CliError` main prints, or `undefined` when it is a bug
 * (a non-surv error, or a surv error that reports an internal invariant).
 */
export const classifyError = (e: unknown): CliError | undefined => {
  if (e instanceof CliError) return e;
  if (!isSurvError(e)) {
    const code = (e as { code?: unknown } | null)?.code;
    // Node's own file-system failures (EACCES, ENOSPC, ...) are the environment's, not surv's.
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      return new CliError('CLI_BACKEND_FAILED', (e as Error).message, { detailCode: code, cause: e });
    }
    return undefined;
  }
  if (BUG.test(e.code)) return undefined;
  if (/ABORTED/.test(e.code)) return new CliError('CLI_INTERRUPTED', e.message, { detailCode: e.code, cause: e });
  // DuckDB refusing the SQL it was given (parse, bind, unknown table) is refused input, not a backend failure.
  if (/QUERY_FAILED/.test(e.code) && /\b(Parser|Binder|Catalog|Conversion) Error\b/.test(messageChain(e))) {
    return new CliError('CLI_INPUT_REJECTED', e.message, { detailCode: e.code, cause: e, hint: 'surv catalog' });
  }
  const hint = hintFor(e.code);
  const kind = BACKEND.test(e.code) ? 'CLI_BACKEND_FAILED' : 'CLI_INPUT_REJECTED';
  return new CliError(kind, e.message, { detailCode: e.code, cause: e, ...(hint ? { hint } : {}) });
};
