import { SqlError } from './errors';
import { type ReferenceDataSource } from './input/reference-data';
import { DEFAULT_RANDOM_SEED } from './runtime/seeded-random';

/** Options of `compileApplication`. */
export interface ApplicationOptions {
  /** Name of the in-application input stream. @default 'SOURCE_SQL_STREAM_001' */
  readonly inputStreamName?: string;
  /**
   * KDA's InputParallelism (1 to 64): how many in-application streams the source is split into,
   * named like the input stream with `_001` ... `_0NN` (the name must end in `_001`). push() picks a
   * record's stream from its `shard` or `partitionKey` (see Application.push). @default 1
   */
  readonly inputParallelism?: number;
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
  /** Every in-application input stream's name, `inputStreamName` first. */
  readonly inputStreamNames: readonly string[];
  readonly rowtime: { readonly field: string } | 'arrival';
  readonly clock: () => number;
  readonly referenceData: readonly ReferenceDataSource[];
  readonly randomSeed: number;
}

export const DEFAULT_APPLICATION_OPTIONS: ResolvedApplicationOptions = {
  inputStreamName: 'SOURCE_SQL_STREAM_001',
  inputStreamNames: ['SOURCE_SQL_STREAM_001'],
  rowtime: 'arrival',
  clock: () => Date.now(),
  referenceData: [],
  randomSeed: DEFAULT_RANDOM_SEED,
};

/** Limits of InputParallelism's Count (API reference, InputParallelism). */
export const MAX_INPUT_PARALLELISM = 64;

/** The in-application streams KDA creates for a source: `<NamePrefix>_001` ... `_0NN`. */
const parallelStreamNames = (first: string, count: unknown): string[] => {
  if (count === undefined || count === 1) return [first];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_INPUT_PARALLELISM) {
    throw new SqlError('KAV2_INVALID_ARGUMENT', `inputParallelism must be an integer from 1 to ${MAX_INPUT_PARALLELISM}, got ${JSON.stringify(count)}`);
  }
  if (!first.endsWith('_001')) {
    throw new SqlError('KAV2_INVALID_ARGUMENT', `with inputParallelism ${count} the input stream name must end in _001 (KDA names the streams <NamePrefix>_001 ... _${String(count).padStart(3, '0')}), got ${first}`);
  }
  const prefix = first.slice(0, -'_001'.length);
  return Array.from({ length: count }, (_, i) => `${prefix}_${String(i + 1).padStart(3, '0')}`);
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
  return { ...r, inputStreamNames: parallelStreamNames(r.inputStreamName, o.inputParallelism) };
};
