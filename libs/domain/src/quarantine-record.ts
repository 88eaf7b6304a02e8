import { z } from 'zod';

/**
 * What the quarantine stores for a refused record: the reason and the original text, never lost.
 * `file` and `line` are added where the record was read from a file (`surv scan`, local or `--target aws`);
 * records a Lambda consumed from the stream have only `source`.
 */
export const QuarantineRecordSchema = z.object({
  code: z.string().min(1),
  reason: z.string().min(1),
  raw: z.string(),
  /** Where the record came from: its stream position (`shardId/sequenceNumber`), or `file:line` (`surv scan --target aws`). */
  source: z.string().min(1),
  quarantined_at: z.string(),
  /** The input file the record was read from, as named on the command line (`stdin` for standard input). */
  file: z.string().min(1).optional(),
  /** Its 1-based line number in `file`; for JSON text split into records (an array, pretty-printed objects), the line where the record starts. */
  line: z.number().int().min(1).optional(),
});
export type QuarantineRecord = z.infer<typeof QuarantineRecordSchema>;
