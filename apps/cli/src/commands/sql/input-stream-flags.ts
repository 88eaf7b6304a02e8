import { MAX_INPUT_PARALLELISM } from '@surv/kav2-sql';
import { usageError } from '../../errors';

/** `--input-parallelism N`: KDA's InputParallelism count (1 to 64); 1 when the flag is absent. */
export const parseInputParallelism = (flag: unknown, hint: string): number => {
  if (flag === undefined) return 1;
  if (!/^\d+$/.test(String(flag)) || Number(flag) < 1 || Number(flag) > MAX_INPUT_PARALLELISM) {
    throw usageError(`--input-parallelism must be an integer from 1 to ${MAX_INPUT_PARALLELISM}, got '${String(flag)}'`, hint);
  }
  return Number(flag);
};
