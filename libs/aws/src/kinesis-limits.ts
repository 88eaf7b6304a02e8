/** PutRecords service limits (Kinesis Data Streams quotas). */
export const KINESIS_LIMITS = {
  /** Records per PutRecords call. */
  maxRecordsPerCall: 500,
  /** Bytes per PutRecords call, data plus partition keys. */
  maxBytesPerCall: 5 * 1024 * 1024,
  /** Bytes per record, data plus partition key. */
  maxRecordBytes: 1024 * 1024,
  /** Unicode characters of a partition key. */
  maxPartitionKeyChars: 256,
} as const;
