import { resolveColumnType } from '../analyzer/bind';
import { type Column } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { tokenize } from '../lexer/tokenize';
import { parseTypeSpec } from '../parser/parse';
import { columnPath, parseJsonPath, type FlattenedArray, flattenedArray, sameArray } from './json-path';

/**
 * The KDA `InputSchema` (as in CreateApplication / the console). Lower-case and camelCase key
 * variants are accepted too (`recordFormat`, `recordColumns`, `sqlType`, ...).
 */
export interface InputSchema {
  readonly RecordFormat: {
    readonly RecordFormatType: 'JSON' | 'CSV';
    readonly MappingParameters?: {
      readonly JSONMappingParameters?: { readonly RecordRowPath: string };
      readonly CSVMappingParameters?: { readonly RecordRowDelimiter: string; readonly RecordColumnDelimiter: string };
    };
  };
  readonly RecordEncoding?: string;
  readonly RecordColumns: readonly { readonly Name: string; readonly SqlType: string; readonly Mapping?: string }[];
}

/** A validated input schema: typed columns and how to pull them out of a record. */
export interface ResolvedInputSchema {
  readonly format: 'JSON' | 'CSV';
  readonly rowPath: string;
  readonly rowDelimiter: string;
  readonly columnDelimiter: string;
  readonly columns: readonly (Column & { readonly mapping?: string })[];
}

const get = (obj: unknown, key: string): unknown => {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const want = key.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === want) return v;
  return undefined;
};

const bad = (msg: string): SqlError => new SqlError('KAV2_INVALID_SCHEMA', `input schema: ${msg}`);

/** Validates and normalises an input schema (throws `SqlError` KAV2_INVALID_SCHEMA naming the bad field). */
export const resolveInputSchema = (schema: InputSchema | unknown): ResolvedInputSchema => {
  let raw: unknown = schema;
  if (typeof schema === 'string') {
    try {
      raw = JSON.parse(schema);
    } catch (cause) {
      throw new SqlError('KAV2_INVALID_SCHEMA', `input schema: not valid JSON (${(cause as Error).message})`, undefined, { cause });
    }
  }
  if (typeof raw !== 'object' || raw === null) throw bad('must be an object');
  const rf = get(raw, 'RecordFormat');
  const formatType = String(get(rf, 'RecordFormatType') ?? 'JSON').toUpperCase();
  if (formatType !== 'JSON' && formatType !== 'CSV') throw bad(`RecordFormatType '${formatType}' is not JSON or CSV`);
  const mp = get(rf, 'MappingParameters');
  const json = get(mp, 'JSONMappingParameters');
  const csv = get(mp, 'CSVMappingParameters');
  const rowPath = String(get(json, 'RecordRowPath') ?? '$');
  if (!rowPath.startsWith('$')) throw bad(`RecordRowPath '${rowPath}' must start with $`);
  if (formatType === 'JSON') parseJsonPath(rowPath);
  const encoding = get(raw, 'RecordEncoding');
  if (encoding !== undefined && String(encoding).toUpperCase().replace('-', '') !== 'UTF8') throw bad(`RecordEncoding '${String(encoding)}' is not UTF-8`);
  const cols = get(raw, 'RecordColumns');
  if (!Array.isArray(cols) || cols.length === 0) throw bad('RecordColumns must be a non-empty array');
  const seen = new Set<string>();
  let flattened: { column: string; array: FlattenedArray } | undefined;
  const columns = cols.map((c, i) => {
    const name = get(c, 'Name');
    const sqlType = get(c, 'SqlType');
    const mapping = get(c, 'Mapping');
    if (typeof name !== 'string' || name === '') throw bad(`RecordColumns[${i}].Name is missing`);
    if (typeof sqlType !== 'string') throw bad(`RecordColumns[${i}].SqlType is missing`);
    if (seen.has(name)) throw bad(`column ${name} is declared twice`);
    seen.add(name);
    let type;
    try {
      type = resolveColumnType(parseTypeSpec(tokenize(sqlType)));
    } catch (cause) {
      // A documented type this engine does not have (BINARY) is named as such, not as an invalid one.
      if (cause instanceof SqlError && cause.code === 'KAV2_UNSUPPORTED') {
        throw new SqlError('KAV2_UNSUPPORTED', `input schema: column ${name} has SqlType '${sqlType}': ${cause.message.replace(/ \(line \d+, column \d+\)$/, '')}`, undefined, { cause });
      }
      throw new SqlError('KAV2_INVALID_SCHEMA', `input schema: column ${name} has an invalid SqlType '${sqlType}'`, undefined, { cause });
    }
    if (mapping !== undefined && typeof mapping !== 'string') throw bad(`RecordColumns[${i}].Mapping must be a string`);
    if (typeof mapping === 'string' && formatType === 'JSON') {
      const flat = flattenedArray(columnPath(rowPath, mapping), mapping);
      if (flat !== undefined) {
        if (flattened !== undefined && !sameArray(flattened.array, flat)) {
          throw bad(`columns ${flattened.column} and ${name} flatten two different arrays; KDA flattens one array per schema (map the other as a whole, '$.array[0:]')`);
        }
        flattened ??= { column: name, array: flat };
      }
    }
    return mapping === undefined ? { name, type } : { name, type, mapping };
  });
  return {
    format: formatType,
    rowPath,
    rowDelimiter: String(get(csv, 'RecordRowDelimiter') ?? '\n'),
    columnDelimiter: String(get(csv, 'RecordColumnDelimiter') ?? ','),
    columns,
  };
};
