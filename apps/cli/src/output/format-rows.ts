/** Output formats of `surv query`. */
export const ROW_FORMATS = ['table', 'csv', 'json'] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

/** A value as text: DuckDB gives bigints, dates and nested values that JSON and terminals need spelled out. */
export const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(jsonValue(value));
};

/** A value JSON can carry: bigints become numbers when exact, else strings. */
export const jsonValue = (value: unknown): unknown => {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') {
    // DuckDB values (timestamps, decimals, lists) print themselves through toString.
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== Object.prototype && proto !== null && typeof (value as { toString?: unknown }).toString === 'function') return String(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  }
  return value;
};

const csvCell = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const MAX_CELL = 60;

/** Rows as an aligned text table, CSV (RFC 4180) or JSON lines; always ends in a newline. */
export const formatRows = (columns: readonly string[], rows: readonly Record<string, unknown>[], format: RowFormat): string => {
  switch (format) {
    case 'json':
      return rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, jsonValue(r[c]) ?? null])))).join('\n') + (rows.length ? '\n' : '');
    case 'csv':
      return [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(cellText(r[c]))).join(','))].join('\n') + '\n';
    case 'table': {
      const cells = rows.map((r) => columns.map((c) => {
        const t = cellText(r[c]).replace(/\s+/g, ' ');
        return t.length > MAX_CELL ? `${t.slice(0, MAX_CELL - 1)}…` : t;
      }));
      const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
      const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number' || typeof r[c] === 'bigint'));
      const line = (values: readonly string[]) =>
        values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
      const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
      out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
      return out.join('\n') + '\n';
    }
  }
};
