import { DomainError } from './surv-error';
import { utcDate, utcHour, toIsoUtc } from './timestamps';

/** Top-level prefixes of the lake (ARCHITECTURE §5); the same keys on S3 and on a local disk. */
export const LAKE_PREFIXES = {
  raw: 'raw/',
  curated: 'curated/market_events/',
  alerts: 'alerts/',
  reports: 'reports/',
  athenaResults: 'athena-results/',
  quarantine: 'quarantine/',
} as const;
export type LakeLayer = keyof typeof LAKE_PREFIXES;

const SAFE_SEGMENT = /^[A-Za-z0-9._=-]+$/;
const segment = (value: string, what: string): string => {
  if (!SAFE_SEGMENT.test(value)) throw new DomainError('DOMAIN_INVALID_ARGUMENT', `${what} '${value}' is not a safe object-name segment`);
  return value;
};

/** `year=YYYY/month=MM/day=DD/hour=HH/` of an instant (UTC), as Firehose's custom prefixes produce. */
export const rawPartition = (epochMs: number): string => {
  const iso = toIsoUtc(epochMs);
  return `year=${iso.slice(0, 4)}/month=${iso.slice(5, 7)}/day=${iso.slice(8, 10)}/hour=${iso.slice(11, 13)}/`;
};

/** Key of a raw JSONL object delivered at `arrivalMs`; `name` identifies the delivery (e.g. first position). */
export const rawObjectKey = (arrivalMs: number, name: string): string =>
  `${LAKE_PREFIXES.raw}${rawPartition(arrivalMs)}${segment(name, 'object name')}.jsonl`;

/** `dt=YYYY-MM-DD/hour=HH/` of an event time (UTC). */
export const curatedPartition = (eventTimeMs: number): string => `dt=${utcDate(eventTimeMs)}/hour=${utcHour(eventTimeMs)}/`;

/** Stream positions an object covers; names derive from them so a replay overwrites rather than duplicates. */
export interface StreamSpan {
  readonly shardId: string;
  readonly firstSequence: string;
  readonly lastSequence: string;
}

/** Name (without extension) derived from the stream span an object covers. */
export const spanName = (span: StreamSpan): string =>
  `${segment(span.shardId, 'shard id')}-${segment(span.firstSequence, 'sequence')}-${segment(span.lastSequence, 'sequence')}`;

/** Key of a curated Parquet object holding the events of one partition from one stream span. */
export const curatedObjectKey = (eventTimeMs: number, span: StreamSpan, extension = 'parquet'): string =>
  `${LAKE_PREFIXES.curated}${curatedPartition(eventTimeMs)}${spanName(span)}.${extension}`;

/** Key of an archived alert: one object per alert id, so redelivery overwrites the same object. */
export const alertObjectKey = (alert: { alert_id: string; window_end: string }): string =>
  `${LAKE_PREFIXES.alerts}dt=${alert.window_end.slice(0, 10)}/${segment(alert.alert_id, 'alert id')}.json`;

/** Key of one output file of a named report query for a run on day `dt`. */
export const reportObjectKey = (query: string, dt: string, fileName: string): string =>
  `${LAKE_PREFIXES.reports}${segment(query, 'query name')}/dt=${segment(dt, 'date')}/${segment(fileName, 'file name')}`;

/** Key of a quarantine object for records refused on day `dt`, named after their source position. */
export const quarantineObjectKey = (dt: string, name: string): string =>
  `${LAKE_PREFIXES.quarantine}dt=${segment(dt, 'date')}/${segment(name, 'object name')}.jsonl`;

/**
 * Hive partition values parsed out of a key (`dt=2024-01-02/hour=03/x` -> `{ dt: '2024-01-02', hour: '03' }`).
 */
export const hivePartitions = (key: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const part of key.split('/')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
};
