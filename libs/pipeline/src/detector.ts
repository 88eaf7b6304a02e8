import { AlertSchema, SILENT_LOGGER, type Alert, type Logger, type MarketEvent } from '@surv/domain';
import type { DuplicateCheck } from './duplicate-check';
import { PipelineError } from './errors';
import type { ConsumedRecord, RecordWriter, StreamingApp } from './ports';
import { parseConsumedRecord, type RecordParser } from './record-parser';
import { RecentIds } from './recent-ids';

export interface DetectorOptions {
  /** The running detection application. */
  readonly app: StreamingApp;
  /** Turns an output row into an Alert (`alertFromRow` of `@surv/detection`). */
  readonly toAlert: (row: Record<string, unknown>) => Alert;
  /** Output stream of the app that carries alerts. @default 'DESTINATION_SQL_STREAM' */
  readonly outputStream?: string;
  /** Where alerts go (the alerts stream, one shard); optional when only `onAlert` is wanted. */
  readonly alertWriter?: RecordWriter;
  /** Called for every alert as it fires. */
  readonly onAlert?: (alert: Alert) => void;
  /** @default parseConsumedRecord */
  readonly parse?: RecordParser;
  /** Feed arrival time as ROWTIME instead of event time. @default false */
  readonly arrivalRowtime?: boolean;
  /**
   * Event ids already fed, so a redelivered record is not counted twice by the windows (the enricher
   * drops the same duplicates). Pass the same instance across calls. @default a set of 1 000 000 ids
   */
  readonly recentIds?: RecentIds;
  /** Decides duplicates instead of `recentIds`, when the runtime shares one check with the enricher. */
  readonly isDuplicate?: DuplicateCheck;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
}

/** Counts of one detector call. */
export interface DetectResult {
  readonly pushed: number;
  /** Invalid records (quarantined by the enricher). */
  readonly skipped: number;
  /** Records whose event_id was already fed. */
  readonly duplicates: number;
  readonly alerts: readonly Alert[];
}

const encoder = new TextEncoder();

/** A record chosen for detection, with its parsed event. */
export interface DetectionItem {
  readonly record: ConsumedRecord;
  readonly event: MarketEvent;
  readonly eventTimeMs: number;
}

/** What `selectForDetection` chose from a batch, in feeding order. */
export interface DetectionSelection {
  readonly items: readonly DetectionItem[];
  /** Invalid records (quarantined by the enricher). */
  readonly skipped: number;
  /** Records whose event_id was already fed. */
  readonly duplicates: number;
}

/**
 * Picks the records a detection app must see and orders them: valid events only, each event_id once
 * (ids are added to `seen`, or `seen` decides), merged across shards in event-time order with ties
 * broken by shard and position, so every runtime feeds any app the same sequence.
 */
export const selectForDetection = (records: readonly ConsumedRecord[], parse: RecordParser, seen: RecentIds | DuplicateCheck): DetectionSelection => {
  const items: DetectionItem[] = [];
  let skipped = 0, duplicates = 0;
  for (const record of records) {
    const parsed = parse(record);
    if (!parsed.ok) { skipped++; continue; }
    const id = parsed.event.event_id;
    if (typeof seen === 'function' ? seen(record, id) : !seen.add(id)) { duplicates++; continue; }
    items.push({ record, event: parsed.event, eventTimeMs: parsed.eventTimeMs });
  }
  items.sort((a, b) => a.eventTimeMs - b.eventTimeMs || compareText(a.record.shardId, b.record.shardId)
    || a.record.sequenceNumber.length - b.record.sequenceNumber.length || compareText(a.record.sequenceNumber, b.record.sequenceNumber));
  return { items, skipped, duplicates };
};

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Maps an app output row to a valid Alert; a row that is not one is logged and dropped, never thrown. */
export const alertFromOutputRow = (
  row: Record<string, unknown>, toAlert: (row: Record<string, unknown>) => Alert, logger: Logger,
): Alert | undefined => {
  try {
    return AlertSchema.parse(toAlert(row));
  } catch (cause) {
    logger.error('invalid alert row dropped', { row, error: String(cause) });
    return undefined;
  }
};

/** Writes alerts to the alerts stream keyed by symbol, as one JSON object per record. */
export const writeAlertRecords = async (writer: RecordWriter, alerts: readonly Alert[]): Promise<void> => {
  if (alerts.length === 0) return;
  try {
    await writer.putRecords(alerts.map((a) => ({ partitionKey: a.symbol, data: encoder.encode(JSON.stringify(a)) })));
  } catch (cause) {
    throw new PipelineError('PIPELINE_WRITE_FAILED', `writing ${alerts.length} alerts to the alerts stream failed`, { cause });
  }
};

/**
 * The detector stage: merges the records of all shards in event-time order (ties by shard and
 * position, so the order is deterministic), feeds valid events to the streaming detection
 * app (each event_id once), and writes the alerts it emits to the alerts stream keyed by symbol. Invalid records are
 * skipped here (the enricher quarantines them). Rows the app emits that are not valid alerts are
 * logged and dropped, never crash the batch.
 */
export class Detector {
  private pending: Alert[] = [];
  private readonly parse: RecordParser;
  private readonly logger: Logger;
  private readonly seen: RecentIds | DuplicateCheck;

  constructor(private readonly options: DetectorOptions) {
    this.parse = options.parse ?? parseConsumedRecord;
    this.seen = options.isDuplicate ?? options.recentIds ?? new RecentIds(1_000_000);
    this.logger = options.logger ?? SILENT_LOGGER;
    options.app.on(options.outputStream ?? 'DESTINATION_SQL_STREAM', (row) => {
      const alert = alertFromOutputRow(row, options.toAlert, this.logger);
      if (alert === undefined) return;
      this.pending.push(alert);
      options.onAlert?.(alert);
    });
  }

  /** Feeds one batch (any mix of shards) and publishes the alerts it raised. */
  async process(records: readonly ConsumedRecord[]): Promise<DetectResult> {
    const { items, skipped, duplicates } = selectForDetection(records, this.parse, this.seen);
    const arrival = this.options.arrivalRowtime === true;
    for (const it of items) this.options.app.push(it.event, arrival ? { arrivalTime: it.record.arrivalTime } : undefined);
    return { pushed: items.length, skipped, duplicates, alerts: await this.drain() };
  }

  /** Closes open windows (end of input) and publishes what they raise. */
  async flush(): Promise<readonly Alert[]> {
    this.options.app.flush();
    return this.drain();
  }

  private async drain(): Promise<Alert[]> {
    const alerts = this.pending;
    this.pending = [];
    if (this.options.alertWriter) await writeAlertRecords(this.options.alertWriter, alerts);
    return alerts;
  }
}
