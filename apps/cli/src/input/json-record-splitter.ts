import { MAX_RECORD_BYTES } from '@surv/domain';

// Where the splitter is between two characters of the input.
const BETWEEN = 0; // between records: whitespace, array brackets and commas
const VALUE = 1; // inside an object (or an array element that is an array), tracking depth
const SCALAR = 2; // an array element that is a string, number, literal or garbage
const GARBAGE = 3; // text between top-level records that starts no record
const RESYNC = 4; // the rest of an object cut at the size cap, until the next record start
type Mode = typeof BETWEEN | typeof VALUE | typeof SCALAR | typeof GARBAGE | typeof RESYNC;

const LF = 10, CR = 13, SPACE = 32, TAB = 9, QUOTE = 34, BACKSLASH = 92, COMMA = 44;
const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, BOM = 0xfeff;

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

/** Options of `JsonRecordSplitter`. */
export interface JsonRecordSplitterOptions {
  /**
   * Longest record, in UTF-16 code units. Garbage or an array element that is not an object is cut there;
   * an object above it is held, whole, until it closes (see `maxObjectLength`). Either way the record is
   * above the pipeline's byte limit, so it is quarantined as too large.
   * @default MAX_RECORD_BYTES (1 MiB)
   */
  readonly maxRecordLength?: number;
  /**
   * Longest object held whole. An object still open at this length, or at the end of input (an unbalanced
   * brace, a truncated record), is cut at `maxRecordLength` instead, and what followed the cut is split again,
   * resynchronising at the next object start, so it cannot swallow the records after it.
   * @default 16 * maxRecordLength
   */
  readonly maxObjectLength?: number;
}

/**
 * Splits JSON text that is not one record per line into records, a chunk at a time, with no parse:
 * a top-level array of objects (compact or pretty-printed), pretty-printed objects one after another, and
 * objects concatenated with no delimiter (`{...}{...}`, Firehose). It tracks strings, escapes and brace/bracket
 * depth across chunk boundaries and yields each top-level object's text with the whitespace outside strings
 * removed, so every record is one line (the raw archive is JSON lines).
 *
 * Nothing is dropped silently: whatever is not an object (an array element that is a number or a string, text
 * between records, an object still open at the end) becomes a record of its own, which the pipeline's parser
 * then quarantines with its reason. A string cannot hold a raw line break in JSON, so one inside a string ends
 * the record there (an unterminated string costs one line, not the rest of the file), and no record grows past
 * `maxRecordLength` unless it is an object that closes within `maxObjectLength` (one record for one object, all
 * of its text in the quarantine): what follows a cut is kept, in pieces, until a `}` is followed by a `{` (garbage
 * and an overlong string element go on in pieces until they end).
 *
 * It also tells the line (1-based, LF-counted) where each record starts, for quarantine records (`startLines`).
 * What follows the cut of an object held above the cap has lost its line breaks with its whitespace, so its
 * pieces, and any record found in them, name the line where that object started.
 */
export class JsonRecordSplitter {
  private readonly max: number;
  private readonly maxObject: number;
  private mode: Mode = BETWEEN;
  private inArray = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** In RESYNC: the last significant character was `}` (a `,` may follow it). */
  private afterClose = false;
  /** An object above the cap, held until it closes: where it would be cut, and whether the cut follows a `}`. */
  private held: { at: number; afterClose: boolean } | undefined;
  /** The current record's text before the current chunk's segment. */
  private buf = '';
  private out: string[] = [];
  /** The line each record of `out` starts on. */
  private outLines: number[] = [];
  private taken: number[] = [];
  /** The line the current record started on. */
  private startLine = 1;
  /** The line of the current text's position `counted` (line breaks before it are counted). */
  private line = 1;
  private counted = 0;
  /** Splitting again what followed a cut (see `cutHeld`): its positions are not the input's. */
  private refeeding = false;

  constructor(options: JsonRecordSplitterOptions = {}) {
    this.max = options.maxRecordLength ?? MAX_RECORD_BYTES;
    this.maxObject = Math.max(this.max, options.maxObjectLength ?? 16 * this.max);
  }

  /** Feeds the next piece of text; returns the records it completed, in order. */
  push(text: string): string[] {
    this.feed(text);
    this.lineAt(text, text.length);
    this.counted = 0;
    return this.take();
  }

  /** The 1-based line where each record that the last `push` or `end` returned starts, in the same order. */
  get startLines(): number[] {
    return this.taken;
  }

  /** The line of position `i` of the text being fed (positions only move forward within a text). */
  private lineAt(text: string, i: number): number {
    if (this.refeeding) return this.startLine;
    for (let nl = text.indexOf('\n', this.counted); nl >= 0 && nl < i; nl = text.indexOf('\n', nl + 1)) this.line++;
    if (i > this.counted) this.counted = i;
    return this.line;
  }

  private feed(text: string): void {
    const max = this.max;
    // The current record is `buf` + text[seg, i): whitespace is skipped by flushing the segment.
    let seg = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      switch (this.mode) {
        case BETWEEN: {
          if (isSpace(c) || c === BOM) continue;
          seg = i;
          this.startLine = this.lineAt(text, i);
          if (c === OPEN_BRACE) this.startValue();
          else if (c === OPEN_BRACKET) {
            if (this.inArray) this.startValue();
            else this.inArray = true;
          } else if (this.inArray && c === COMMA) continue;
          else if (this.inArray && c === CLOSE_BRACKET) this.inArray = false;
          else if (this.inArray) {
            this.mode = SCALAR;
            this.inString = c === QUOTE;
            this.escaped = false;
          } else this.mode = GARBAGE;
          continue;
        }
        case VALUE: {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === BACKSLASH) this.escaped = true;
            else if (c === QUOTE) this.inString = false;
            else if (c === LF || c === CR) {
              this.emit(this.buf + text.slice(seg, i));
              this.mode = BETWEEN;
              continue;
            }
          } else if (c === QUOTE) this.inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
          else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            if (--this.depth === 0) {
              this.emit(this.buf + text.slice(seg, i + 1));
              this.mode = BETWEEN;
              continue;
            }
          } else if (isSpace(c)) {
            this.buf += text.slice(seg, i);
            seg = i + 1;
            continue;
          }
          break;
        }
        case SCALAR: {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (c === BACKSLASH) this.escaped = true;
            else if (c === QUOTE) {
              this.emit(this.buf + text.slice(seg, i + 1));
              this.mode = BETWEEN;
              continue;
            } else if (c === LF || c === CR) {
              this.emit(this.buf + text.slice(seg, i));
              this.mode = BETWEEN;
              continue;
            }
          } else if (isSpace(c) || c === COMMA || c === CLOSE_BRACKET || c === OPEN_BRACKET || c === OPEN_BRACE || c === QUOTE) {
            this.emit(this.buf + text.slice(seg, i));
            this.mode = BETWEEN;
            i--; // the delimiter is read again between records
            continue;
          }
          break;
        }
        case GARBAGE: {
          if (c === LF || c === CR || c === OPEN_BRACE) {
            this.emit((this.buf + text.slice(seg, i)).trim());
            this.mode = BETWEEN;
            if (c === OPEN_BRACE) i--;
            continue;
          }
          break;
        }
        case RESYNC: {
          if (c === OPEN_BRACE && this.afterClose) {
            this.emit((this.buf + text.slice(seg, i)).trim());
            seg = i;
            this.startLine = this.lineAt(text, i);
            this.startValue();
            continue;
          }
          if (c === CLOSE_BRACE) this.afterClose = true;
          else if (c === COMMA && this.afterClose && this.inArray) {
            // The separator between two array elements belongs to neither.
            this.buf += text.slice(seg, i);
            seg = i + 1;
            continue;
          } else if (c === LF || c === CR) {
            // A line break would split the piece in the line-based archive: it becomes a space.
            this.buf += `${text.slice(seg, i)} `;
            seg = i + 1;
            continue;
          } else if (!isSpace(c) && c !== COMMA) this.afterClose = false;
          break;
        }
      }
      // The character joins the current record: past the cap it is cut, or held if it is an object.
      const length = this.buf.length + (i + 1 - seg);
      if (length > max) {
        if (this.mode === VALUE) {
          // An object is held whole while it may still close; past maxObject it is cut where the cap was.
          this.held ??= { at: length, afterClose: c === CLOSE_BRACE };
          if (length > this.maxObject) {
            const record = this.buf + text.slice(seg, i + 1);
            this.buf = '';
            seg = i + 1;
            this.cutHeld(record);
          }
          continue;
        }
        // Garbage, a string element and the rest of a cut object go on in pieces (their state survives the cut).
        this.emit(this.buf + text.slice(seg, i + 1));
        seg = i + 1;
        this.startLine = this.lineAt(text, seg);
      }
    }
    if (this.mode !== BETWEEN) this.buf += text.slice(seg);
  }

  /** Ends the input: a record still open (an unterminated object, trailing garbage) is returned as it is. */
  end(): string[] {
    // An object held above the cap never closed: cut it there, and split what followed the cut again.
    while (this.mode === VALUE && this.held !== undefined) {
      const record = this.buf;
      this.buf = '';
      this.cutHeld(record);
    }
    if (this.mode !== BETWEEN) this.emit(this.mode === VALUE || this.mode === SCALAR ? this.buf : this.buf.trim());
    this.mode = BETWEEN;
    this.inArray = false;
    return this.take();
  }

  /**
   * Cuts a held object at the cap, as if it had been cut when it got there: an object cut part-way may be
   * unterminated, so the rest is split again looking for the next record where a `}` is followed by a `{`.
   */
  private cutHeld(record: string): void {
    const { at, afterClose } = this.held!;
    this.held = undefined;
    this.emit(record.slice(0, at));
    this.mode = RESYNC;
    this.afterClose = afterClose;
    const refeeding = this.refeeding;
    this.refeeding = true;
    try {
      this.feed(record.slice(at));
    } finally {
      this.refeeding = refeeding;
    }
  }

  private startValue(): void {
    this.mode = VALUE;
    this.depth = 1;
    this.inString = false;
    this.escaped = false;
  }

  private emit(record: string): void {
    if (record.length > 0) {
      this.out.push(record);
      this.outLines.push(this.startLine);
    }
    this.buf = '';
    this.held = undefined;
  }

  private take(): string[] {
    const out = this.out;
    this.taken = this.outLines;
    this.out = [];
    this.outLines = [];
    return out;
  }
}
