import { z } from 'zod';
import { DetectorError } from './errors';

const nonEmpty = z.string().trim().min(1);

/** Lambda's cap on the tumbling-window state returned per shard. */
export const LAMBDA_STATE_LIMIT_BYTES = 1024 * 1024;

/** The detector's configuration, read once from the Lambda environment. */
export const DetectorEnvSchema = z.object({
  /** The alerts stream (1 shard) alert rows are written to. */
  ALERT_STREAM_NAME: nonEmpty,
  /**
   * Largest serialized window state carried to the next invocation; above it the detector flushes early.
   * Kept under Lambda's 1 MiB cap to leave room for the response envelope. @default 900_000
   */
  STATE_MAX_BYTES: z.coerce.number().int().min(1_024).max(LAMBDA_STATE_LIMIT_BYTES - 16_384).default(900_000),
});
export type DetectorEnv = z.infer<typeof DetectorEnvSchema>;

/** Parses the environment once; a missing or bad variable is a typed error naming it. */
export const parseEnv = (source: Readonly<Record<string, string | undefined>>): DetectorEnv => {
  const parsed = DetectorEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DetectorError('DETECTOR_INVALID_ENV', `invalid detector environment: ${issues}`);
  }
  return parsed.data;
};
