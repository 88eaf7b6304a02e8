import { z } from 'zod';

/** What the quarantine stores for a refused record: the reason and the original text, never lost. */
export const QuarantineRecordSchema = z.object({
  code: z.string().min(1),
  reason: z.string().min(1),
  raw: z.string(),
  /** Where the record came from: file and line, or shard and sequence number. */
  source: z.string().min(1),
  quarantined_at: z.string(),
});
export type QuarantineRecord = z.infer<typeof QuarantineRecordSchema>;
