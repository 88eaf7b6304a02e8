import { SqlError } from './errors';
import { type ReferenceDataSource } from './input/reference-data';
import { DEFAULT_RANDOM_SEED } from './runtime/seeded-random';

/** Options of `compileApplication`. */
export interface ApplicationOptions {
  /** Name of the in-application input stream. @default 'SOURCE_SQL_STREAM_001' */
  readonly inputStreamName?: string;
  /**
   * Where ROWTIME comes from: `'arrival'` (push metadata `arrivalTime`, else the clock), or an event-time
   * field of the record (`{ field: 'event_time' }`: ISO-8601 string or epoch-ms number; need not be a
   * mapped column; dotted paths such as `meta.ts` are followed). @default 'arrival'
   */
  readonly rowtime?: { readonly field: string } | 'arrival';
  /** Arrival-time source when push() gets none; also CURRENT_ROW_TIMESTAMP. @default Date.now */
  readonly clock?: () => number;
  /**
   * In-application reference tables (KDA ReferenceDataSource: TableName, ReferenceSchema, the S3
   * object's data), loaded once at compile time and joinable to streams. @default []
   */
  readonly referenceData?: readonly ReferenceDataSource[];
  /**
   * Seed of RANDOM_CUT_FOREST's random samples and cuts (an integer): the same seed, SQL and input give
   * the same anomaly scores. @default 20160620
   */
  readonly randomSeed?: number;
}

/** Options with defaults applied. */
export interface ResolvedApplicationOptions {
  readonly inputStreamName: string;
  readonly rowtime: { readonly field: string } | 'arrival';
  readonly clock: () => number;
  readonly referenceData: readonly ReferenceDataSource[];
  readonly randomSeed: number;
}

export const DEFAULT_APPLICATION_OPTIONS: ResolvedApplicationOptions = {
  inputStreamName: 'SOURCE_SQL_STREAM_001',
  rowtime: 'arrival',
  clock: () => Date.now(),
  referenceData: [],
  randomSeed: DEFAULT_RANDOM_SEED,
};

/** Validates options once, at compile time. */
export const resolveApplicationOptions = (o: ApplicationOptions = {}): ResolvedApplicationOptions => {
  const r = {
    inputStreamName: o.inputStreamName ?? DEFAULT_APPLICATION_OPTIONS.inputStreamName,
    rowtime: o.rowtime ?? DEFAULT_APPLICATION_OPTIONS.rowtime,
    clock: o.clock ?? DEFAULT_APPLICATION_OPTIONS.clock,
    referenceData: o.referenceData ?? DEFAULT_APPLICATION_OPTIONS.referenceData,
    randomSeed: o.randomSeed ?? DEFAULT_APPLICATION_OPTIONS.randomSeed,
  };
  if (typeof r.inputStreamName !== 'string' || r.inputStreamName === '') {
    throw new SqlError('KAV2_INVALID_ARGUMENT', `inputStreamName must be a non-empty string, got ${JSON.stringify(o.inputStreamName)}`);
  }
  if (r.rowtime !== 'arrival' && (typeof r.rowtime !== 'object' || r.rowtime === null || typeof r.rowtime.field !== 'string' || r.rowtime.field === '')) {
    throw new SqlError('KAV2_INVALID_ARGUMENT', `rowtime must be 'arrival' or { field: string }, got ${JSON.stringify(o.rowtime)}`);
  }
  if (!Array.isArray(r.referenceData)) throw new SqlError('KAV2_INVALID_ARGUMENT', `referenceData must be an array, got ${JSON.stringify(o.referenceData)}`);
  if (!Number.isSafeInteger(r.randomSeed)) throw new SqlError('KAV2_INVALID_ARGUMENT', `randomSeed must be an integer, got ${JSON.stringify(o.randomSeed)}`);
  if (typeof r.clock !== 'function') throw new SqlError('KAV2_INVALID_ARGUMENT', 'clock must be a function returning epoch ms');
  return r;
};
