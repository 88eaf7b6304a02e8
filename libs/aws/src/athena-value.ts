import { AwsAdapterError } from './errors';

/** How Athena `bigint` values come back. `number` refuses values beyond 2^53 rather than rounding them. */
export type BigintMode = 'number' | 'bigint' | 'string';

const pad = (s: string, n: number) => s.padEnd(n, '0').slice(0, n);

/** `2024-01-02 03:04:05.678[ UTC]` -> `2024-01-02T03:04:05.678Z`; other zones and shapes are returned as given. */
const timestampToIso = (raw: string): string => {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?: (UTC|Z|\+00:00))?$/.exec(raw);
  if (!m) return raw;
  return `${m[1]}T${m[2]}.${pad(m[3] ?? '', 3)}${m[3] !== undefined && m[3].length > 3 ? m[3].slice(3) : ''}Z`;
};

const parseNumber = (raw: string, column: string, type: string): number => {
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity') return Number.POSITIVE_INFINITY;
  if (raw === '-Infinity') return Number.NEGATIVE_INFINITY;
  const n = Number(raw);
  if (raw.trim() === '' || Number.isNaN(n)) {
    throw new AwsAdapterError('ATHENA_QUERY_FAILED', `column '${column}' (${type}): cannot read '${raw}' as a number`);
  }
  return n;
};

/**
 * Converts one Athena result cell (always text on the wire) by its column type:
 * tinyint/smallint/integer/double/real/float -> number, bigint -> per `bigintMode`, boolean -> boolean,
 * timestamp -> ISO-8601 UTC string, date/decimal/varchar/char/json/array/map/row -> string (decimal kept
 * exact). A cell without a value is `null`.
 */
export const convertAthenaValue = (raw: string | undefined, type: string, column: string, bigintMode: BigintMode = 'number'): unknown => {
  if (raw === undefined) return null;
  const base = type.toLowerCase().replace(/\(.*$/, '').trim();
  switch (base) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'double':
    case 'real':
    case 'float':
      return parseNumber(raw, column, type);
    case 'bigint': {
      if (!/^-?\d+$/.test(raw)) throw new AwsAdapterError('ATHENA_QUERY_FAILED', `column '${column}' (bigint): cannot read '${raw}' as an integer`);
      if (bigintMode === 'string') return raw;
      if (bigintMode === 'bigint') return BigInt(raw);
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) {
        throw new AwsAdapterError('ATHENA_QUERY_FAILED', `column '${column}' (bigint): ${raw} exceeds 2^53; use bigintMode 'bigint' or 'string'`);
      }
      return n;
    }
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new AwsAdapterError('ATHENA_QUERY_FAILED', `column '${column}' (boolean): cannot read '${raw}' as a boolean`);
    case 'timestamp':
    case 'timestamp with time zone':
      return timestampToIso(raw);
    default:
      return raw;
  }
};
