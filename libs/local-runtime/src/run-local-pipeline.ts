import { SILENT_LOGGER, type Alert, type Logger } from '@surv/domain';
import {
  Detector, RawArchiver, RecentIds, decodeAlertRecords, enrichRecords, publishAlerts,
  type AlertNotifier, type ConsumedRecord, type CuratedEncoder, type StreamRecord,
} from '@surv/pipeline';
import { BatchRecords } from './batch-records';
import type { DetectionFactory } from './detection-factory';
import { defaultDetection } from './default-detection';
import { LocalRuntimeError } from './errors';
import { DuckDbParquetEncoder } from './duckdb-parquet-encoder';
import { FileObjectStore } from './file-object-store';
import { InProcessStream } from './in-process-stream';
import { EventTimeOrder } from './event-time-order';
import { LineBatch, type TakenLines } from './line-batch';
import { WorkerDetector } from './worker-detector';

/** One input line: its text, or its bytes. */
export type InputLine = string | Uint8Array;

/**
 * Input lines with where each was read from, so a quarantined record names its file and line
 * (`file`, `line` in quarantine/) besides its stream position.
 */
export interface SourcedLines {
  readonly lines: readonly InputLine[];
  /** The file the lines were read from, as the user named it (`stdin` for standard input); or one per line. */
  readonly file: string | readonly (string | undefined)[];
  /** Each line's 1-based line number in its file; for JSON text split into records, the line where the record starts. */
  readonly lineNumbers: readonly number[];
}

/** What the input yields: a line, a chunk of lines, or lines with their file and line numbers. */
export type InputItem = InputLine | readonly InputLine[] | SourcedLines;

/** Options of `runLocalPipeline`; see the field docs for defaults. */
export interface LocalPipelineOptions {
  /** Lake folder. */
  readonly lake: string;
  /**
   * JSON lines (one event per line), from any producer. An item may also be several lines at once
   * (e.g. every line of a file chunk), which spares an await per line. A line may be given as its bytes
   * (a reader's line that is not UTF-8 text): they are archived as they are, and parsed as bytes.
   * Lines given with their file and line numbers (`SourcedLines`) have them named in quarantine records.
   */
  readonly input: AsyncIterable<InputItem>;
  /** Shards of the event stream. @default 2 */
  readonly shards?: number;
  /** ROWTIME: `event` replays from event_time (arrival = event time); `arrival` uses the wall clock. @default 'event' */
  readonly rowtime?: 'event' | 'arrival';
  /** Close open windows at the end of input. @default true */
  readonly flushAtEnd?: boolean;
  readonly notifiers?: readonly AlertNotifier[];
  /** Called once per (deduplicated) alert as it is published. */
  readonly onAlert?: (alert: Alert) => void;
  /** Called after every batch. */
  readonly onProgress?: (p: { events: number; alerts: number; quarantined: number }) => void;
  /** Stops reading input; what was read is finished and written whole. */
  readonly signal?: AbortSignal;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
  /**
   * Lines per batch through the stages; objects are named per batch, so this fixes the lake layout.
   * A batch's parsed events live until it is written: at 20 000 most of them die in V8's young
   * generation, where at 50 000 they were promoted and collected again (1-1.5 s more CPU per million
   * events in `surv scan`). @default 20_000
   */
  readonly batchSize?: number;
  /**
   * Longest a partial batch waits for more lines, in ms, so alerts keep flowing from a slow live
   * producer. Batches then depend on timing, so replays default to none (a deterministic lake).
   * @default 1000 when rowtime is 'arrival', none when 'event'
   */
  readonly maxBatchWaitMs?: number;
  /** The detection app. @default the `@surv/detection` application compiled with `@surv/kav2-sql` */
  readonly detection?: DetectionFactory;
  /**
   * Where the default detection app runs: `worker` puts the KDA SQL engine on its own thread (the
   * second core), `main` keeps it in-process. A custom `detection` always runs on the main thread.
   * @default 'worker'
   */
  readonly detectionThread?: 'worker' | 'main';
  /** Curated Parquet encoder. @default DuckDB COPY (zstd), see DuckDbParquetEncoder */
  readonly encode?: CuratedEncoder;
  /** Raw archiver buffer size in bytes. @default 5 MiB */
  readonly rawBufferBytes?: number;
  /** Raw archiver buffer interval in ms of arrival time. @default 60_000 */
  readonly rawBufferIntervalMs?: number;
}

/** What a local run did. */
export interface PipelineSummary {
  /** Lines read. */
  readonly events: number;
  readonly valid: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly alerts: readonly Alert[];
  readonly alertsByRule: Readonly<Record<string, number>>;
  readonly rawObjects: number;
  readonly curatedObjects: number;
  readonly quarantineObjects: number;
  readonly durationMs: number;
  /** True when `signal` stopped the run before the end of input. */
  readonly aborted: boolean;
  /**
   * Replay: valid events older than an event of an earlier batch (the input is not in event-time
   * order). Detection treats them as late rows and does not count them; sort such input by event_time.
   * Always 0 live (ROWTIME is the arrival time).
   */
  readonly lateEvents: number;
  /** Where detection ran. */
  readonly detectionThread: 'worker' | 'main';
}

const CR = 13;
const isSpaceByte = (b: number): boolean => b === 32 || (b >= 9 && b <= 13);

/**
 * Runs the whole pipeline on this machine: lines -> in-process stream (sharded by symbol) ->
 * raw archiver, enricher and detector (each its own consumer with its own checkpoint) -> alerts
 * stream (1 shard) -> alert publisher. Same stage functions as the Lambdas, local adapters.
 * Deterministic in `event` mode: the same input gives the same lake, byte for byte.
 */
export const runLocalPipeline = async (options: LocalPipelineOptions): Promise<PipelineSummary> => {
  const started = performance.now();
  const logger = options.logger ?? SILENT_LOGGER;
  const rowtime = options.rowtime ?? 'event';
  const batchSize = options.batchSize ?? 20_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new LocalRuntimeError('LOCAL_INVALID_OPTIONS', `batchSize must be a positive integer, got ${batchSize}`);
  const maxBatchWaitMs = options.maxBatchWaitMs ?? (rowtime === 'arrival' ? 1_000 : undefined);
  if (maxBatchWaitMs !== undefined && !(maxBatchWaitMs > 0)) throw new LocalRuntimeError('LOCAL_INVALID_OPTIONS', `maxBatchWaitMs must be positive, got ${maxBatchWaitMs}`);
  if (rowtime !== 'event' && rowtime !== 'arrival') throw new LocalRuntimeError('LOCAL_INVALID_OPTIONS', `rowtime must be 'event' or 'arrival', got '${String(rowtime)}'`);

  // Take the iterator before the first await: readline's iterator drops lines (and its end) that
  // arrive before it exists, and the set-up below awaits.
  const iterator = options.input[Symbol.asyncIterator]();

  const store = new FileObjectStore(options.lake);
  // In replay, arrival time is the event time (set per record below), so nothing depends on the wall clock.
  let arrivals: number[] = [];
  const clock = rowtime === 'event' ? (_r: StreamRecord, i: number) => arrivals[i] ?? 0 : () => Date.now();
  const events = new InProcessStream({ shards: options.shards ?? 2, clock });
  // Latest arrival time seen; alerts arrive on their stream at that time.
  let lastArrival = 0;
  const alertStream = new InProcessStream({ shards: 1, clock: () => lastArrival });
  const shardIds = events.listShards().map((s) => s.shardId);

  // The enricher and the detector see the same records within a batch: each line is parsed once and
  // its event_id looked up once, in one set of recent ids shared by both stages. In replay the line
  // is parsed as it is read (its event time is its arrival time); live, on first use.
  const batchRecords = new BatchRecords(new RecentIds(2_000_000));
  const parse = batchRecords.parse;
  const isDuplicate = batchRecords.isDuplicate;
  const archiver = new RawArchiver(store, { bufferBytes: options.rawBufferBytes, bufferIntervalMs: options.rawBufferIntervalMs });
  const published = new RecentIds(1_000_000);
  const duckEncoder = options.encode ? undefined : await DuckDbParquetEncoder.open();
  const encode = options.encode ?? duckEncoder!.encode;
  const worker = options.detection === undefined && (options.detectionThread ?? 'worker') === 'worker'
    ? WorkerDetector.start({
      rowtime, alertWriter: alertStream, parse, isDuplicate, logger,
    })
    : undefined;
  try {
    let detector: Pick<Detector, 'process' | 'flush'> | undefined = worker;
    if (!detector) {
      const detection = await (options.detection ?? defaultDetection)({ rowtime });
      detector = new Detector({
        app: detection.app, toAlert: detection.toAlert, outputStream: detection.outputStream, alertWriter: alertStream,
        parse, isDuplicate, arrivalRowtime: rowtime === 'arrival', logger,
      });
    }

    // Each consumer keeps its own checkpoint per shard, as separate Lambdas would.
    const checkpoints = { archiver: new Map<string, string>(), enricher: new Map<string, string>(), detector: new Map<string, string>() };
    let alertCheckpoint: string | undefined;
    const rawKeys = new Set<string>(), curatedKeys = new Set<string>(), quarantineKeys = new Set<string>();
    const alerts: Alert[] = [];
    let lines = 0, valid = 0, duplicates = 0, quarantined = 0, aborted = false;
    const order = new EventTimeOrder();

    const consume = (cp: Map<string, string>): ConsumedRecord[] => {
      const out: ConsumedRecord[] = [];
      for (const shardId of shardIds) {
        const recs = events.getRecords(shardId, cp.get(shardId), Number.MAX_SAFE_INTEGER);
        if (recs.length > 0) cp.set(shardId, recs[recs.length - 1]!.sequenceNumber);
        for (const r of recs) out.push(r);
      }
      return out;
    };

    const publishPending = async () => {
      const recs = alertStream.getRecords('shardId-000000000000', alertCheckpoint, Number.MAX_SAFE_INTEGER);
      if (recs.length === 0) return;
      const { alerts: decoded } = decodeAlertRecords(recs, logger);
      const result = await publishAlerts(decoded, { store, notifiers: options.notifiers, published, logger });
      for (const a of result.published) {
        alerts.push(a);
        options.onAlert?.(a);
      }
      alertCheckpoint = recs[recs.length - 1]!.sequenceNumber;
      alertStream.trim('shardId-000000000000', alertCheckpoint);
    };

    let detecting: Promise<void> | undefined;
    const settleDetection = async () => {
      const d = detecting;
      detecting = undefined;
      await d;
    };

    /** Runs one batch through every stage; `linesSoFar` counts the lines read up to its end. */
    const processBatch = async (batch: TakenLines, linesSoFar: number) => {
      const { bytes, partitionKeys, parsed } = batch;
      const n = bytes.length;
      const records: StreamRecord[] = new Array(n);
      for (let i = 0; i < n; i++) records[i] = { partitionKey: partitionKeys[i]!, data: bytes[i]! };
      batchRecords.start(batch, events.nextSequenceNumber);
      if (parsed) {
        // Arrival = event time; a record without one arrives with its predecessor (or the batch's first). Before any
        // event had a time (an input that starts with bad records), those arrive now, not at the epoch.
        const first = parsed.find((r) => r.ok);
        let lastTime = first?.ok ? first.eventTimeMs : lastArrival > 0 ? lastArrival : Date.now();
        arrivals = new Array<number>(n);
        for (let i = 0; i < n; i++) {
          const r = parsed[i]!;
          if (r.ok) lastTime = r.eventTimeMs;
          arrivals[i] = Math.floor(lastTime);
        }
        if (first !== undefined || lastArrival > 0) lastArrival = Math.max(lastArrival, Math.floor(lastTime));
      } else {
        lastArrival = Date.now();
      }
      await events.putRecords(records);

      // The three consumers are independent within a batch. The detector (on its worker thread) may run
      // one batch behind: this batch's detection goes on while the main thread archives and enriches it
      // and reads the next one. It reads its records now, and the worker answers in order, so the
      // alerts stream gets the same records in the same order as when every batch is awaited.
      const previous = detecting;
      const current = detector.process(consume(checkpoints.detector)).then(() => undefined);
      current.catch(() => undefined); // awaited below or at the end; never an unhandled rejection
      detecting = current;
      const [archived, enriched] = await Promise.all([
        archiver.add(consume(checkpoints.archiver)),
        enrichRecords(consume(checkpoints.enricher), { store, isDuplicate, parse, encode, logger, originOf: batchRecords.originOf }),
      ]);
      await previous;
      for (const d of archived) rawKeys.add(d.key);
      if (enriched.failed > 0) {
        const failure = enriched.outcomes.find((o) => o.status === 'failed');
        throw new LocalRuntimeError('LOCAL_IO_FAILED', `${enriched.failed} records could not be written: ${failure?.error ?? 'unknown'}`);
      }
      // The enricher has asked about every valid record, so each has its duplicate verdict.
      if (parsed) order.addBatch(parsed, batchRecords.duplicateAt);
      valid += enriched.written;
      duplicates += enriched.duplicates;
      quarantined += enriched.quarantined;
      enriched.curatedKeys.forEach((k) => curatedKeys.add(k));
      enriched.quarantineKeys.forEach((k) => quarantineKeys.add(k));
      await publishPending();
      // Every consumer has read up to its checkpoint: drop what all have passed (bounded memory).
      for (const s of shardIds) {
        const cp = checkpoints.detector.get(s);
        if (cp !== undefined) events.trim(s, cp);
      }
      batchRecords.clear();
      options.onProgress?.({ events: linesSoFar, alerts: alerts.length, quarantined });
    };

    // Each read can be cut short by a stop or by the partial-batch deadline, even while input is idle.
    // Both wake the current read through `wake`: racing every line against one long-lived promise
    // would leave a reaction (and the line) on it per line until the run ends.
    let wake: ((reason: 'aborted' | 'timeout') => void) | undefined;
    const onAbort = () => wake?.('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const batch = new LineBatch(rowtime === 'event');
    // A partial batch goes through at most `maxBatchWaitMs` after its first line (live latency);
    // one timer per batch, not per line.
    let pending: Promise<IteratorResult<InputItem>> | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const disarm = () => {
      clearTimeout(timer);
      timer = undefined;
      timedOut = false;
    };
    const read = (p: Promise<IteratorResult<InputItem>>) =>
      new Promise<IteratorResult<InputItem> | 'aborted' | 'timeout'>((resolve, reject) => {
        if (options.signal?.aborted) return resolve('aborted');
        if (timedOut) return resolve('timeout');
        wake = resolve;
        p.then(resolve, reject);
      });
    // A batch finishes (Parquet in DuckDB, file writes, the previous batch's alerts) while the next one
    // is read and parsed; batches still start one after the other, so the lake and alerts do not change.
    let inFlight: Promise<void> | undefined;
    let failed = false;
    const dispatch = async () => {
      await inFlight;
      const started = processBatch(batch.take(), lines);
      started.catch(() => { failed = true; }); // rethrown where it is awaited
      inFlight = started;
    };
    /** Adds one input line to the batch (synchronously: no promise per line); true when the batch is full. */
    const take = (raw: InputLine, file?: string, lineNumber?: number): boolean => {
      const line = typeof raw === 'string' ? (raw.endsWith('\r') ? raw.slice(0, -1) : raw) : raw.at(-1) === CR ? raw.subarray(0, -1) : raw;
      if (typeof line === 'string' ? line.trim() === '' : line.every(isSpaceByte)) return false;
      batch.push(line, file, lineNumber);
      lines++;
      if (batch.length === 1 && maxBatchWaitMs !== undefined) {
        timer = setTimeout(() => {
          timedOut = true;
          wake?.('timeout');
        }, maxBatchWaitMs);
      }
      return batch.length >= batchSize;
    };
    const full = async () => {
      disarm();
      await dispatch();
    };
    try {
      for (;;) {
        if (failed) await inFlight;
        pending ??= iterator.next();
        const next = await read(pending);
        wake = undefined;
        if (next === 'aborted') {
          aborted = true;
          void iterator.return?.();
          break;
        }
        if (next === 'timeout') {
          disarm();
          await dispatch();
          continue;
        }
        pending = undefined;
        if (next.done) break;
        const item = next.value;
        if (typeof item === 'string' || item instanceof Uint8Array) {
          if (take(item)) await full();
        } else if ('lineNumbers' in item) {
          const { lines: sourced, file, lineNumbers } = item;
          for (let k = 0; k < sourced.length; k++) {
            if (take(sourced[k]!, typeof file === 'string' ? file : file[k], lineNumbers[k])) await full();
          }
        } else {
          for (const raw of item) if (take(raw)) await full();
        }
      }
    } finally {
      disarm();
      options.signal?.removeEventListener('abort', onAbort);
    }
    await inFlight;
    if (batch.length > 0) await processBatch(batch.take(), lines);
    await settleDetection();
    await publishPending();
    for (const d of await archiver.flush()) rawKeys.add(d.key);
    if ((options.flushAtEnd ?? true) && !aborted) {
      await detector.flush();
      await publishPending();
    }

    const alertsByRule: Record<string, number> = {};
    for (const a of alerts) alertsByRule[a.rule] = (alertsByRule[a.rule] ?? 0) + 1;
    const summary: PipelineSummary = {
      events: lines, valid, duplicates, quarantined, alerts, alertsByRule,
      rawObjects: rawKeys.size, curatedObjects: curatedKeys.size, quarantineObjects: quarantineKeys.size,
      durationMs: performance.now() - started, aborted, detectionThread: worker ? 'worker' : 'main', lateEvents: order.lateEvents,
    };
    logger.info('local pipeline finished', { ...summary, alerts: alerts.length });
    if (summary.lateEvents > 0) {
      logger.warn('input not in event-time order: detection skipped late events', { lateEvents: summary.lateEvents });
    }
    return summary;
  } finally {
    await duckEncoder?.close();
    await worker?.close();
  }
};
