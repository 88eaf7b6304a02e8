import { formatType, type SqlType, type SqlValue } from '../analyzer/sql-type';
import { parseTimeText, parseTimestampText } from '../datetime/datetime';
import { castFn, INT_RANGE } from '../runtime/cast';
import { RowError } from '../runtime/row';
import { splitCsvFields, splitCsvRows } from './csv';
import { type ResolvedInputSchema } from './input-schema';
import { jsonText, UNPRINTABLE } from './json-text';
import {
  columnPath, expandPath, type FlattenedArray, flattenedArray, isInheritedName, ownField, parseJsonPath, readPath, type PathStep,
} from './json-path';

/** One input record turned into typed rows (several when RecordRowPath expands an array). */
export type MapResult =
  | { ok: true; rows: { values: SqlValue[]; source: unknown }[]; root: unknown }
  | { ok: false; name: string; reason: string; raw: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Digits before the decimal point a DECIMAL(p,s) holds (p - s); unbounded without a precision. */
const integerDigits = (type: SqlType): number =>
  type.length === undefined ? Number.POSITIVE_INFINITY : type.length - (type.scale ?? 0);

/**
 * Converts a JSON value to a column's SQL type following "Mapping JSON Data Types to SQL Data Types" of
 * the KDA Developer Guide; throws RowError (a coercion error) with a reason naming the column.
 * - booleans: numeric 1/0, BOOLEAN as is, text 'true'/'false', datetime fails;
 * - numbers: numeric when they fit (123.4 to INT fails), BOOLEAN 0 -> false else true, text, datetime fails;
 * - strings: converted when they can be ('12' to INT), BOOLEAN true when 'true' (any case) else false,
 *   text truncated to the column's length, datetime when in a datetime format ('1992-02-14 18:35:44.0');
 * - arrays and objects: their JSON text for CHAR/VARCHAR, any other type fails.
 */
const generalConverter = (name: string, type: SqlType): ((raw: unknown) => SqlValue) => {
  const fromText = castFn({ name: 'VARCHAR' }, type);
  const fromNumber = castFn({ name: 'DOUBLE' }, type);
  const maxIntDigits = type.name === 'DECIMAL' ? integerDigits(type) : Number.POSITIVE_INFINITY;
  const fail = (raw: unknown, why = `cannot be read as ${type.name}`): never => {
    throw new RowError('MAPPING_FAILED', `column ${name}: value ${jsonText(raw) ?? UNPRINTABLE} ${why}`);
  };
  /** A number for a numeric column: integer types take only whole numbers, DECIMAL(p,s) only p - s integer digits. */
  const numeric = (raw: unknown, n: number): SqlValue => {
    if (!Number.isFinite(n)) return fail(raw);
    if (INT_RANGE[type.name] !== undefined && !Number.isInteger(n)) return fail(raw, `cannot be read as ${type.name}: it has a fractional part`);
    if (Math.abs(n) >= 10 ** maxIntDigits) return fail(raw, `does not fit ${formatType(type)}`);
    return fromNumber(n);
  };
  return (raw) => {
    if (raw === null || raw === undefined) return null;
    try {
      switch (type.name) {
        case 'VARCHAR': case 'CHAR':
          if (typeof raw === 'object') {
            const text = jsonText(raw);
            return text === undefined ? fail(raw, 'has no JSON text to store') : fromText(text);
          }
          return fromText(typeof raw === 'string' ? raw : String(raw));
        case 'TIMESTAMP': case 'DATE': {
          const ms = typeof raw === 'string' ? parseTimestampText(raw) : NaN;
          if (!Number.isFinite(ms)) return fail(raw);
          return type.name === 'DATE' ? Math.floor(ms / 86_400_000) * 86_400_000 : ms;
        }
        case 'TIME': {
          const ms = typeof raw === 'string' ? parseTimeText(raw) : NaN;
          return Number.isFinite(ms) ? ms : fail(raw);
        }
        case 'BOOLEAN':
          if (typeof raw === 'boolean') return raw;
          if (typeof raw === 'number') return raw !== 0;
          if (typeof raw === 'string') return raw.trim().toLowerCase() === 'true';
          return fail(raw);
        default:
          if (typeof raw === 'number') return numeric(raw, raw);
          if (typeof raw === 'boolean') return numeric(raw, raw ? 1 : 0);
          if (typeof raw === 'string') {
            fromText(raw); // refuses text that is not a number, naming the column's type
            return numeric(raw, Number(raw.trim()));
          }
          return fail(raw);
      }
    } catch (e) {
      if (e instanceof RowError && e.errorName !== 'MAPPING_FAILED') return fail(raw, `cannot be read as ${type.name}: ${e.message}`);
      throw e;
    }
  };
};

/**
 * The common case first: a JSON value that already has the column's type passes through after the
 * inline check of `fastCheck`; anything else (nulls, text numbers, over-long text) takes the general conversion.
 */
const inputConverter = (name: string, type: SqlType): ((raw: unknown) => SqlValue) => {
  const general = generalConverter(name, type);
  const check = fastCheck(type, 'raw');
  if (check === undefined) return general;
  // Generated from the column's type alone: no user text reaches the source.
  return new Function('general', `"use strict";\nreturn (raw) => (${check} ? raw : general(raw));`)(general) as (raw: unknown) => SqlValue;
};

/** A record as DATA_ROW shows it: its text (bytes decoded, objects as JSON), cut at 4096 characters. */
export const recordText = (raw: unknown): string => {
  const s = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : jsonText(raw) ?? UNPRINTABLE;
  return s.length > 4096 ? `${s.slice(0, 4096)}...` : s;
};

/**
 * Builds the function that turns raw records (JSON text, bytes or already-parsed objects) into
 * typed rows of the input stream, following the input schema's mappings.
 */
export const createRecordMapper = (schema: ResolvedInputSchema): ((record: unknown) => MapResult) => {
  const converters = schema.columns.map((c) => inputConverter(c.name, c.type));
  if (schema.format === 'CSV') {
    return (record) => {
      let text: string;
      try {
        text = typeof record === 'string' ? record : record instanceof Uint8Array ? decoder.decode(record) : String(record);
      } catch {
        return { ok: false, name: 'DECODE_FAILED', reason: 'record is not valid UTF-8', raw: recordText(record) };
      }
      const rows: { values: SqlValue[]; source: unknown }[] = [];
      for (const line of splitCsvRows(text, schema.rowDelimiter, schema.columnDelimiter)) {
        const fields = splitCsvFields(line, schema.columnDelimiter);
        if (!Array.isArray(fields)) return { ok: false, name: 'MAPPING_FAILED', reason: `CSV row: ${fields.error}`, raw: recordText(record) };
        if (fields.length < converters.length) {
          return { ok: false, name: 'MAPPING_FAILED', reason: `CSV row has ${fields.length} fields, the schema ${converters.length}`, raw: recordText(record) };
        }
        try {
          const values = converters.map((conv, i) => conv(fields[i] === '' && schema.columns[i]!.type.name !== 'VARCHAR' ? null : fields[i]));
          // The row's fields by column name: what a rowtime field of a CSV record is read from.
          rows.push({ values, source: Object.fromEntries(schema.columns.map((c, i) => [c.name, fields[i]])) });
        } catch (e) {
          if (e instanceof RowError) return { ok: false, name: e.errorName, reason: e.message, raw: recordText(record) };
          throw e;
        }
      }
      return { ok: true, rows, root: text };
    };
  }
  const rowSteps = parseJsonPath(schema.rowPath);
  const colSteps: PathStep[][] = schema.columns.map((c) => columnPath(schema.rowPath, c.mapping ?? `$.${c.name}`));
  const expands = rowSteps.some((s) => s.kind === 'all');
  const width = converters.length;
  // Flat records ("$" rows, "$.field" mappings) are read by property name, without walking paths.
  const flatNames = rowSteps.length === 0 && colSteps.every((p) => p.length === 1 && p[0]!.kind === 'prop')
    ? colSteps.map((p) => (p[0] as { name: string }).name)
    : undefined;
  // Columns such as "$.orders[0:].orderId" flatten that array: one row per element, the other columns repeated
  // (resolveInputSchema has checked that they all flatten the same array).
  const flattens = colSteps.map((p, i) => flattenedArray(p, schema.columns[i]!.mapping ?? ''));
  const flattened = flattens.find((f) => f !== undefined);
  const mapRow = (row: object): SqlValue[] => {
    const values = new Array<SqlValue>(width);
    if (flatNames !== undefined && !Array.isArray(row)) {
      for (let i = 0; i < width; i++) values[i] = converters[i]!(ownField(row, flatNames[i]!));
    } else {
      for (let i = 0; i < width; i++) values[i] = converters[i]!(readPath(row, colSteps[i]!));
    }
    return values;
  };
  /** The rows of one flattened record; an empty or missing array still gives one row, its element columns NULL. */
  const mapFlattened = (row: object, f: FlattenedArray): SqlValue[][] => {
    const array = readPath(row, f.toArray);
    const elements = Array.isArray(array) ? array.slice(f.all.from) : [];
    const shared = colSteps.map((p, i) => (flattens[i] === undefined ? converters[i]!(readPath(row, p)) : null));
    if (elements.length === 0) return [shared];
    return elements.map((element) => shared.map((v, i) => (flattens[i] === undefined ? v : converters[i]!(readPath(element, flattens[i]!.inElement)))));
  };
  return (record) => {
    let root: unknown = record;
    if (typeof record === 'string' || record instanceof Uint8Array) {
      try {
        root = JSON.parse(typeof record === 'string' ? record : decoder.decode(record));
      } catch (cause) {
        return { ok: false, name: 'PARSE_FAILED', reason: `record is not valid JSON: ${(cause as Error).message}`, raw: recordText(record) };
      }
    }
    const rowValues = expands ? expandPath(root, rowSteps) : [readPath(root, rowSteps)];
    const rows: { values: SqlValue[]; source: unknown }[] = [];
    for (const row of rowValues) {
      if (typeof row !== 'object' || row === null) {
        return { ok: false, name: 'MAPPING_FAILED', reason: `RecordRowPath ${schema.rowPath} does not select an object`, raw: recordText(record) };
      }
      try {
        if (flattened === undefined) rows.push({ values: mapRow(row), source: row });
        else for (const values of mapFlattened(row, flattened)) rows.push({ values, source: row });
      } catch (e) {
        if (e instanceof RowError) return { ok: false, name: e.errorName, reason: e.message, raw: recordText(record) };
        throw e;
      }
    }
    return { ok: true, rows, root };
  };
};

/**
 * The fast path for the common input shape: JSON records whose row is the record itself (`$`) and
 * whose mappings each name one top-level field. Returns undefined for any other schema. The mapper
 * writes the row of an already-parsed object into `out` and throws RowError where
 * `createRecordMapper` would report one.
 */
export const createFlatJsonMapper = (schema: ResolvedInputSchema): ((obj: Record<string, unknown>, out: SqlValue[]) => void) | undefined => {
  if (schema.format !== 'JSON' || parseJsonPath(schema.rowPath).length !== 0) return undefined;
  const steps = schema.columns.map((c) => parseJsonPath(c.mapping ?? `$.${c.name}`));
  if (!steps.every((p) => p.length === 1 && p[0]!.kind === 'prop')) return undefined;
  const names = steps.map((p) => (p[0] as { name: string }).name);
  const converters = schema.columns.map((c) => inputConverter(c.name, c.type));
  // One generated function with a named load per field: a loop over names would make every read a
  // keyed lookup. Each field's common case is checked inline; anything else goes to its converter.
  const lines = names.map((name, i) => {
    const key = JSON.stringify(name);
    // Fields named like an Object.prototype member take the own-property check; the others are read as they are.
    const read = isInheritedName(name) ? `own(obj, ${key})` : `obj[${key}]`;
    const check = fastCheck(schema.columns[i]!.type, 'v');
    return check === undefined ? `out[${i}] = conv[${i}](${read});` : `v = ${read}; out[${i}] = ${check} ? v : conv[${i}](v);`;
  });
  const source = `"use strict";\nreturn function mapFlat(obj, out) {\nlet v;\n${lines.join('\n')}\n};`;
  // Field names are JSON-escaped string literals and types come from the resolved schema: no user text runs.
  return new Function('conv', 'own', source)(converters, ownField) as (obj: Record<string, unknown>, out: SqlValue[]) => void;
};

/**
 * The inline test (JavaScript source over the variable `v`) for a JSON value that already is the column's
 * type and passes through as it is; undefined for types that always take the general conversion.
 */
const fastCheck = (type: SqlType, v: string): string | undefined => {
  switch (type.name) {
    case 'VARCHAR':
      return type.length === undefined ? `typeof ${v} === 'string'` : `typeof ${v} === 'string' && ${v}.length <= ${type.length}`;
    case 'DOUBLE': case 'REAL':
      // x - x is 0 for finite numbers only: JSON.parse reads 1e400 as Infinity, which no column holds.
      return `typeof ${v} === 'number' && ${v} - ${v} === 0`;
    case 'INTEGER': case 'BIGINT': case 'SMALLINT': case 'TINYINT': {
      const [lo, hi] = INT_RANGE[type.name]!;
      return `typeof ${v} === 'number' && Number.isInteger(${v}) && ${v} >= ${lo} && ${v} <= ${hi}`;
    }
    case 'BOOLEAN':
      return `typeof ${v} === 'boolean'`;
    default:
      return undefined;
  }
};
