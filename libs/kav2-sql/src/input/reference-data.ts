import { isSurvError } from '@surv/domain';
import { type StreamDef } from '../analyzer/bound';
import { type SqlValue } from '../analyzer/sql-type';
import { SqlError } from '../errors';
import { splitCsvRowsAt } from './csv';
import { type InputSchema, resolveInputSchema } from './input-schema';
import { createRecordMapper } from './record-mapper';

/**
 * A KDA reference data source (`ReferenceDataSource`): the in-application table `tableName`, its
 * `ReferenceSchema` (RecordColumns, RecordFormat CSV or JSON, RecordEncoding: the same shape as an
 * InputSchema), and its data: `text` as the S3 object holds it, or `records` one by one.
 */
export interface ReferenceDataSource {
  /** Name of the in-application reference table; like every name KDA creates, it keeps its case. */
  readonly tableName: string;
  /** KDA `ReferenceSchema`. */
  readonly schema: InputSchema | unknown;
  /**
   * The object's text. CSV: rows split by RecordRowDelimiter. JSON: one JSON document (RecordRowPath
   * may select an array's elements), or one JSON object per line.
   */
  readonly text?: string;
  /** Records one by one: CSV lines, JSON text, or parsed objects. */
  readonly records?: readonly (string | Record<string, unknown>)[];
}

/** A loaded reference table: its columns and its rows. */
export interface ReferenceTable {
  readonly def: StreamDef;
  readonly rows: SqlValue[][];
}

const fail = (table: string, msg: string, cause?: unknown): SqlError =>
  new SqlError('KAV2_INVALID_REFERENCE_DATA', `reference table ${table}: ${msg}`, undefined, cause === undefined ? undefined : { cause });

/** JSON text as records: one document, else one per non-empty line (how JSON objects are usually stored in S3). */
const jsonRecords = (text: string): { record: string; line: number }[] => {
  try {
    JSON.parse(text);
    return [{ record: text, line: 1 }];
  } catch {
    return text.split('\n').flatMap((l, i) => (l.trim() === '' ? [] : [{ record: l, line: i + 1 }]));
  }
};

/**
 * Loads one reference data source into a table. A record that does not fit the schema is refused
 * (`KAV2_INVALID_REFERENCE_DATA`, naming table, record and reason) rather than dropped: a lookup
 * table that silently lost rows would make the join wrong without a trace.
 */
export const loadReferenceTable = (src: ReferenceDataSource): ReferenceTable => {
  if (typeof src !== 'object' || src === null) throw new SqlError('KAV2_INVALID_ARGUMENT', `referenceData entries must be objects, got ${JSON.stringify(src)}`);
  const table = src.tableName;
  if (typeof table !== 'string' || table === '') throw new SqlError('KAV2_INVALID_ARGUMENT', `referenceData tableName must be a non-empty string, got ${JSON.stringify(table)}`);
  if ((src.text === undefined) === (src.records === undefined)) throw fail(table, 'give exactly one of text or records');
  if (src.text !== undefined && typeof src.text !== 'string') throw fail(table, 'text must be a string');
  if (src.records !== undefined && !Array.isArray(src.records)) throw fail(table, 'records must be an array');
  let schema;
  try {
    schema = resolveInputSchema(src.schema);
  } catch (e) {
    if (isSurvError(e)) throw fail(table, `ReferenceSchema: ${e.message.replace(/^input schema: /, '')}`, e);
    throw e;
  }
  const map = createRecordMapper(schema);
  const records: { record: unknown; line?: number }[] = src.text !== undefined
    ? schema.format === 'CSV'
      ? splitCsvRowsAt(src.text, schema.rowDelimiter, schema.columnDelimiter).map(({ row, line }) => ({ record: row, line }))
      : jsonRecords(src.text)
    : src.records!.map((record) => ({ record }));
  const rows: SqlValue[][] = [];
  records.forEach(({ record, line }, i) => {
    const mapped = map(record);
    if (!mapped.ok) {
      const where = line === undefined ? `record ${i + 1}` : `record ${i + 1} (line ${line})`;
      throw fail(table, `${where}: ${mapped.reason} (${mapped.name}): ${mapped.raw}`);
    }
    for (const r of mapped.rows) rows.push(r.values);
  });
  return { def: { name: table, columns: schema.columns.map((c) => ({ name: c.name, type: c.type })) }, rows };
};
