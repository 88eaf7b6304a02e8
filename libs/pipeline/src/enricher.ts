import {
  curatedObjectKey, quarantineObjectKey, spanName, toIsoUtc, utcDate, SILENT_LOGGER,
  type Logger, type MarketEvent, type QuarantineRecord,
} from '@surv/domain';
import type { RiskSummary, ScoringContext } from '@surv/risk-engine';
import { summarizeRisk } from '@surv/risk-engine';
import type { CuratedEvent } from './curated-event';
import type { DuplicateCheck } from './duplicate-check';
import { PipelineError } from './errors';
import { encodeCuratedParquet } from './parquet-encoder';
import type { ConsumedRecord, ObjectStore } from './ports';
import type { RecordOriginLookup } from './record-origin';
import { RecentIds } from './recent-ids';
import { parseConsumedRecord, type RecordParser } from './record-parser';

/** What happened to one consumed record. */
export type RecordStatus = 'written' | 'duplicate' | 'quarantined' | 'failed';

export interface RecordOutcome {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly status: RecordStatus;
  /** The object the record went to (curated or quarantine), when written. */
  readonly key?: string;
  /** Why the write failed, for `failed`. */
  readonly error?: string;
}

export interface EnrichResult {
  /** One outcome per input record, in input order. */
  readonly outcomes: readonly RecordOutcome[];
  readonly written: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly failed: number;
  readonly curatedKeys: readonly string[];
  readonly quarantineKeys: readonly string[];
}

/** Writes Parquet bytes for curated rows; the local runtime may swap in a faster encoder. */
export type CuratedEncoder = (rows: readonly CuratedEvent[]) => Uint8Array | Promise<Uint8Array>;

export interface EnrichDeps {
  readonly store: ObjectStore;
  /** Risk scoring (only the summary is stored; `score` fits too). @default summarizeRisk from `@surv/risk-engine` */
  readonly score?: (event: MarketEvent, context?: ScoringContext) => RiskSummary;
  /** Ids already written by earlier batches; pass the same instance across calls. @default a fresh set */
  readonly recentIds?: RecentIds;
  /**
   * Decides duplicates instead of `recentIds` (then neither read nor written), when the runtime
   * shares one check with the detector.
   */
  readonly isDuplicate?: DuplicateCheck;
  /** @default parseConsumedRecord */
  readonly parse?: RecordParser;
  /** @default encodeCuratedParquet */
  readonly encode?: CuratedEncoder;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
  /**
   * Where a record was read from (file and line), added to its quarantine record as `file` and `line`
   * beside its stream position. @default none: quarantine records name the stream position only
   */
  readonly originOf?: RecordOriginLookup;
}

interface Group {
  readonly shardId: string;
  readonly partitionMs: number;
  readonly rows: CuratedEvent[];
  readonly indexes: number[];
}

const seqLess = (a: string, b: string): boolean => (a.length !== b.length ? a.length < b.length : a < b);

const spanOf = (shardId: string, seqs: readonly string[]) => {
  let first = seqs[0]!, last = seqs[0]!;
  for (const s of seqs) {
    if (seqLess(s, first)) first = s;
    if (seqLess(last, s)) last = s;
  }
  return { shardId, firstSequence: first, lastSequence: last };
};

/**
 * The enricher stage: parses, drops duplicate `event_id`s (in the batch and across batches),
 * scores, and writes one Parquet object per (shard, dt, hour) named after the stream span it
 * covers, so a replay of the same batch overwrites instead of duplicating. Invalid records go to
 * `quarantine/` with their reason. Never throws for bad data: a failed write only marks the
 * records of that object `failed`, so a Lambda reports exactly those as `batchItemFailures`.
 */
export const enrichRecords = async (records: readonly ConsumedRecord[], deps: EnrichDeps): Promise<EnrichResult> => {
  const score = deps.score ?? summarizeRisk;
  const isDuplicate = deps.isDuplicate;
  const recent = deps.recentIds ?? new RecentIds();
  const parse = deps.parse ?? parseConsumedRecord;
  const encode = deps.encode ?? encodeCuratedParquet;
  const logger = deps.logger ?? SILENT_LOGGER;

  // One status (and key) per record; the outcome objects are built only if someone reads them.
  const statuses: RecordStatus[] = new Array<RecordStatus>(records.length);
  const keys: (string | undefined)[] = new Array<string | undefined>(records.length);
  const errors = new Map<number, string>();
  const groups = new Map<string, Group>();
  const quarantine = new Map<string, { lines: string[]; indexes: number[]; seqs: string[]; shardId: string; dt: string }>();
  const inBatch = new Set<string>();
  let last: Group | undefined;

  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const parsed = parse(record);
    if (!parsed.ok) {
      const dt = utcDate(record.arrivalTime);
      const qKey = `${record.shardId}|${dt}`;
      let q = quarantine.get(qKey);
      if (!q) quarantine.set(qKey, (q = { lines: [], indexes: [], seqs: [], shardId: record.shardId, dt }));
      const entry: QuarantineRecord = {
        code: parsed.code, reason: parsed.reason, raw: parsed.raw,
        source: `${record.shardId}/${record.sequenceNumber}`, quarantined_at: toIsoUtc(record.arrivalTime),
      };
      const origin = deps.originOf?.(record);
      if (origin) {
        entry.file = origin.file;
        entry.line = origin.line;
      }
      q.lines.push(JSON.stringify(entry));
      q.indexes.push(i);
      q.seqs.push(record.sequenceNumber);
      continue;
    }
    const id = parsed.event.event_id;
    if (isDuplicate ? isDuplicate(record, id) : inBatch.has(id) || recent.has(id)) {
      statuses[i] = 'duplicate';
      continue;
    }
    if (!isDuplicate) inBatch.add(id);
    const assessment = score(parsed.event, { eventTimeMs: parsed.eventTimeMs });
    const hourMs = Math.floor(parsed.eventTimeMs / 3_600_000) * 3_600_000;
    // Neighbours mostly share shard and hour: reuse the last group before building a key.
    let g = last !== undefined && last.shardId === record.shardId && last.partitionMs === hourMs ? last : undefined;
    if (!g) {
      const gKey = `${record.shardId}|${hourMs}`;
      g = groups.get(gKey);
      if (!g) groups.set(gKey, (g = { shardId: record.shardId, partitionMs: hourMs, rows: [], indexes: [] }));
      last = g;
    }
    g.rows.push({
      event: parsed.event, eventTimeMs: parsed.eventTimeMs, riskScore: assessment.score,
      venueCategory: assessment.venueCategory, regulatoryFlags: assessment.flags,
      shardId: record.shardId, sequenceNumber: record.sequenceNumber,
    });
    g.indexes.push(i);
  }

  const curatedKeys: string[] = [];
  const quarantineKeys: string[] = [];
  const writes: Promise<void>[] = [];
  const mark = (indexes: readonly number[], status: RecordStatus, key: string, error?: string) => {
    for (const i of indexes) {
      statuses[i] = error === undefined ? status : 'failed';
      keys[i] = key;
      if (error !== undefined) errors.set(i, error);
    }
  };

  for (const g of groups.values()) {
    const key = curatedObjectKey(g.partitionMs, spanOf(g.shardId, g.rows.map((r) => r.sequenceNumber)));
    writes.push((async () => {
      try {
        await deps.store.putObject(key, await encode(g.rows), { contentType: 'application/vnd.apache.parquet' });
        if (!isDuplicate) for (const r of g.rows) recent.add(r.event.event_id);
        mark(g.indexes, 'written', key);
        curatedKeys.push(key);
      } catch (cause) {
        const error = new PipelineError('PIPELINE_WRITE_FAILED', `curated write of ${key} failed`, { cause });
        logger.error('curated write failed', { key, error: String(cause) });
        mark(g.indexes, 'failed', key, error.message);
      }
    })());
  }
  for (const q of quarantine.values()) {
    const key = quarantineObjectKey(q.dt, spanName(spanOf(q.shardId, q.seqs)));
    writes.push((async () => {
      try {
        await deps.store.putObject(key, `${q.lines.join('\n')}\n`, { contentType: 'application/x-ndjson' });
        mark(q.indexes, 'quarantined', key);
        quarantineKeys.push(key);
      } catch (cause) {
        logger.error('quarantine write failed', { key, error: String(cause) });
        mark(q.indexes, 'failed', key, `quarantine write of ${key} failed: ${String(cause)}`);
      }
    })());
  }
  await Promise.all(writes);

  let written = 0, duplicates = 0, quarantined = 0, failed = 0;
  for (const status of statuses) {
    if (status === 'written') written++;
    else if (status === 'duplicate') duplicates++;
    else if (status === 'quarantined') quarantined++;
    else failed++;
  }
  curatedKeys.sort();
  quarantineKeys.sort();
  let outcomes: RecordOutcome[] | undefined;
  return {
    get outcomes() {
      return (outcomes ??= statuses.map((status, i) => outcomeOf(records[i]!, status, keys[i], errors.get(i))));
    },
    written, duplicates, quarantined, failed, curatedKeys, quarantineKeys,
  };
};

const outcomeOf = (r: ConsumedRecord, status: RecordStatus, key: string | undefined, error: string | undefined): RecordOutcome => {
  if (status === 'duplicate') return { shardId: r.shardId, sequenceNumber: r.sequenceNumber, status };
  if (status === 'failed') return { shardId: r.shardId, sequenceNumber: r.sequenceNumber, status, key, error };
  return { shardId: r.shardId, sequenceNumber: r.sequenceNumber, status, key };
};
