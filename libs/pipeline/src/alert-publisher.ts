import { alertObjectKey, AlertSchema, SILENT_LOGGER, type Alert, type Logger } from '@surv/domain';
import { alertFromRow } from '@surv/detection';
import { PipelineError } from './errors';
import type { AlertNotifier, ConsumedRecord, ObjectStore } from './ports';
import { RecentIds } from './recent-ids';

export interface PublishDeps {
  readonly store: ObjectStore;
  readonly notifiers?: readonly AlertNotifier[];
  /** Alert ids published earlier by this process; the archive is checked for the rest. @default a fresh set */
  readonly published?: RecentIds;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
}

export interface PublishResult {
  readonly published: readonly Alert[];
  readonly duplicates: number;
  readonly invalid: number;
  readonly keys: readonly string[];
}

const decoder = new TextDecoder();

/**
 * An alerts-stream record is either an Alert (the Lambda and local detectors write the contract) or,
 * from the KAV2 SQL application, a raw output row keyed by upper-case column names: both become Alerts.
 */
const alertFromStreamRecord = (value: unknown): Alert => {
  if (typeof value === 'object' && value !== null && !('alert_id' in value) && 'RULE' in value) {
    const row = value as Record<string, unknown>;
    return AlertSchema.parse(alertFromRow(row as Parameters<typeof alertFromRow>[0], { detectedAt: row['WINDOW_END'] as string }));
  }
  return AlertSchema.parse(value);
};

/** Decodes alerts-stream records; records that are not valid alerts are reported, not thrown. */
export const decodeAlertRecords = (records: readonly ConsumedRecord[], logger: Logger = SILENT_LOGGER): { alerts: Alert[]; invalid: number } => {
  const alerts: Alert[] = [];
  let invalid = 0;
  for (const r of records) {
    try {
      alerts.push(alertFromStreamRecord(JSON.parse(decoder.decode(r.data))));
    } catch (cause) {
      invalid++;
      logger.warn('invalid alert record dropped', { shardId: r.shardId, sequenceNumber: r.sequenceNumber, error: String(cause) });
    }
  }
  return { alerts, invalid };
};

/**
 * The alert publisher: drops alerts already seen (same `alert_id` in this batch, earlier in this
 * process, or already archived), notifies every notifier of the new ones, then archives each to
 * `alerts/dt=.../<alert_id>.json`. Notifying before archiving means a crash in between re-sends
 * (at least once) instead of losing a notification.
 */
export const publishAlerts = async (alerts: readonly Alert[], deps: PublishDeps): Promise<PublishResult> => {
  const published = deps.published ?? new RecentIds(100_000);
  const logger = deps.logger ?? SILENT_LOGGER;
  const fresh: Alert[] = [];
  const batch = new Set<string>();
  let duplicates = 0;
  for (const a of alerts) {
    if (batch.has(a.alert_id) || published.has(a.alert_id)) { duplicates++; continue; }
    batch.add(a.alert_id);
    fresh.push(a);
  }
  const archived = await Promise.all(fresh.map(async (a) => (await deps.store.getObject(alertObjectKey(a))) !== undefined));
  const toSend = fresh.filter((a, i) => {
    if (archived[i]) { duplicates++; published.add(a.alert_id); }
    return !archived[i];
  });
  if (toSend.length > 0) {
    for (const n of deps.notifiers ?? []) {
      try {
        await n.notify(toSend);
      } catch (cause) {
        throw new PipelineError('PIPELINE_NOTIFY_FAILED', `notifying ${toSend.length} alerts failed`, { cause });
      }
    }
  }
  const keys = await Promise.all(toSend.map(async (a) => {
    const key = alertObjectKey(a);
    await deps.store.putObject(key, `${JSON.stringify(a)}\n`, { contentType: 'application/json' });
    published.add(a.alert_id);
    return key;
  }));
  if (toSend.length > 0) logger.info('alerts published', { published: toSend.length, duplicates });
  return { published: toSend, duplicates, invalid: 0, keys };
};
