import { parseMarketEvent, type ParseResult } from '@surv/domain';
import { partitionKeyOf } from './line-fields';
import { isWellFormed } from './well-formed-text';

/** One batch of lines, ready to put on the stream. */
export interface TakenLines {
  /** Each line's UTF-8 bytes (views into a few shared buffers). */
  readonly bytes: readonly Uint8Array[];
  /** Partition keys: the event's symbol, or the line's symbol field when it is not a valid event. */
  readonly partitionKeys: readonly string[];
  /** In replay, each line's parse (event times checked against the wall clock only); otherwise undefined. */
  readonly parsed: readonly ParseResult[] | undefined;
  /** The lines kept as text: all of them live, in replay only those whose bytes do not decode back to them. */
  readonly lines: readonly (string | undefined)[];
  /** Each line's input file, where the input named it (for quarantine records). */
  readonly files: readonly (string | undefined)[];
  /** Each line's 1-based line number in its file (0 where unknown). */
  readonly lineNumbers: readonly number[];
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Collects a batch as its lines arrive: each line's bytes go into a shared buffer and, in replay,
 * the line is parsed at once, so the text itself need not outlive its arrival (held until the batch
 * is full it was a third of the heap the scavenger copied). Live, lines are kept: they are parsed
 * on first use, against their arrival time.
 */
export class LineBatch {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  private bytes: Uint8Array[] = [];
  private keys: string[] = [];
  private parsed: ParseResult[] = [];
  private lines: (string | undefined)[] = [];
  // Two pushes per line (a reference and a small integer) whether or not the input names files: no object per line.
  private files: (string | undefined)[] = [];
  private lineNumbers: number[] = [];

  /**
   * @param replay Parse each line as it arrives (replay), or keep the text for later (live).
   * @param nowMs The present, epoch ms. In replay an event time is its own arrival time, so only the
   *   wall clock tells a mistyped year (2204) from a real time; such an event is quarantined, as the
   *   enricher does live, instead of moving the detection windows centuries ahead of every later event.
   */
  constructor(private readonly replay: boolean, private readonly nowMs: number = Date.now()) {}

  get length(): number {
    return this.bytes.length;
  }

  /**
   * Adds a line: its text, or its bytes as read (a line that is not UTF-8 text, kept exactly and parsed as bytes),
   * with the file and 1-based line number it was read from, when known.
   */
  push(line: string | Uint8Array, file?: string, lineNumber = 0): void {
    this.files.push(file);
    this.lineNumbers.push(lineNumber);
    if (typeof line !== 'string') {
      const bytes = this.place(line);
      this.bytes.push(bytes);
      const r = this.replay ? parseMarketEvent(bytes, { nowMs: this.nowMs }) : undefined;
      if (r) this.parsed.push(r);
      this.keys.push(r?.ok ? r.event.symbol : partitionKeyOf(Buffer.from(bytes).toString('utf8')));
      this.lines.push(undefined); // the bytes are the record
      return;
    }
    this.bytes.push(this.encode(line));
    // UTF-8 turns a lone surrogate into U+FFFD: such a line's text must travel as text.
    const exact = isWellFormed(line);
    if (this.replay) {
      const r = parseMarketEvent(line, { nowMs: this.nowMs });
      this.parsed.push(r);
      this.keys.push(r.ok ? r.event.symbol : partitionKeyOf(line));
      this.lines.push(exact ? undefined : line);
    } else {
      this.keys.push(partitionKeyOf(line));
      this.lines.push(line);
    }
  }

  /** The batch so far; the builder starts empty again (the bytes' buffers stay with the views). */
  take(): TakenLines {
    const taken: TakenLines = {
      bytes: this.bytes, partitionKeys: this.keys, parsed: this.replay ? this.parsed : undefined, lines: this.lines,
      files: this.files, lineNumbers: this.lineNumbers,
    };
    this.bytes = [];
    this.keys = [];
    this.parsed = [];
    this.lines = [];
    this.files = [];
    this.lineNumbers = [];
    return taken;
  }

  private encode(line: string): Uint8Array {
    this.reserve(line.length * 3);
    const n = this.chunk.write(line, this.at, 'utf8');
    const view = this.chunk.subarray(this.at, this.at + n);
    this.at += n;
    return view;
  }

  private place(bytes: Uint8Array): Uint8Array {
    this.reserve(bytes.length);
    this.chunk.set(bytes, this.at);
    const view = this.chunk.subarray(this.at, this.at + bytes.length);
    this.at += bytes.length;
    return view;
  }

  private reserve(most: number): void {
    if (this.at + most > this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most));
      this.at = 0;
    }
  }
}
