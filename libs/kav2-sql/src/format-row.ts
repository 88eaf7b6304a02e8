import { type SqlValue } from './analyzer/sql-type';
import { formatDateSql, formatTimeSql, isTimestampMs } from './datetime/datetime';

/** A row delivered to listeners: its ROWTIME (epoch ms) and values keyed by KDA column name. */
export interface OutputRow {
  readonly rowtime: number;
  /** TIMESTAMP and DATE values are epoch ms numbers, TIME values ms since midnight. */
  readonly values: Readonly<Record<string, SqlValue>>;
}

/** A column as `Application.columns()` reports it: name and KDA type text (e.g. `VARCHAR(4)`). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/**
 * Makes a row JSON-friendly: TIMESTAMP as ISO-8601 UTC with ms ('2018-06-13T14:11:00.000Z'), DATE as
 * 'YYYY-MM-DD', TIME as 'HH:MM:SS', numbers as numbers; keys are the KDA column names in declared
 * order. With `emitRowtime`, a leading ROWTIME key holds the row's ROWTIME.
 */
// Timestamps beyond a Date's range are refused where they enter (ROWTIME, TO_TIMESTAMP); one computed past it
// (interval arithmetic at the very edge) is printed as its epoch ms rather than throwing while printing.
const isoOrMs = (ms: number): string | number => (isTimestampMs(ms) ? new Date(ms).toISOString() : ms);

export const formatRow = (
  row: OutputRow,
  columns: readonly ColumnInfo[],
  options: { readonly emitRowtime?: boolean } = {},
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  if (options.emitRowtime) out.ROWTIME = isoOrMs(row.rowtime);
  for (const c of columns) {
    const v = row.values[c.name] ?? null;
    if (v === null || typeof v !== 'number') {
      out[c.name] = v;
      continue;
    }
    if (!isTimestampMs(v) && (c.type === 'TIMESTAMP' || c.type === 'DATE')) out[c.name] = v;
    else if (c.type === 'TIMESTAMP') out[c.name] = new Date(v).toISOString();
    else if (c.type === 'DATE') out[c.name] = formatDateSql(v);
    else if (c.type === 'TIME') out[c.name] = formatTimeSql(v);
    else out[c.name] = v;
  }
  return out;
};
