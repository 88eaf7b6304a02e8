import type { Alert } from '@surv/domain';

/**
 * The ports the pipeline stages need (ARCHITECTURE §1). Local adapters (`@surv/local-runtime`)
 * and AWS adapters (`@surv/aws`) implement them; stages never know which one they hold.
 */

/** One object in a store, as listed. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
}

export interface PutObjectOptions {
  readonly contentType?: string;
}

/** The lake: S3 or a local folder, addressed by the keys of `@surv/domain` lake-keys. */
export interface ObjectStore {
  /** Writes the whole object atomically: readers see the old object or the new one, never a part. */
  putObject(key: string, body: Uint8Array | string, options?: PutObjectOptions): Promise<void>;
  /** The object's bytes, or `undefined` when there is none under that key. */
  getObject(key: string): Promise<Uint8Array | undefined>;
  /** Every object whose key starts with `prefix`, in key order. */
  listObjects(prefix: string): AsyncIterable<ObjectInfo>;
}

/** A record to put on a stream. */
export interface StreamRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/** Where producers write: a Kinesis stream or the in-process stream. */
export interface RecordWriter {
  /** Writes every record or throws a typed error naming the ones not written. */
  putRecords(records: readonly StreamRecord[]): Promise<void>;
}

/** A record as a consumer receives it, with its position on the stream. */
export interface ConsumedRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  /** When the stream accepted it, epoch ms (Kinesis ApproximateArrivalTimestamp). */
  readonly arrivalTime: number;
  readonly data: Uint8Array;
}

/** Delivers alerts to people or systems (SNS, console, a JSONL file, a webhook). */
export interface AlertNotifier {
  notify(alerts: readonly Alert[]): Promise<void>;
}

/** A tabular query result with rows keyed by column name. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/** Runs SQL over the lake: DuckDB locally, Athena on AWS. */
export interface QueryEngine {
  query(sql: string): Promise<QueryResult>;
}

/**
 * A running streaming SQL application (the KAV2 detection app from `@surv/kav2-sql`), as the
 * detector stage drives it: rows in, rows out on named streams.
 */
export interface StreamingApp {
  /**
   * Feeds one input record, or its JSON text (which the KAV2 engine maps without building the object);
   * `meta.arrivalTime` (epoch ms) is the ROWTIME when the app uses arrival time.
   */
  push(record: Record<string, unknown> | string, meta?: { arrivalTime?: number }): void;
  /** Closes every open window (end of input). */
  flush(): void;
  /** Subscribes to rows of an output stream, e.g. `DESTINATION_SQL_STREAM`. */
  on(stream: string, listener: (row: Record<string, unknown>) => void): unknown;
}
