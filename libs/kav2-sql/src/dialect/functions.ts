import { type SqlType, commonType, t, widenNumeric } from '../analyzer/sql-type';

/** Signature of a scalar function: arity and result type (from argument types and an optional unit). */
export interface ScalarSignature {
  readonly min: number;
  readonly max: number;
  readonly returns: (args: readonly SqlType[], unit?: string) => SqlType;
}

const fixed = (ty: SqlType) => (): SqlType => ty;
const first = (args: readonly SqlType[]): SqlType => args[0] ?? t('NULL');
const numericFirst = (args: readonly SqlType[]): SqlType => (args[0]?.name === 'NULL' ? t('DOUBLE') : first(args));
const sig = (min: number, max: number, returns: ScalarSignature['returns']): ScalarSignature => ({ min, max, returns });
const VARCHAR = t('VARCHAR');

/**
 * The scalar functions of the KDA SQL Reference this engine implements (data; the implementations
 * live in runtime/scalar-functions.ts under the same names).
 */
export const SCALAR_FUNCTIONS: Readonly<Record<string, ScalarSignature>> = {
  // string
  UPPER: sig(1, 1, fixed(VARCHAR)),
  LOWER: sig(1, 1, fixed(VARCHAR)),
  INITCAP: sig(1, 1, fixed(VARCHAR)),
  CHAR_LENGTH: sig(1, 1, fixed(t('INTEGER'))),
  CHARACTER_LENGTH: sig(1, 1, fixed(t('INTEGER'))),
  SUBSTRING: sig(2, 3, fixed(VARCHAR)),
  POSITION: sig(2, 3, fixed(t('INTEGER'))),
  OVERLAY: sig(3, 4, fixed(VARCHAR)),
  TRIM: sig(1, 2, fixed(VARCHAR)),
  LTRIM: sig(1, 1, fixed(VARCHAR)),
  RTRIM: sig(1, 1, fixed(VARCHAR)),
  LEFT: sig(2, 2, fixed(VARCHAR)),
  RIGHT: sig(2, 2, fixed(VARCHAR)),
  REPLACE: sig(3, 3, fixed(VARCHAR)),
  REGEX_REPLACE: sig(3, 5, fixed(VARCHAR)),
  CONCAT: sig(1, 64, fixed(VARCHAR)),
  // numeric
  ABS: sig(1, 1, numericFirst),
  ROUND: sig(1, 2, numericFirst),
  TRUNCATE: sig(1, 2, numericFirst),
  MOD: sig(2, 2, (a) => widenNumeric(a[0]!, a[1]!)),
  CEIL: sig(1, 1, (a, unit) => (unit ? first(a) : numericFirst(a))),
  CEILING: sig(1, 1, (a, unit) => (unit ? first(a) : numericFirst(a))),
  FLOOR: sig(1, 1, (a, unit) => (unit ? first(a) : numericFirst(a))),
  POWER: sig(2, 2, fixed(t('DOUBLE'))),
  SQRT: sig(1, 1, fixed(t('DOUBLE'))),
  EXP: sig(1, 1, fixed(t('DOUBLE'))),
  LN: sig(1, 1, fixed(t('DOUBLE'))),
  LOG10: sig(1, 1, fixed(t('DOUBLE'))),
  SIGN: sig(1, 1, numericFirst),
  // date/time
  STEP: sig(2, 2, first),
  // "Returns BIGINT for all fields other than SECOND. For SECOND it returns DECIMAL(5,3) and includes
  // milliseconds" (SQL Reference, EXTRACT), from a datetime as from an interval ('2 3:4:5.678' -> 5.678).
  EXTRACT: sig(1, 1, (_a, unit) => (unit === 'SECOND' ? t('DECIMAL', 5, 3) : t('BIGINT'))),
  TSDIFF: sig(2, 2, fixed(t('BIGINT'))),
  CHAR_TO_TIMESTAMP: sig(2, 2, fixed(t('TIMESTAMP'))),
  CHAR_TO_DATE: sig(2, 2, fixed(t('DATE'))),
  CHAR_TO_TIME: sig(2, 2, fixed(t('TIME'))),
  TIMESTAMP_TO_CHAR: sig(2, 2, fixed(VARCHAR)),
  DATE_TO_CHAR: sig(2, 2, fixed(VARCHAR)),
  TIME_TO_CHAR: sig(2, 2, fixed(VARCHAR)),
  TO_TIMESTAMP: sig(1, 1, fixed(t('TIMESTAMP'))),
  UNIX_TIMESTAMP: sig(1, 1, fixed(t('BIGINT'))),
  CURRENT_ROW_TIMESTAMP: sig(0, 0, fixed(t('TIMESTAMP'))),
  CURRENT_TIMESTAMP: sig(0, 0, fixed(t('TIMESTAMP'))),
  LOCALTIMESTAMP: sig(0, 0, fixed(t('TIMESTAMP'))),
  CURRENT_DATE: sig(0, 0, fixed(t('DATE'))),
  CURRENT_TIME: sig(0, 0, fixed(t('TIME'))),
  LOCALTIME: sig(0, 0, fixed(t('TIME'))),
  // null handling
  COALESCE: sig(1, 64, (a) => commonType(a)),
  NVL: sig(2, 2, (a) => commonType(a)),
  NULLIF: sig(2, 2, first),
  // streaming: evaluates its argument, declaring it monotonic for a streaming GROUP BY
  MONOTONIC: sig(1, 1, first),
};

/** Aggregate functions usable with GROUP BY (tumbling / stagger) and with OVER (sliding). */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'VAR_POP', 'VAR_SAMP', 'STDDEV_POP', 'STDDEV_SAMP', 'ANY', 'EVERY',
]);

/** Other names of functions: "STD_DEV is an alias of STDDEV_SAMP" (SQL Reference, STDDEV_SAMP). */
export const FUNCTION_ALIASES: Readonly<Record<string, string>> = { STD_DEV: 'STDDEV_SAMP' };

/** Analytic-only functions (need OVER). */
export const ANALYTIC_FUNCTIONS: ReadonlySet<string> = new Set(['LAG', 'FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE', 'EXP_AVG']);

/** Functions of the reference that this engine deliberately rejects (named precisely at compile time). */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  // Table functions: only valid as TABLE(fn(CURSOR(...), ...)) in FROM, never in an expression.
  'TOP_K_ITEMS_TUMBLING', 'COUNT_DISTINCT_ITEMS_TUMBLING', 'RANDOM_CUT_FOREST', 'RANDOM_CUT_FOREST_WITH_EXPLANATION', 'HOTSPOTS', 'GROUP_RANK',
  'BETA_DIST', 'ROW_NUMBER', 'RANK',
  'CENTILE', 'PERCENTILE_CONT', 'PERCENTILE_DISC', 'CURSOR', 'TABLE',
]);
