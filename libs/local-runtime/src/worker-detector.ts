import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SILENT_LOGGER, type Alert, type Logger } from '@surv/domain';
import {
  RecentIds, selectForDetection, writeAlertRecords,
  type ConsumedRecord, type DetectResult, type DuplicateCheck, type RecordParser, type RecordWriter,
} from '@surv/pipeline';
import { LocalRuntimeError } from './errors';
import { type DetectionWorkerCommand, type DetectionWorkerData, type DetectionWorkerReply } from './detection-worker-protocol';
import { EventBatchEncoder } from './event-batch-codec';

export interface WorkerDetectorOptions {
  readonly rowtime: 'event' | 'arrival';
  readonly alertWriter: RecordWriter;
  readonly parse: RecordParser;
  /** Decides duplicates (shared with the enricher). @default its own set of 1 000 000 recent ids */
  readonly isDuplicate?: DuplicateCheck;
  readonly logger?: Logger;
}

/** Where the worker script sits next to this module: `.ts` from sources, `.js`/`.cjs` when built. */
const workerScript = (): { path: string; execArgv: string[] } | undefined => {
  const here = import.meta.url;
  const ext = here.endsWith('.ts') ? '.ts' : here.endsWith('.cjs') ? '.cjs' : '.js';
  const path = fileURLToPath(new URL(`./detection-worker${ext}`, here));
  if (!existsSync(path)) return undefined;
  // From sources (tests), the worker needs the TypeScript loader and the source export condition.
  return { path, execArgv: ext === '.ts' ? ['--import', 'tsx', '--conditions=@surv/source'] : [] };
};

/**
 * The detector stage with the default detection application on a worker thread. Same selection
 * and order as `Detector` (`selectForDetection`), same alerts, same alerts-stream records; the
 * KDA SQL engine just runs on the other core. Replies are awaited per batch, so output order and
 * the lake stay deterministic.
 */
export class WorkerDetector {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (alerts: readonly Alert[]) => void; reject: (e: unknown) => void }>();
  private failure: unknown;
  private readonly seen: RecentIds | DuplicateCheck;
  private readonly logger: Logger;
  private readonly events = new EventBatchEncoder();

  private constructor(private readonly worker: Worker, private readonly options: WorkerDetectorOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.seen = options.isDuplicate ?? new RecentIds(1_000_000);
    worker.on('message', (reply: DetectionWorkerReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if ('error' in reply) w.reject(new LocalRuntimeError('LOCAL_DETECTION_FAILED', `detection worker failed: ${reply.error}`));
      else {
        for (const d of reply.droppedRows) this.logger.error('invalid alert row dropped', { detail: d });
        w.resolve(reply.alerts);
      }
    });
    const fail = (cause: unknown) => {
      this.failure = cause;
      for (const w of this.waiting.values()) w.reject(new LocalRuntimeError('LOCAL_DETECTION_FAILED', 'detection worker stopped', { cause }));
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail(new LocalRuntimeError('LOCAL_DETECTION_FAILED', `detection worker exited with code ${code}`)));
  }

  /** Starts the worker, or returns `undefined` when its script is not shipped next to this module. */
  static start(options: WorkerDetectorOptions): WorkerDetector | undefined {
    const script = workerScript();
    if (!script) return undefined;
    const data: DetectionWorkerData = { rowtime: options.rowtime };
    return new WorkerDetector(new Worker(script.path, { workerData: data, execArgv: script.execArgv }), options);
  }

  private request(message: DetectionWorkerCommand, transfer: ArrayBuffer[] = []): Promise<readonly Alert[]> {
    if (this.failure !== undefined) return Promise.reject(new LocalRuntimeError('LOCAL_DETECTION_FAILED', 'detection worker stopped', { cause: this.failure }));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** Feeds one batch and writes the alerts it raised to the alerts stream. */
  async process(records: readonly ConsumedRecord[]): Promise<DetectResult> {
    const { items, skipped, duplicates } = selectForDetection(records, this.options.parse, this.seen);
    const arrivals = this.options.rowtime === 'arrival' ? items.map((it) => it.record.arrivalTime) : undefined;
    const events = this.events.encode(items.map((it) => it.event));
    const alerts = await this.request({ type: 'batch', events, arrivals }, [events.codes.buffer as ArrayBuffer, events.numbers.buffer as ArrayBuffer]);
    await writeAlertRecords(this.options.alertWriter, alerts);
    return { pushed: items.length, skipped, duplicates, alerts };
  }

  /** Closes open windows (end of input) and writes what they raise. */
  async flush(): Promise<readonly Alert[]> {
    const alerts = await this.request({ type: 'flush' });
    await writeAlertRecords(this.options.alertWriter, alerts);
    return alerts;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
