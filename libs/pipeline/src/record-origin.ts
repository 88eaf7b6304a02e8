import type { ConsumedRecord } from './ports';

/** Where a record was read from before it went on the stream: its input file and line. */
export interface RecordOrigin {
  /** The input file, as the user named it (`stdin` for standard input). */
  readonly file: string;
  /** 1-based; for JSON text split into records, the line where the record starts. */
  readonly line: number;
}

/**
 * The origin of a consumed record, or `undefined` when it is not known. A runtime that reads files
 * (the local one) knows it; a Lambda sees only the stream position, which the record carries anyway.
 * Asked only about records that are quarantined, so it may build the answer when asked.
 */
export type RecordOriginLookup = (record: ConsumedRecord) => RecordOrigin | undefined;
