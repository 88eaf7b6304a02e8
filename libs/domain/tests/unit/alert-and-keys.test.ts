import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import {
  alertId, AlertSchema, curatedObjectKey, rawObjectKey, alertObjectKey, quarantineObjectKey, reportObjectKey, hivePartitions,
  isSurvError, DomainError, toIsoUtc, parseIsoTimestamp,
} from '@surv/domain';

const identity = { rule: 'WASH_TRADE' as const, symbol: 'ACME', key: 'BO1', windowStart: '2024-03-01T10:15:00.000Z', windowEnd: '2024-03-01T10:16:00.000Z' };

describe('alertId', () => {
  it('is the same for the same rule, key and window', () => {
    expect(alertId(identity)).toBe(alertId({ ...identity }));
    expect(alertId(identity)).toMatch(/^wash-trade-[0-9a-f]{32}$/);
  });

  it('differs when any part of the identity differs', () => {
    const ids = new Set([
      alertId(identity),
      alertId({ ...identity, rule: 'SPOOFING' }),
      alertId({ ...identity, symbol: 'ACMF' }),
      alertId({ ...identity, key: 'BO2' }),
      alertId({ ...identity, windowEnd: '2024-03-01T10:17:00.000Z' }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('cannot be confused by separators inside the parts', () => {
    expect(alertId({ ...identity, symbol: 'A|B', key: 'C' })).not.toBe(alertId({ ...identity, symbol: 'A', key: 'B|C' }));
  });
});

describe('AlertSchema', () => {
  const alert = {
    alert_id: alertId(identity), rule: 'WASH_TRADE', severity: 'HIGH', symbol: 'ACME', beneficial_owner: 'BO1',
    window_start: identity.windowStart, window_end: identity.windowEnd, evidence: { trades: 3 }, detected_at: identity.windowEnd,
  };
  it('accepts the alert contract', () => expect(AlertSchema.safeParse(alert).success).toBe(true));
  it('requires an account or a beneficial owner', () => {
    const { beneficial_owner: _b, ...noKey } = alert;
    expect(AlertSchema.safeParse(noKey).success).toBe(false);
  });
  it('requires UTC timestamps', () => expect(AlertSchema.safeParse({ ...alert, window_end: '2024-03-01 10:16' }).success).toBe(false));
});

describe('lake keys', () => {
  const t = Date.parse('2024-03-01T09:59:59.999Z');
  it('partitions raw objects by arrival year/month/day/hour', () => {
    expect(rawObjectKey(t, 'shardId-000-1')).toBe('raw/year=2024/month=03/day=01/hour=09/shardId-000-1.jsonl');
  });
  it('names curated objects by the stream span, so a replay writes the same key', () => {
    const span = { shardId: 'shardId-000000000001', firstSequence: '100', lastSequence: '250' };
    expect(curatedObjectKey(t, span)).toBe('curated/market_events/dt=2024-03-01/hour=09/shardId-000000000001-100-250.parquet');
    expect(hivePartitions(curatedObjectKey(t, span))).toEqual({ dt: '2024-03-01', hour: '09' });
  });
  it('keys alerts, reports and quarantine as ARCHITECTURE §5 lays out', () => {
    expect(alertObjectKey({ alert_id: 'wash-trade-abc', window_end: identity.windowEnd })).toBe('alerts/dt=2024-03-01/wash-trade-abc.json');
    expect(reportObjectKey('alert_summary', '2024-03-01', 'run.csv')).toBe('reports/alert_summary/dt=2024-03-01/run.csv');
    expect(quarantineObjectKey('2024-03-01', 'shard-1-5')).toBe('quarantine/dt=2024-03-01/shard-1-5.jsonl');
  });
  it('refuses segments that would escape the prefix', () => {
    try {
      reportObjectKey('../etc', '2024-03-01', 'x');
      expect.unreachable();
    } catch (e) {
      expect(isSurvError(e)).toBe(true);
      expect(e).toBeInstanceOf(DomainError);
    }
  });
});

describe('timestamps', () => {
  it('round-trips any millisecond instant through ISO-8601', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => parseIsoTimestamp(toIsoUtc(ms)) === ms));
  });
});
