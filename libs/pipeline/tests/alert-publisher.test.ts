import { describe, expect, it } from 'vitest';
import { alertId, type Alert } from '@surv/domain';
import { decodeAlertRecords, publishAlerts, RecentIds, type AlertNotifier } from '@surv/pipeline';
import { MemoryStore } from './memory-store';
import { consumed } from './records';

const alert = (key: string, start = '2024-03-04T14:30:00.000Z'): Alert => ({
  alert_id: alertId({ rule: 'WASH_TRADE', symbol: 'ACME', key, windowStart: start, windowEnd: '2024-03-04T14:31:00.000Z' }),
  rule: 'WASH_TRADE', severity: 'HIGH', symbol: 'ACME', beneficial_owner: key,
  window_start: start, window_end: '2024-03-04T14:31:00.000Z', evidence: { trades: 2 }, detected_at: '2024-03-04T14:31:00.000Z',
});

class Recorder implements AlertNotifier {
  readonly seen: Alert[] = [];
  async notify(alerts: readonly Alert[]) { this.seen.push(...alerts); }
}

describe('publishAlerts', () => {
  it('archives each alert once under alerts/dt=/<alert_id>.json and notifies once, deduplicating by alert_id', async () => {
    const store = new MemoryStore();
    const n = new Recorder();
    const published = new RecentIds();
    const a = alert('BO-1'), b = alert('BO-2');
    const r1 = await publishAlerts([a, a, b], { store, notifiers: [n], published });
    expect(r1.published).toHaveLength(2);
    expect(r1.duplicates).toBe(1);
    expect(store.keys()).toEqual([`alerts/dt=2024-03-04/${a.alert_id}.json`, `alerts/dt=2024-03-04/${b.alert_id}.json`].sort());
    expect(JSON.parse(store.text(`alerts/dt=2024-03-04/${a.alert_id}.json`))).toEqual(a);
    const r2 = await publishAlerts([b], { store, notifiers: [n], published });
    expect(r2.published).toHaveLength(0);
    expect(n.seen.map((x) => x.alert_id)).toEqual([a.alert_id, b.alert_id]);
  });

  it('treats an alert already in the archive as published (a new process, a redelivery)', async () => {
    const store = new MemoryStore();
    const n = new Recorder();
    await publishAlerts([alert('BO-1')], { store });
    const r = await publishAlerts([alert('BO-1')], { store, notifiers: [n] });
    expect(r.duplicates).toBe(1);
    expect(n.seen).toEqual([]);
  });

  it('does not archive when notifying failed, so the retry notifies again', async () => {
    const store = new MemoryStore();
    const failing: AlertNotifier = { notify: async () => { throw new Error('down'); } };
    await expect(publishAlerts([alert('BO-9')], { store, notifiers: [failing] })).rejects.toMatchObject({ code: 'PIPELINE_NOTIFY_FAILED' });
    expect(store.keys()).toEqual([]);
  });
});

describe('decodeAlertRecords', () => {
  it('decodes alerts-stream records and counts the invalid ones', () => {
    const { alerts, invalid } = decodeAlertRecords(consumed([alert('BO-1') as unknown as Record<string, unknown>, '{"alert_id":1}', 'nope']));
    expect(alerts).toHaveLength(1);
    expect(invalid).toBe(2);
  });

  it('maps raw KAV2 output rows (upper-case columns, KDA timestamps) to the same alert as the local detector', () => {
    const row = {
      RULE: 'WASH_TRADE', PATTERN: 'SELF_MATCH', SEVERITY: 'HIGH', SYMBOL: 'ACME', ACCOUNT_ID: null, BENEFICIAL_OWNER: 'BO-1',
      WINDOW_START: '2024-03-04 14:30:00.000', WINDOW_END: '2024-03-04 14:31:00.000', SELF_MATCH_TRADES: 2,
    };
    const { alerts, invalid } = decodeAlertRecords(consumed([row]));
    expect(invalid).toBe(0);
    expect(alerts[0]).toMatchObject({
      alert_id: alert('BO-1').alert_id, rule: 'WASH_TRADE', pattern: 'SELF_MATCH', beneficial_owner: 'BO-1',
      window_start: '2024-03-04T14:30:00.000Z', window_end: '2024-03-04T14:31:00.000Z', detected_at: '2024-03-04T14:31:00.000Z',
    });
  });
});
