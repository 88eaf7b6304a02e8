import { z } from 'zod';
import { ReportGeneratorError } from './errors';

const nonEmpty = z.string().trim().min(1);

/** The report generator's configuration, read once from the Lambda environment. */
export const ReportGeneratorEnvSchema = z.object({
  /** The lake bucket: reports go to `reports/<query>/dt=YYYY-MM-DD/`. */
  LAKE_BUCKET: nonEmpty,
  /** Customer-managed KMS key (id, ARN or alias) for SSE-KMS. @default the bucket's default key */
  KMS_KEY_ID: nonEmpty.optional(),
  /** Athena workgroup the named queries run in (it enforces the results location and encryption). */
  ATHENA_WORKGROUP: nonEmpty,
  /** Glue database holding the `market_events` and `alerts` tables. */
  ATHENA_DATABASE: nonEmpty,
  /** `s3://.../athena-results/`, only when the workgroup does not enforce its own. @default none */
  ATHENA_OUTPUT_LOCATION: nonEmpty.regex(/^s3:\/\//, 'must be an s3:// URI').optional(),
  /** Longest wait for one query, ms; keep it below the function timeout. @default 120_000 */
  ATHENA_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
});
export type ReportGeneratorEnv = z.infer<typeof ReportGeneratorEnvSchema>;

/** Parses the environment once; a missing or bad variable is a typed error naming it. */
export const parseEnv = (source: Readonly<Record<string, string | undefined>>): ReportGeneratorEnv => {
  const parsed = ReportGeneratorEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ReportGeneratorError('REPORT_GENERATOR_INVALID_ENV', `invalid report-generator environment: ${issues}`);
  }
  return parsed.data;
};
