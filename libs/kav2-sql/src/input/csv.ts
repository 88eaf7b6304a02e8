/**
 * CSV records as KDA's CSVMappingParameters describe them: rows split by RecordRowDelimiter, fields by
 * RecordColumnDelimiter (each any non-empty string). A field that starts with a double quote (after blanks, as in
 * the API reference's sample `"name1", "address1"`) is quoted: delimiters inside it are text, `""` is one quote,
 * and blanks around it are dropped. A quote anywhere else is an ordinary character.
 */

/** Where a quoted field that starts at `from` ends (the index after its closing quote), or -1 when it never closes. */
const closingQuote = (text: string, from: number): number => {
  let i = from + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    if (text[q + 1] === '"') {
      i = q + 2;
      continue;
    }
    return q + 1;
  }
};

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Index of the first non-blank character at or after `i`. */
const skipBlanks = (text: string, i: number): number => {
  while (isBlank(text[i])) i++;
  return i;
};

/** The rows of a CSV text: split at each row delimiter outside a quoted field; blank rows are dropped. */
export const splitCsvRows = (text: string, rowDelimiter: string, columnDelimiter: string): string[] =>
  splitCsvRowsAt(text, rowDelimiter, columnDelimiter).map((r) => r.row);

/** `splitCsvRows` with the line of the text (counted in row delimiters, from 1) each row starts on. */
export const splitCsvRowsAt = (text: string, rowDelimiter: string, columnDelimiter: string): { row: string; line: number }[] => {
  if (!text.includes('"')) return text.split(rowDelimiter).flatMap((row, i) => (row.trim() === '' ? [] : [{ row, line: i + 1 }]));
  const rows: { row: string; line: number }[] = [];
  let line = 1;
  let start = 0;
  let fieldStart = 0;
  let i = 0;
  while (i <= text.length) {
    if (i === fieldStart) {
      const q = skipBlanks(text, i);
      if (text[q] === '"') {
        const end = closingQuote(text, q);
        if (end > 0) {
          i = end;
          continue;
        }
      }
    }
    if (i === text.length || text.startsWith(rowDelimiter, i)) {
      const row = text.slice(start, i);
      if (row.trim() !== '') rows.push({ row, line });
      line += row.split(rowDelimiter).length;
      i += rowDelimiter.length;
      start = fieldStart = i;
      continue;
    }
    if (text.startsWith(columnDelimiter, i)) {
      i += columnDelimiter.length;
      fieldStart = i;
      continue;
    }
    i++;
  }
  return rows;
};

/** The fields of one CSV row, or the reason it cannot be read (a quoted field that never closes, or text after one). */
export const splitCsvFields = (row: string, columnDelimiter: string): string[] | { error: string } => {
  if (!row.includes('"')) return row.split(columnDelimiter);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    const q = skipBlanks(row, i);
    if (row[q] === '"') {
      const end = closingQuote(row, q);
      if (end < 0) return { error: `field ${fields.length + 1} opens a quote that is never closed` };
      fields.push(row.slice(q + 1, end - 1).replaceAll('""', '"'));
      const after = skipBlanks(row, end);
      if (after === row.length) return fields;
      if (!row.startsWith(columnDelimiter, after)) return { error: `field ${fields.length} has text after its closing quote` };
      i = after + columnDelimiter.length;
      continue;
    }
    const next = row.indexOf(columnDelimiter, i);
    if (next < 0) {
      fields.push(row.slice(i));
      return fields;
    }
    fields.push(row.slice(i, next));
    i = next + columnDelimiter.length;
  }
};
