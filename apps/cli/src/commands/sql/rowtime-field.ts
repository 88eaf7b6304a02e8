import { parseIsoTimestamp } from '@surv/domain';

/**
 * ROWTIME from a record field: ISO-8601 (no zone = UTC) or epoch milliseconds (number or digits).
 * Returns epoch ms, or the reason the record cannot be used as a string.
 */
export const rowtimeFromField = (record: unknown, field: string): number | string => {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'record is not a JSON object';
  const v = (record as Record<string, unknown>)[field];
  if (v === undefined || v === null) return `missing rowtime field '${field}'`;
  if (typeof v === 'number') return Number.isFinite(v) ? v : `rowtime field '${field}' is not a finite number`;
  if (typeof v === 'string') {
    if (/^-?\d+$/.test(v.trim())) return Number(v.trim());
    const ms = parseIsoTimestamp(v.trim());
    if (ms !== undefined) return ms;
  }
  return `rowtime field '${field}' is neither ISO-8601 nor epoch ms: ${JSON.stringify(v)}`;
};

