import { z } from 'zod';
import { ProducerError } from './errors';

const nonEmpty = z.string().trim().min(1);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The producer's configuration, read once from the Lambda environment. */
export const ProducerEnvSchema = z.object({
  /** The market stream (2 shards, partition key = symbol). */
  MARKET_STREAM_NAME: nonEmpty,
  /** Simulated period per invocation, ms; match the schedule rate. At least 60_000 with manipulations on. @default 60_000 */
  INTERVAL_MS: z.coerce.number().int().min(1_000).max(900_000).default(60_000),
  /** Average background event rate, events per second over all symbols. @default 50 */
  EVENTS_PER_SECOND: z.coerce.number().positive().max(100_000).default(50),
  /** Number of simulated symbols. @default 20 */
  SYMBOLS: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Number of background accounts. @default 200 */
  ACCOUNTS: z.coerce.number().int().min(4).max(1_000_000).default(200),
  /** Inject the labelled manipulations and benign look-alikes. @default true */
  MANIPULATIONS: flag.default(true),
  /** Bad records per good event, so the quarantine path runs in production too. @default 0.001 */
  BAD_RECORD_RATE: z.coerce.number().min(0).max(1).default(0.001),
  /** Mixed into every interval's seed, so two deployments produce different markets. @default 0 */
  SEED_SALT: z.coerce.number().int().min(0).max(0xffffffff).default(0),
});
export type ProducerEnv = z.infer<typeof ProducerEnvSchema>;

/** Parses the environment once; a missing or bad variable is a typed error naming it. */
export const parseEnv = (source: Readonly<Record<string, string | undefined>>): ProducerEnv => {
  const parsed = ProducerEnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ProducerError('PRODUCER_INVALID_ENV', `invalid producer environment: ${issues}`);
  }
  if (parsed.data.MANIPULATIONS && parsed.data.INTERVAL_MS < 60_000) {
    throw new ProducerError('PRODUCER_INVALID_ENV', `INTERVAL_MS ${parsed.data.INTERVAL_MS} is below 60000, which manipulations need; raise it or set MANIPULATIONS=false`);
  }
  return parsed.data;
};
