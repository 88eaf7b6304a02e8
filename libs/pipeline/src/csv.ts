/** Formats one value for CSV/JSON output: dates as ISO, bigints as numbers when safe. */
export const plainValue = (v: unknown): unknown => {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  return v;
};

const cell = (v: unknown): string => {
  const p = plainValue(v);
  if (p === null) return '';
  const s = typeof p === 'object' ? JSON.stringify(p) : String(p);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180 CSV with a header row. */
export const toCsv = (columns: readonly string[], rows: readonly Record<string, unknown>[]): string =>
  [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
