import { MAX_RECORD_BYTES } from '@surv/domain';

/** `jsonl`: one record per line (the fast path). `json`: JSON text split by `JsonRecordSplitter`. */
export type RecordFormat = 'jsonl' | 'json';

/** Past this much text with no answer (a first line longer than any record may be), it is JSON lines. */
export const MAX_DETECT_CHARS = 2 * MAX_RECORD_BYTES;

const LF = 10, CR = 13, SPACE = 32, TAB = 9, QUOTE = 34, BACKSLASH = 92;

/**
 * Tells from the start of the text (BOM already gone) how to split it into records, or `undefined` when more text
 * is needed (`ended` says there is none). JSON lines is the first line being one whole object; anything else that
 * starts like JSON goes to the splitter:
 * - `[` first: a top-level array;
 * - the first object closed and followed by `{` or `,` on the same line: concatenated objects;
 * - the first object still open at the end of its line: pretty-printed, unless the next line is itself an
 *   object (then it is JSON lines with a broken first line, which the pipeline quarantines).
 * Text that does not start with `{` is JSON lines, as before: each line is quarantined on its own.
 */
export const detectRecordFormat = (head: string, ended: boolean): RecordFormat | undefined =>
  detect(head, ended) ?? (head.length > MAX_DETECT_CHARS ? 'jsonl' : undefined);

const detect = (head: string, ended: boolean): RecordFormat | undefined => {
  const n = head.length;
  let i = skipSpace(head, 0, true);
  if (i === n) return ended ? 'jsonl' : undefined;
  const first = head[i];
  if (first === '[') return 'json';
  if (first !== '{') return 'jsonl';
  let depth = 0, inString = false, escaped = false;
  for (; i < n; i++) {
    const c = head.charCodeAt(i);
    if (c === LF) {
      // Still open at the end of the first line.
      const next = skipSpace(head, i + 1, true);
      if (next === n) return ended ? 'json' : undefined;
      return head[next] === '{' ? 'jsonl' : 'json';
    }
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) {
      const after = skipSpace(head, i + 1, false);
      if (after === n) return ended ? 'jsonl' : undefined;
      const next = head[after];
      return next === '{' || next === ',' ? 'json' : 'jsonl';
    }
  }
  return ended ? 'jsonl' : undefined;
};

/** The index of the first character from `i` that is not JSON whitespace (line breaks included or not). */
const skipSpace = (s: string, i: number, lineBreaks: boolean): number => {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== CR && !(lineBreaks && c === LF)) break;
  }
  return i;
};
