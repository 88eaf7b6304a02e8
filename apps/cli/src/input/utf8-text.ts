import { isUtf8 } from 'node:buffer';

// String.prototype.isWellFormed (ES2024, Node >= 20) is not in the ES2023 lib the workspace compiles against.
export const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

const EMPTY = Buffer.alloc(0);

/** How many bytes at the end of `b` begin a character that the next bytes may complete (0 to 3). */
const openTail = (b: Buffer): number => {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const need = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
};

/** The length of the UTF-8 sequence at `i` (2 to 4), or 0 when its bytes are not one (RFC 3629's table). */
const sequenceAt = (b: Buffer, i: number): number => {
  const c = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) return cont(1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(2) ? 3 : 0;
  if (c >= 0xf0 && c <= 0xf4) return cont(1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3) ? 4 : 0;
  return 0;
};

/** UTF-8 text, each byte that is not part of it as the lone surrogate U+DC80-U+DCFF, which no UTF-8 decodes to. */
const escapeDecode = (b: Buffer): string => {
  let out = '';
  let start = 0;
  for (let i = 0; i < b.length; ) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const n = sequenceAt(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += b.toString('utf8', start, i) + String.fromCharCode(0xdc00 + b[i]!);
    start = ++i;
  }
  return out + b.toString('utf8', start);
};

/**
 * Decodes UTF-8 a read at a time (a character may be split between reads), keeping the bytes that are not
 * UTF-8: each becomes a lone surrogate (U+DC00 + the byte, as Python's surrogateescape does), where a plain
 * decoder writes U+FFFD and the data changes silently ('M\xfcller' and 'M\xf6ller' would be one owner).
 * `recordLine` turns a line holding one back into its bytes, which the pipeline quarantines as INVALID_UTF8.
 */
export class Utf8TextDecoder {
  private pending: Buffer = EMPTY;
  private escaped = false;

  /** True once a byte that is not UTF-8 was read. */
  get illFormed(): boolean {
    return this.escaped;
  }

  write(bytes: Buffer): string {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    const tail = openTail(data);
    const body = tail > 0 ? data.subarray(0, data.length - tail) : data;
    this.pending = tail > 0 ? Buffer.from(data.subarray(data.length - tail)) : EMPTY;
    if (isUtf8(body)) return body.toString('utf8');
    this.escaped = true;
    return escapeDecode(body);
  }

  /** A character left open at the end is not one: its bytes come back escaped. */
  end(): string {
    const rest = this.pending;
    this.pending = EMPTY;
    if (rest.length === 0) return '';
    this.escaped = true;
    return escapeDecode(rest);
  }
}

/**
 * A line as the pipeline takes it: its text when well formed, else its bytes: each escape (see `Utf8TextDecoder`)
 * as the byte it stands for, and any other lone surrogate (ill-formed UTF-16 input) in its 3-byte form, which is
 * no more UTF-8 than the surrogate is Unicode. Either way the record is refused as not UTF-8, its bytes kept.
 */
export const recordLine = (line: string): string | Uint8Array => {
  if (isWellFormed(line)) return line;
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const u = line.charCodeAt(i);
    if (u < 0xd800 || u > 0xdfff) continue;
    if (u <= 0xdbff && i + 1 < line.length && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++; // a surrogate pair: one character
      continue;
    }
    parts.push(Buffer.from(line.slice(start, i), 'utf8'));
    parts.push(u >= 0xdc80 && u <= 0xdcff ? Buffer.of(u - 0xdc00) : Buffer.of(0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)));
    start = i + 1;
  }
  parts.push(Buffer.from(line.slice(start), 'utf8'));
  return Buffer.concat(parts);
};

/** Lines with where each was read from: one file for all of them, or one per line. */
export interface OriginLines<L> {
  readonly lines: readonly L[];
  readonly file: string | readonly string[];
  readonly lineNumbers: readonly number[];
}

/**
 * Chunks of lines as the pipeline takes them (`recordLine`), their origins unchanged; looked at only once
 * `illFormed()` says some text was.
 */
export async function* recordLines(chunks: AsyncIterable<OriginLines<string>>, illFormed: () => boolean): AsyncGenerator<OriginLines<string | Uint8Array>> {
  for await (const chunk of chunks) yield illFormed() ? { ...chunk, lines: chunk.lines.map(recordLine) } : chunk;
}
