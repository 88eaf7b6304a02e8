import { MAX_INPUT_PARALLELISM } from '@surv/kav2-sql';
import { usageError } from '../../errors';

/** The application options `--input-stream NAME` and `--input-parallelism N` set (sql run and sql check). */
export interface InputStreamOptions {
  readonly inputStreamName?: string;
  /** KDA's InputParallelism count (1 to 64); 1 when the flag is absent. */
  readonly inputParallelism: number;
}

export const inputStreamOptions = (flags: Readonly<Record<string, unknown>>, hint: string): InputStreamOptions => {
  const name = flags['input-stream'];
  if (name === '') throw usageError('--input-stream needs a stream name', hint);
  const count = flags['input-parallelism'];
  if (count !== undefined && (!/^\d+$/.test(String(count)) || Number(count) < 1 || Number(count) > MAX_INPUT_PARALLELISM)) {
    throw usageError(`--input-parallelism must be an integer from 1 to ${MAX_INPUT_PARALLELISM}, got '${String(count)}'`, hint);
  }
  return { ...(typeof name === 'string' ? { inputStreamName: name } : {}), inputParallelism: count === undefined ? 1 : Number(count) };
};
