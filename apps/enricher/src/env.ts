import { z } from 'zod';
import { EnricherError } from './errors';

const nonEmpty = z.string().trim().min(1);

/** The enricher's configuration, read once from the Lambda environment. */
export const EnricherEnvSchema = z.object({
  /** The lake bucket: curated Parquet and quarantine objects go here. */
  LAKE_BUCKET: nonEmpty,
  /** Customer-managed KMS key (id, ARN or alias) for SSE-KMS. @default the bucket's default key */
  KMS_KEY_ID: nonEmpty.optional(),
  /** Event ids remembered across batches of one warm container, to drop redelivered duplicates. @default 1_000_000 */
  RECENT_IDS_CAPACITY: z.coerce.number().int().positive().default(1_000_000),
});
export type EnricherEnv = z.infer<typeof EnricherEnvSchema>;

/** Parses the environment once; a missing or bad variable is a typed error naming it. */
export const parseEnv = (source: Readonly<Record<string, string | undefined>>): EnricherEnv => {
  const parsed = EnricherEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EnricherError('ENRICHER_INVALID_ENV', `invalid enricher environment: ${issues}`);
  }
  return parsed.data;
};
