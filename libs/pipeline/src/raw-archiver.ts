import { rawObjectKey, spanName } from '@surv/domain';
import { PipelineError } from './errors';
import type { ConsumedRecord, ObjectStore } from './ports';

export interface RawArchiverOptions {
  /** Deliver when a buffer holds this many bytes. @default 5 * 1024 * 1024 (5 MiB, Firehose's default) */
  readonly bufferBytes?: number;
  /** Deliver when the oldest buffered record arrived this long before the newest one seen. @default 60_000 */
  readonly bufferIntervalMs?: number;
}

/** One delivered object. */
export interface RawDelivery {
  readonly key: string;
  readonly records: number;
  readonly bytes: number;
}

interface Buffer {
  shardId: string;
  parts: Uint8Array[];
  bytes: number;
  records: number;
  firstArrival: number;
  firstSequence: string;
  lastSequence: string;
}

const NEWLINE = 0x0a;

/**
 * Raw archiver with Firehose semantics: buffers records per shard by size and by arrival time
 * and delivers JSONL objects under `raw/year=/month=/day=/hour=/` (partition of the first
 * record's arrival), named after the stream positions they cover. Time is arrival time, never
 * the wall clock, so a replay delivers the same objects.
 */
export class RawArchiver {
  private readonly buffers = new Map<string, Buffer>();
  private readonly bufferBytes: number;
  private readonly bufferIntervalMs: number;
  private latestArrival = Number.NEGATIVE_INFINITY;

  constructor(private readonly store: ObjectStore, options: RawArchiverOptions = {}) {
    this.bufferBytes = options.bufferBytes ?? 5 * 1024 * 1024;
    this.bufferIntervalMs = options.bufferIntervalMs ?? 60_000;
    if (!(this.bufferBytes > 0) || !(this.bufferIntervalMs > 0)) {
      throw new PipelineError('PIPELINE_INVALID_OPTIONS', `buffer size and interval must be positive, got ${this.bufferBytes} bytes, ${this.bufferIntervalMs} ms`);
    }
  }

  /** Buffers records and delivers every buffer that became full or old. */
  async add(records: readonly ConsumedRecord[]): Promise<RawDelivery[]> {
    const due: Buffer[] = [];
    for (const r of records) {
      if (r.arrivalTime > this.latestArrival) this.latestArrival = r.arrivalTime;
      let b = this.buffers.get(r.shardId);
      if (b && r.arrivalTime - b.firstArrival >= this.bufferIntervalMs) {
        due.push(b);
        this.buffers.delete(r.shardId);
        b = undefined;
      }
      if (!b) {
        b = { shardId: r.shardId, parts: [], bytes: 0, records: 0, firstArrival: r.arrivalTime, firstSequence: r.sequenceNumber, lastSequence: r.sequenceNumber };
        this.buffers.set(r.shardId, b);
      }
      b.parts.push(r.data);
      b.bytes += r.data.length + (r.data[r.data.length - 1] === NEWLINE ? 0 : 1);
      b.records++;
      b.lastSequence = r.sequenceNumber;
      if (b.bytes >= this.bufferBytes) {
        due.push(b);
        this.buffers.delete(r.shardId);
      }
    }
    // Other shards' buffers age too: deliver those whose interval has passed.
    for (const [shardId, b] of this.buffers) {
      if (this.latestArrival - b.firstArrival >= this.bufferIntervalMs) {
        due.push(b);
        this.buffers.delete(shardId);
      }
    }
    return this.deliver(due);
  }

  /** Delivers everything buffered (end of input, or shutdown). */
  async flush(): Promise<RawDelivery[]> {
    const due = [...this.buffers.values()];
    this.buffers.clear();
    return this.deliver(due);
  }

  /** Bytes currently buffered, all shards together. */
  get bufferedBytes(): number {
    let n = 0;
    for (const b of this.buffers.values()) n += b.bytes;
    return n;
  }

  private async deliver(due: Buffer[]): Promise<RawDelivery[]> {
    const out: RawDelivery[] = [];
    await Promise.all(due.map(async (b) => {
      const body = new Uint8Array(b.bytes);
      let at = 0;
      for (const p of b.parts) {
        body.set(p, at);
        at += p.length;
        if (p[p.length - 1] !== NEWLINE) body[at++] = NEWLINE;
      }
      const key = rawObjectKey(b.firstArrival, spanName({ shardId: b.shardId, firstSequence: b.firstSequence, lastSequence: b.lastSequence }));
      try {
        await this.store.putObject(key, body, { contentType: 'application/x-ndjson' });
      } catch (cause) {
        throw new PipelineError('PIPELINE_WRITE_FAILED', `raw delivery of ${key} failed`, { cause });
      }
      out.push({ key, records: b.records, bytes: b.bytes });
    }));
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }
}
