import { parseMarketEvent, quarantineObjectKey, toIsoUtc, utcDate, type QuarantineRecord, type RejectionCode } from '@surv/domain';
import { RecentIds, type ObjectStore, type RecordWriter } from '@surv/pipeline';
import { type LineChunk } from '../input/read-lines';
import { recordLine } from '../input/utf8-text';
import { RecordBatcher } from './record-batcher';

export interface ScanToStreamOptions {
  /** The input's lines with their file and line numbers (named in quarantine records and rejections). */
  readonly lines: AsyncIterable<LineChunk>;
  /** Where the lines come from (a file name or `stdin`), for quarantine object names. */
  readonly sourceName: string;
  readonly writer: RecordWriter;
  /** The lake: bad lines go to its `quarantine/`, as the enricher puts them. */
  readonly store: ObjectStore;
  /** Wall clock, epoch ms: the cloud checks event times against arrival, which is now. @default Date.now */
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  /** Bad lines per quarantine object. @default 10_000 */
  readonly quarantineChunk?: number;
  /** Records per put. @default CLI_PUT_CHUNK */
  readonly putChunk?: number;
}

/** One refused line, for the summary. */
export interface RejectedLine {
  /** The line it is on (for JSON text, the line where the record starts). */
  readonly line: number;
  readonly code: RejectionCode;
  readonly reason: string;
}

export interface ScanToStreamResult {
  /** Non-blank lines read. */
  readonly records: number;
  /** Valid events put on the stream. */
  readonly put: number;
  /** Valid events whose event_id appeared earlier in the input: not sent (the cloud would drop them too). */
  readonly duplicates: number;
  readonly quarantined: number;
  readonly quarantineKeys: readonly string[];
  /** The first refused lines with their reasons (at most `REJECTIONS_SHOWN`). */
  readonly rejections: readonly RejectedLine[];
  readonly aborted: boolean;
}

/** How many refused lines the summary names one by one. */
export const REJECTIONS_SHOWN = 10;

const encoder = new TextEncoder();

/** A file name as an object-name segment (the lake keys allow letters, digits and `._=-`). */
const safeName = (name: string): string => (name.split(/[\\/]/).pop() ?? name).replace(/[^A-Za-z0-9._=-]+/g, '_').slice(0, 100) || 'input';

/**
 * Validates each line with the enricher's own parser and puts the valid events on the market stream (key = symbol,
 * the line's bytes unchanged), so the cloud pipeline processes them; refused lines go to the lake's quarantine/
 * with their reason and text, as the enricher would put them. Nothing is dropped without being counted.
 * Quarantine objects are named after the input and its line span, so scanning the same file again the same
 * day overwrites them rather than adding copies.
 */
export const scanToStream = async (options: ScanToStreamOptions): Promise<ScanToStreamResult> => {
  const now = options.now ?? Date.now;
  const chunk = options.quarantineChunk ?? 10_000;
  const batcher = new RecordBatcher(options.writer, options.putChunk);
  const seen = new RecentIds();
  const source = safeName(options.sourceName);
  const quarantineKeys: string[] = [];
  const rejections: RejectedLine[] = [];
  let bad: { line: number; entry: QuarantineRecord }[] = [];
  let records = 0, duplicates = 0, quarantined = 0, aborted = false;

  const flushQuarantine = async () => {
    if (bad.length === 0) return;
    const entries = bad;
    bad = [];
    const key = quarantineObjectKey(utcDate(now()), `cli-scan-${source}-${entries[0]!.line}-${entries.at(-1)!.line}`);
    await options.store.putObject(key, `${entries.map((e) => JSON.stringify(e.entry)).join('\n')}\n`, { contentType: 'application/x-ndjson' });
    quarantineKeys.push(key);
    quarantined += entries.length;
  };

  read: for await (const { lines, file, lineNumbers } of options.lines) {
    for (let k = 0; k < lines.length; k++) {
      const raw = lines[k]!;
      const line = lineNumbers[k]!;
      // Blank lines are layout, not records: the local pipeline skips them too.
      if (raw.trim() === '') continue;
      if (options.signal?.aborted) {
        aborted = true;
        break read;
      }
      records += 1;
      const nowMs = now();
      // A line that is not well-formed text goes as its bytes, which the parser refuses as not UTF-8.
      const parsed = parseMarketEvent(recordLine(raw), { nowMs });
      if (!parsed.ok) {
        if (rejections.length < REJECTIONS_SHOWN) rejections.push({ line, code: parsed.code, reason: parsed.reason });
        bad.push({
          line,
          entry: { code: parsed.code, reason: parsed.reason, raw: parsed.raw, source: `${file}:${line}`, quarantined_at: toIsoUtc(nowMs), file, line },
        });
        if (bad.length >= chunk) await flushQuarantine();
        continue;
      }
      if (seen.has(parsed.event.event_id)) {
        duplicates += 1;
        continue;
      }
      seen.add(parsed.event.event_id);
      await batcher.add({ partitionKey: parsed.event.symbol, data: encoder.encode(raw) });
    }
  }
  // What was read is sent and quarantined whole, also when interrupted.
  await batcher.flush();
  await flushQuarantine();
  return { records, put: batcher.written, duplicates, quarantined, quarantineKeys, rejections, aborted };
};
