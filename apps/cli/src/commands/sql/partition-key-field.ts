/** Kinesis partition keys are 1 to 256 Unicode characters (PutRecord). */
const MAX_PARTITION_KEY_CHARS = 256;

/**
 * A record's Kinesis partition key from one of its fields: a string, or a number or boolean as its
 * JSON text (what a producer would have written). Returns the key, or why the record has none.
 */
export const partitionKeyFromField = (record: unknown, field: string): { key: string } | { reason: string } => {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { reason: 'record is not a JSON object' };
  const v = (record as Record<string, unknown>)[field];
  if (v === undefined || v === null) return { reason: `missing partition key field '${field}'` };
  const key = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? JSON.stringify(v) : undefined;
  if (key === undefined) return { reason: `partition key field '${field}' is not a string, number or boolean: ${JSON.stringify(v)}` };
  const chars = [...key].length;
  if (chars < 1 || chars > MAX_PARTITION_KEY_CHARS) return { reason: `partition key field '${field}' must hold 1 to ${MAX_PARTITION_KEY_CHARS} characters, got ${chars}` };
  return { key };
};
