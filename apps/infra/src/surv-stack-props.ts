import type { StackProps } from 'aws-cdk-lib';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import { z } from 'zod';
import { InfraError } from './errors';

/** Where the detection application runs (see README: `lambda` on real AWS, `kav2` on emulators). */
export const DETECTOR_RUNTIMES = ['lambda', 'kav2'] as const;
export type DetectorRuntime = (typeof DETECTOR_RUNTIMES)[number];

/** The five Lambda apps; each is `apps/<name>` with its bundle in `apps/<name>/dist`. */
export const FUNCTION_NAMES = ['producer', 'enricher', 'alert-publisher', 'report-generator', 'detector'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Build by-products left out of each function's zip (globs relative to the app's dist/). */
export const LAMBDA_ASSET_EXCLUDES: readonly string[] = ['*.map', 'metafile-*.json'];

/** Code of each Lambda function (tests pass inline code; the app entry passes `Code.fromAsset`). */
export type FunctionCode = Readonly<Record<FunctionName, Code>>;

/** Builds the code map from one factory called per function name. */
export const functionCode = (make: (name: FunctionName) => Code): FunctionCode => ({
  producer: make('producer'),
  enricher: make('enricher'),
  'alert-publisher': make('alert-publisher'),
  'report-generator': make('report-generator'),
  detector: make('detector'),
});

/** Props of {@link SurvStack}. */
export interface SurvStackProps extends StackProps {
  /** Code of every function; the detector's is unused when `detectorRuntime` is `kav2`. */
  readonly code: FunctionCode;
  /** Runtime of the detection application. @default 'lambda' */
  readonly detectorRuntime?: DetectorRuntime;
  /** Retention of every log group, in days (one of CloudWatch's allowed values). @default 30 */
  readonly logRetentionDays?: number;
  /** Per-query Athena cutoff on bytes scanned. @default 10 GiB */
  readonly athenaBytesScannedCutoff?: number;
  /** Days raw JSONL stays in S3 Standard before moving to Standard-IA. @default 30 */
  readonly rawInfrequentAccessAfterDays?: number;
  /** Days before Athena result files expire. @default 7 */
  readonly athenaResultsExpireAfterDays?: number;
  /** Branch the CI pipeline builds and deploys. @default 'main' */
  readonly branch?: string;
}

/** CloudWatch Logs' accepted retention values (days). */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Defaults of the optional {@link SurvStackProps} fields. */
export const DEFAULT_SURV_STACK = {
  detectorRuntime: 'lambda' as DetectorRuntime,
  logRetentionDays: 30,
  athenaBytesScannedCutoff: 10 * 1024 ** 3,
  rawInfrequentAccessAfterDays: 30,
  athenaResultsExpireAfterDays: 7,
  branch: 'main',
} as const;

const OptionsSchema = z.object({
  detectorRuntime: z.enum(DETECTOR_RUNTIMES),
  logRetentionDays: z.number().int().refine((d) => RETENTION_DAYS.includes(d), { message: `must be one of ${RETENTION_DAYS.join(', ')}` }),
  // Athena's documented minimum cutoff is 10 MB.
  athenaBytesScannedCutoff: z.number().int().min(10_000_000),
  rawInfrequentAccessAfterDays: z.number().int().min(30),
  athenaResultsExpireAfterDays: z.number().int().min(1),
  branch: z.string().regex(/^[A-Za-z0-9._/-]+$/),
});

/** The validated options of a stack. */
export type ResolvedSurvStackOptions = z.infer<typeof OptionsSchema>;

/** Applies the defaults and validates once; throws `InfraError('INFRA_INVALID_OPTIONS')` naming the field. */
export const resolveSurvStackOptions = (props: Partial<SurvStackProps>): ResolvedSurvStackOptions => {
  const merged = {
    detectorRuntime: props.detectorRuntime ?? DEFAULT_SURV_STACK.detectorRuntime,
    logRetentionDays: props.logRetentionDays ?? DEFAULT_SURV_STACK.logRetentionDays,
    athenaBytesScannedCutoff: props.athenaBytesScannedCutoff ?? DEFAULT_SURV_STACK.athenaBytesScannedCutoff,
    rawInfrequentAccessAfterDays: props.rawInfrequentAccessAfterDays ?? DEFAULT_SURV_STACK.rawInfrequentAccessAfterDays,
    athenaResultsExpireAfterDays: props.athenaResultsExpireAfterDays ?? DEFAULT_SURV_STACK.athenaResultsExpireAfterDays,
    branch: props.branch ?? DEFAULT_SURV_STACK.branch,
  };
  const parsed = OptionsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InfraError('INFRA_INVALID_OPTIONS', `surv stack option '${issue?.path.join('.') ?? '?'}': ${issue?.message ?? 'invalid'} (received ${JSON.stringify(merged)})`);
  }
  return parsed.data;
};

/** Parses the `-c detector=...` context value (undefined means the default, `lambda`). */
export const parseDetectorRuntime = (value: unknown): DetectorRuntime => {
  if (value === undefined || value === null || value === '') return DEFAULT_SURV_STACK.detectorRuntime;
  if (typeof value === 'string' && (DETECTOR_RUNTIMES as readonly string[]).includes(value)) return value as DetectorRuntime;
  throw new InfraError('INFRA_INVALID_OPTIONS', `context 'detector' must be one of ${DETECTOR_RUNTIMES.join(', ')}, received ${JSON.stringify(value)}`);
};
