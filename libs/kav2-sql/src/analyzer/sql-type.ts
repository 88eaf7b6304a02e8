/** Canonical SQL type names handled by the engine. INTERVAL_DT is held in ms, INTERVAL_YM in months. */
export type SqlTypeName =
  | 'VARCHAR' | 'CHAR' | 'INTEGER' | 'BIGINT' | 'SMALLINT' | 'TINYINT' | 'DOUBLE' | 'REAL' | 'DECIMAL'
  | 'BOOLEAN' | 'TIMESTAMP' | 'DATE' | 'TIME' | 'INTERVAL_DT' | 'INTERVAL_YM' | 'VARBINARY' | 'NULL' | 'ROW';

/** A field of an interval qualifier, most significant first (SQL:2008 <interval qualifier>). */
export type IntervalField = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

/** `<start> [TO <end>]` of an interval type: which fields its text shows (INTERVAL '3 4' DAY TO HOUR). */
export interface IntervalQualifier {
  readonly start: IntervalField;
  readonly end: IntervalField;
}

/** A resolved SQL type. */
export interface SqlType {
  readonly name: SqlTypeName;
  readonly length?: number;
  readonly scale?: number;
  /** The fields of a ROW (what the log-parse functions return); its value is an array in field order. */
  readonly fields?: readonly Column[];
  /** An interval's qualifier; absent, DAY TO SECOND (day-time) or YEAR TO MONTH (year-month). */
  readonly qualifier?: IntervalQualifier;
}

/** A runtime value: TIMESTAMP/DATE are epoch ms, TIME is ms since midnight, intervals are ms or months. */
export type SqlValue = string | number | boolean | null;

/** A named, typed column of a stream. */
export interface Column {
  readonly name: string;
  readonly type: SqlType;
  /** Declared NOT NULL (in-application streams only). */
  readonly notNull?: boolean;
}

export const INTEGER_TYPES: ReadonlySet<SqlTypeName> = new Set(['INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT']);
export const NUMERIC_TYPES: ReadonlySet<SqlTypeName> = new Set([
  'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'DOUBLE', 'REAL', 'DECIMAL',
]);
export const STRING_TYPES: ReadonlySet<SqlTypeName> = new Set(['VARCHAR', 'CHAR']);
export const DATETIME_TYPES: ReadonlySet<SqlTypeName> = new Set(['TIMESTAMP', 'DATE', 'TIME']);

export const t = (name: SqlTypeName, length?: number, scale?: number): SqlType =>
  length === undefined ? { name } : scale === undefined ? { name, length } : { name, length, scale };

export const isNumeric = (ty: SqlType): boolean => NUMERIC_TYPES.has(ty.name) || ty.name === 'NULL';
export const isInteger = (ty: SqlType): boolean => INTEGER_TYPES.has(ty.name);
export const isString = (ty: SqlType): boolean => STRING_TYPES.has(ty.name) || ty.name === 'NULL';

/** Renders a type as KDA writes it, e.g. VARCHAR(4), DECIMAL(10,2), INTERVAL. */
export const formatType = (ty: SqlType): string => {
  if (ty.name === 'INTERVAL_DT' || ty.name === 'INTERVAL_YM') {
    const q = ty.qualifier;
    return q ? `INTERVAL ${q.start}${q.end === q.start ? '' : ` TO ${q.end}`}` : 'INTERVAL';
  }
  if (ty.name === 'ROW') return `ROW(${(ty.fields ?? []).map((f) => `${f.name} ${formatType(f.type)}`).join(', ')})`;
  if (ty.length === undefined) return ty.name;
  return ty.scale === undefined ? `${ty.name}(${ty.length})` : `${ty.name}(${ty.length},${ty.scale})`;
};

const NUMERIC_RANK: Partial<Record<SqlTypeName, number>> = {
  TINYINT: 1, SMALLINT: 2, INTEGER: 3, BIGINT: 4, DECIMAL: 5, REAL: 6, DOUBLE: 7,
};

/** The common type of two numeric operands (SQL widening). */
export const widenNumeric = (a: SqlType, b: SqlType): SqlType => {
  if (a.name === 'NULL') return b;
  if (b.name === 'NULL') return a;
  const ra = NUMERIC_RANK[a.name] ?? 7;
  const rb = NUMERIC_RANK[b.name] ?? 7;
  return ra >= rb ? t(a.name) : t(b.name);
};

/** Decimal digits of an exact integer type: its precision when it takes part in DECIMAL arithmetic. */
export const INTEGER_DIGITS: Readonly<Partial<Record<SqlTypeName, number>>> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 19 };

/** "For DECIMAL we support a maximum of 18 digits for precision and scale" (SQL Reference, Numeric Types and Precision). */
export const MAX_DECIMAL_PRECISION = 18;

/** Precision and scale of an exact operand (an integer type is DECIMAL(digits, 0)); undefined when unknown. */
const exactDigits = (x: SqlType): readonly [number, number] | undefined => {
  const digits = INTEGER_DIGITS[x.name];
  if (digits !== undefined) return [digits, 0];
  return x.name === 'DECIMAL' && x.length !== undefined ? [x.length, x.scale ?? 0] : undefined;
};

/**
 * The DECIMAL type of `a op b` for exact operands at least one of which is a DECIMAL, by the rules of the SQL
 * Reference, Numeric Types and Precision (2.0 + 2.0 is a DECIMAL(3,1), 4.0; 5.0 / 2 a DECIMAL(13,12), 2.500000000000,
 * as the Streaming SQL Operators page prints them):
 * - sum or subtraction: s = max(s1, s2), p = max(p1 - s1, p2 - s2) + s + 1;
 * - multiply: p = p1 + p2, s = s1 + s2;
 * - divide: whole digits d = p1 - s1 + s2, s = max(6, s1 + p2 + 1), p = d + s; when that exceeds the maximum,
 *   "precedence is first giving at least the scale of the first argument (s >= s1) followed by enough whole digits".
 * Precision and scale are capped at 18. Undefined when the rules do not apply (an approximate operand, no DECIMAL,
 * a DECIMAL of unknown precision, or `%`).
 */
export const decimalArithmeticType = (op: string, a: SqlType, b: SqlType): SqlType | undefined => {
  if (a.name !== 'DECIMAL' && b.name !== 'DECIMAL') return undefined;
  const da = exactDigits(a);
  const db = exactDigits(b);
  if (!da || !db) return undefined;
  const [p1, s1] = da;
  const [p2, s2] = db;
  const max = MAX_DECIMAL_PRECISION;
  const decimal = (p: number, s: number): SqlType => {
    const precision = Math.max(1, Math.min(p, max));
    return t('DECIMAL', precision, Math.min(s, precision));
  };
  switch (op) {
    case '+': case '-': {
      const s = Math.max(s1, s2);
      return decimal(Math.max(p1 - s1, p2 - s2) + s + 1, s);
    }
    case '*':
      return decimal(p1 + p2, s1 + s2);
    case '/': {
      let d = Math.max(0, p1 - s1 + s2);
      let s = Math.min(Math.max(6, s1 + p2 + 1), max);
      if (d + s > max) {
        s = Math.max(Math.min(s1, max), max - d);
        d = max - s;
      }
      return decimal(d + s, s);
    }
    default:
      return undefined;
  }
};

/** The common type of CASE branches / COALESCE arguments. */
export const commonType = (types: readonly SqlType[]): SqlType => {
  const known = types.filter((x) => x.name !== 'NULL');
  if (known.length === 0) return t('NULL');
  if (known.every((x) => NUMERIC_TYPES.has(x.name))) return known.reduce(widenNumeric);
  if (known.every((x) => STRING_TYPES.has(x.name))) {
    const lens = known.map((x) => x.length);
    return lens.every((l) => l !== undefined) ? t('VARCHAR', Math.max(...(lens as number[]))) : t('VARCHAR');
  }
  return known[0]!;
};

const FIELD_RANK: Readonly<Record<IntervalField, number>> = { YEAR: 0, MONTH: 1, DAY: 2, HOUR: 3, MINUTE: 4, SECOND: 5 };

/** An interval type with qualifier `start TO end` (day-time or year-month by its fields). */
export const intervalType = (start: IntervalField, end: IntervalField = start): SqlType =>
  ({ name: FIELD_RANK[start] <= FIELD_RANK.MONTH ? 'INTERVAL_YM' : 'INTERVAL_DT', qualifier: { start, end } });

/** The qualifier of an interval type, with the default of its kind when none was declared. */
export const qualifierOf = (ty: SqlType): IntervalQualifier =>
  ty.qualifier ?? (ty.name === 'INTERVAL_YM' ? { start: 'YEAR', end: 'MONTH' } : { start: 'DAY', end: 'SECOND' });

/**
 * The type of `a + b` / `a - b` over two intervals of one kind: the fields of both (SQL:2008 6.33,
 * INTERVAL '1' DAY + INTERVAL '3 4' DAY TO HOUR is a DAY TO HOUR interval).
 */
export const widenInterval = (a: SqlType, b: SqlType): SqlType => {
  if (!a.qualifier || !b.qualifier) return t(a.name);
  const qa = a.qualifier;
  const qb = b.qualifier;
  const start = FIELD_RANK[qa.start] <= FIELD_RANK[qb.start] ? qa.start : qb.start;
  const end = FIELD_RANK[qa.end] >= FIELD_RANK[qb.end] ? qa.end : qb.end;
  return intervalType(start, end);
};

/** Whether `field` lies from `q.start` to `q.end`. */
export const qualifierHas = (q: IntervalQualifier, field: IntervalField): boolean =>
  FIELD_RANK[field] >= FIELD_RANK[q.start] && FIELD_RANK[field] <= FIELD_RANK[q.end];

/** Whether `start TO end` is a valid qualifier: start at least as significant, both of one kind. */
export const isValidQualifier = (start: IntervalField, end: IntervalField): boolean =>
  FIELD_RANK[start] <= FIELD_RANK[end] && (FIELD_RANK[start] <= FIELD_RANK.MONTH) === (FIELD_RANK[end] <= FIELD_RANK.MONTH);
