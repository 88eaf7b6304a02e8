import { parseMarketEvent, type ParseResult } from '@surv/domain';
import type { ConsumedRecord, DuplicateCheck, RecentIds, RecordOriginLookup, RecordParser } from '@surv/pipeline';
import type { TakenLines } from './line-batch';

interface Entry {
  parsed: ParseResult | undefined;
  duplicate: boolean | undefined;
}

const UNDECIDED = 0, NEW = 1, DUPLICATE = 2;

/**
 * What the main thread knows about each record of the batch in flight: its parse (once, for the
 * enricher and the detector), its duplicate verdict (one id lookup, shared by both, so they drop the
 * same records), reading the line where its bytes are not its exact text. A record is found by its
 * sequence number (the stream numbers a put consecutively), so the batch needs no map and no object
 * per record; a record from elsewhere still gets answers, from a map.
 */
export class BatchRecords {
  private bytes: readonly Uint8Array[] = [];
  private lines: readonly (string | undefined)[] = [];
  private files: readonly (string | undefined)[] = [];
  private lineNumbers: readonly number[] = [];
  private parsed: (ParseResult | undefined)[] = [];
  private verdicts = new Uint8Array(0);
  private firstSequence = 0;
  private others = new Map<Uint8Array, Entry>();

  constructor(private readonly seen: RecentIds) {}

  /** The batch about to be put, whose records the stream will number from `firstSequence` in order. */
  start(batch: TakenLines, firstSequence: number): void {
    this.bytes = batch.bytes;
    this.lines = batch.lines;
    this.files = batch.files;
    this.lineNumbers = batch.lineNumbers;
    this.parsed = batch.parsed ? [...batch.parsed] : new Array<ParseResult | undefined>(batch.bytes.length);
    this.verdicts = new Uint8Array(batch.bytes.length);
    this.firstSequence = firstSequence;
  }

  /** Parses once; event times are checked against the record's arrival time. */
  readonly parse: RecordParser = (record) => {
    const i = this.indexOf(record);
    if (i < 0) {
      const e = this.other(record);
      return (e.parsed ??= parseMarketEvent(record.data, { nowMs: record.arrivalTime }));
    }
    return (this.parsed[i] ??= parseMarketEvent(this.lines[i] ?? record.data, { nowMs: record.arrivalTime }));
  };

  /** The first record to bring an id takes it; asking again about a record gives the same answer. */
  readonly isDuplicate: DuplicateCheck = (record, eventId) => {
    const i = this.indexOf(record);
    if (i < 0) {
      const e = this.other(record);
      return (e.duplicate ??= !this.seen.add(eventId));
    }
    if (this.verdicts[i] === UNDECIDED) this.verdicts[i] = this.seen.add(eventId) ? NEW : DUPLICATE;
    return this.verdicts[i] === DUPLICATE;
  };

  /** The file and line the batch's record was read from, when the input named them (asked for quarantined records only). */
  readonly originOf: RecordOriginLookup = (record) => {
    const i = this.indexOf(record);
    const file = i < 0 ? undefined : this.files[i];
    const line = i < 0 ? 0 : this.lineNumbers[i]!;
    return !file || !(Number.isInteger(line) && line >= 1) ? undefined : { file, line };
  };

  /** The verdict on the batch's record at `index` once asked (false while undecided). */
  readonly duplicateAt = (index: number): boolean => this.verdicts[index] === DUPLICATE;

  clear(): void {
    this.bytes = this.lines = this.parsed = this.files = [];
    this.lineNumbers = [];
    this.verdicts = new Uint8Array(0);
    this.others = new Map();
  }

  /** The record's position in the batch, or -1 when it is not one of its records. */
  private indexOf(record: ConsumedRecord): number {
    const i = Number(record.sequenceNumber) - this.firstSequence;
    return i >= 0 && i < this.bytes.length && this.bytes[i] === record.data ? i : -1;
  }

  private other(record: ConsumedRecord): Entry {
    let e = this.others.get(record.data);
    if (e === undefined) this.others.set(record.data, (e = { parsed: undefined, duplicate: undefined }));
    return e;
  }
}
