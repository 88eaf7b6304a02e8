import { z } from 'zod';
import { AlertPublisherError } from './errors';

const nonEmpty = z.string().trim().min(1);

/** The alert publisher's configuration, read once from the Lambda environment. */
export const AlertPublisherEnvSchema = z.object({
  /** The lake bucket: every published alert is archived under `alerts/dt=.../<alert_id>.json`. */
  LAKE_BUCKET: nonEmpty,
  /** Customer-managed KMS key (id, ARN or alias) for SSE-KMS. @default the bucket's default key */
  KMS_KEY_ID: nonEmpty.optional(),
  /** The SNS topic alerts are published to. */
  ALERT_TOPIC_ARN: nonEmpty.regex(/^arn:aws[a-z-]*:sns:/, 'must be an SNS topic ARN'),
  /** Alert ids remembered across batches of one warm container (the archive is checked for the rest). @default 100_000 */
  PUBLISHED_IDS_CAPACITY: z.coerce.number().int().positive().default(100_000),
});
export type AlertPublisherEnv = z.infer<typeof AlertPublisherEnvSchema>;

/** Parses the environment once; a missing or bad variable is a typed error naming it. */
export const parseEnv = (source: Readonly<Record<string, string | undefined>>): AlertPublisherEnv => {
  const parsed = AlertPublisherEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AlertPublisherError('ALERT_PUBLISHER_INVALID_ENV', `invalid alert-publisher environment: ${issues}`);
  }
  return parsed.data;
};
