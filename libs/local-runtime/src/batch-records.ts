import { parseMarketEvent, type ParseResult } from '@surv/domain';
import type { ConsumedRecord, DuplicateCheck, RecentIds, RecordParser } from '@surv/pipeline';

interface Entry {
  line: string | undefined;
  parsed: ParseResult | undefined;
  duplicate: boolean | undefined;
}

const decoder = new TextDecoder();

/**
 * What the main thread knows about each record of the batch in flight, keyed by the record's bytes
 * (every consumer gets the same ones): its parse (once, for the enricher and the detector), its
 * duplicate verdict (one id lookup, shared by both, so they drop the same records) and, where its
 * bytes are not its exact text, its line. One map entry per record; `clear` after each batch.
 */
export class BatchRecords {
  private entries = new Map<Uint8Array, Entry>();
  // Stages ask about one record several times in a row (parse, then the duplicate check).
  private lastBytes: Uint8Array | undefined;
  private lastEntry: Entry | undefined;
  /** True while every record's bytes decode to exactly its line, so its bytes can stand for its text. */
  bytesAreText = true;

  constructor(private readonly seen: RecentIds) {}

  /** Registers a record's bytes with its line (when kept) and its parse (when already known). */
  add(bytes: Uint8Array, line: string | undefined, parsed: ParseResult | undefined): void {
    this.entries.set(bytes, { line, parsed, duplicate: undefined });
  }

  /** The JSON text of a record. */
  readonly lineOf = (record: ConsumedRecord): string => {
    const e = this.entry(record);
    return (e.line ??= decoder.decode(record.data));
  };

  /** Parses once; event times are checked against the record's arrival time. */
  readonly parse: RecordParser = (record) => {
    const e = this.entry(record);
    return (e.parsed ??= parseMarketEvent(e.line ?? record.data, { nowMs: record.arrivalTime }));
  };

  /** The first record to bring an id takes it; asking again about a record gives the same answer. */
  readonly isDuplicate: DuplicateCheck = (record, eventId) => {
    const e = this.entry(record);
    return (e.duplicate ??= !this.seen.add(eventId));
  };

  clear(): void {
    this.entries = new Map();
    this.bytesAreText = true;
    this.lastBytes = this.lastEntry = undefined;
  }

  private entry(record: ConsumedRecord): Entry {
    const bytes = record.data;
    if (bytes === this.lastBytes) return this.lastEntry!;
    let e = this.entries.get(bytes);
    if (e === undefined) this.entries.set(bytes, (e = { line: undefined, parsed: undefined, duplicate: undefined }));
    this.lastBytes = bytes;
    this.lastEntry = e;
    return e;
  }
}
