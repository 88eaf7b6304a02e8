import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { CURATED_COLUMNS, type CuratedEvent } from './curated-event';

type SchemaElement = NonNullable<Parameters<typeof parquetWrite>[0]['schema']>[number];
type ColumnSource = Parameters<typeof parquetWrite>[0]['columnData'][number];

export interface ParquetEncodeOptions {
  /** Rows per row group; large groups read fastest. @default 1_000_000 */
  readonly rowGroupSize?: number;
  /** Compression codec; hyparquet-writer ships snappy in pure JS. @default 'SNAPPY' */
  readonly codec?: 'SNAPPY' | 'UNCOMPRESSED';
}

const element = (c: (typeof CURATED_COLUMNS)[number]): SchemaElement => {
  const repetition_type = c.nullable ? 'OPTIONAL' : 'REQUIRED';
  if (c.type === 'STRING') return { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
  if (c.type === 'DOUBLE') return { name: c.name, type: 'DOUBLE', repetition_type };
  return {
    name: c.name, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type,
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
  };
};
const SCHEMA: SchemaElement[] = [{ name: 'root', num_children: CURATED_COLUMNS.length }, ...CURATED_COLUMNS.map(element)];

const columnValues = (name: string, rows: readonly CuratedEvent[]): unknown[] => {
  const out = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    switch (name) {
      case 'event_time': out[i] = Math.round(r.eventTimeMs * 1000); break;
      case 'risk_score': out[i] = r.riskScore; break;
      case 'venue_category': out[i] = r.venueCategory; break;
      case 'regulatory_flags': out[i] = r.regulatoryFlags.join(','); break;
      case 'shard_id': out[i] = r.shardId; break;
      case 'sequence_number': out[i] = r.sequenceNumber; break;
      default: out[i] = (r.event as unknown as Record<string, unknown>)[name] ?? null;
    }
  }
  return out;
};

/**
 * Encodes curated rows as one Parquet file (pure JS, so a Lambda can run it): the columns of
 * `CURATED_COLUMNS`, `event_time` as TIMESTAMP(µs, UTC).
 */
export const encodeCuratedParquet = (rows: readonly CuratedEvent[], options: ParquetEncodeOptions = {}): Uint8Array => {
  const writer = new ByteWriter();
  const columnData = CURATED_COLUMNS.map((c) => ({ name: c.name, data: columnValues(c.name, rows), nullable: c.nullable })) as unknown as ColumnSource[];
  parquetWrite({
    writer,
    columnData,
    schema: SCHEMA,
    codec: options.codec ?? 'SNAPPY',
    rowGroupSize: options.rowGroupSize ?? 1_000_000,
    createdBy: 'surv pipeline',
  });
  return new Uint8Array(writer.getBuffer());
};
