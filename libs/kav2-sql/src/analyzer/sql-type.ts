/** Canonical SQL type names handled by the engine. INTERVAL_DT is held in ms, INTERVAL_YM in months. */
export type SqlTypeName =
  | 'VARCHAR' | 'CHAR' | 'INTEGER' | 'BIGINT' | 'SMALLINT' | 'TINYINT' | 'DOUBLE' | 'REAL' | 'DECIMAL'
  | 'BOOLEAN' | 'TIMESTAMP' | 'DATE' | 'TIME' | 'INTERVAL_DT' | 'INTERVAL_YM' | 'VARBINARY' | 'NULL' | 'ROW';

/** A resolved SQL type. */
export interface SqlType {
  readonly name: SqlTypeName;
  readonly length?: number;
  readonly scale?: number;
  /** The fields of a ROW (what the log-parse functions return); its value is an array in field order. */
  readonly fields?: readonly Column[];
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
  if (ty.name === 'INTERVAL_DT' || ty.name === 'INTERVAL_YM') return 'INTERVAL';
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
