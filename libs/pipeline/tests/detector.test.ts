import { describe, expect, it } from 'vitest';
import { alertId, type Alert } from '@surv/domain';
import { Detector, type StreamRecord, type StreamingApp } from '@surv/pipeline';
import { consumed, event } from './records';

/** A test double of the KAV2 app: records what was pushed, emits one row per TRADE. */
class RecordingApp implements StreamingApp {
  readonly pushed: { record: Record<string, unknown>; meta?: { arrivalTime?: number } }[] = [];
  private listeners = new Map<string, ((row: Record<string, unknown>) => void)[]>();
  flushed = 0;
  push(record: Record<string, unknown>, meta?: { arrivalTime?: number }) {
    this.pushed.push({ record, meta });
    if (record['event_type'] === 'TRADE') for (const l of this.listeners.get('DESTINATION_SQL_STREAM') ?? []) l({ ...record });
  }
  flush() { this.flushed++; for (const l of this.listeners.get('DESTINATION_SQL_STREAM') ?? []) l({ symbol: 'FLUSH', event_time: '2024-03-04T15:00:00Z', beneficial_owner: 'BO-F' }); }
  on(stream: string, l: (row: Record<string, unknown>) => void) { this.listeners.set(stream, [...(this.listeners.get(stream) ?? []), l]); }
}

const toAlert = (row: Record<string, unknown>): Alert => {
  const start = String(row['event_time']).replace(/(\.\d+)?Z$/, '.000Z');
  return {
    alert_id: alertId({ rule: 'WASH_TRADE', symbol: String(row['symbol']), key: String(row['beneficial_owner']), windowStart: start, windowEnd: start }),
    rule: 'WASH_TRADE', severity: 'LOW', symbol: String(row['symbol']), beneficial_owner: String(row['beneficial_owner']),
    window_start: start, window_end: start, evidence: {}, detected_at: start,
  };
};

describe('Detector', () => {
  it('feeds all shards merged in event-time order and writes alerts to the alerts stream', async () => {
    const app = new RecordingApp();
    const written: StreamRecord[] = [];
    const fired: Alert[] = [];
    const detector = new Detector({ app, toAlert, alertWriter: { putRecords: async (r) => { written.push(...r); } }, onAlert: (a) => fired.push(a) });
    const s0 = consumed([event({ event_id: 'a', event_time: '2024-03-04T14:00:03Z' }), event({ event_id: 'c', event_time: '2024-03-04T14:00:09Z', event_type: 'TRADE' })], 'shardId-000000000000', 1);
    const s1 = consumed([event({ event_id: 'b', event_time: '2024-03-04T14:00:05Z' }), '{bad', event({ event_id: 'd', event_time: '2024-03-04T14:00:01Z' })], 'shardId-000000000001', 3);
    const r = await detector.process([...s0, ...s1, ...consumed([event({ event_id: 'a' })], 'shardId-000000000001', 9)]);
    expect(app.pushed.map((p) => p.record['event_id'])).toEqual(['d', 'a', 'b', 'c']);
    expect(r).toMatchObject({ pushed: 4, skipped: 1, duplicates: 1 });
    // A redelivery in a later batch is not fed again either.
    expect(await detector.process(consumed([event({ event_id: 'c', event_type: 'TRADE' })], 'shardId-000000000000', 20))).toMatchObject({ pushed: 0, duplicates: 1, alerts: [] });
    expect(r.alerts).toHaveLength(1);
    expect(fired).toEqual(r.alerts);
    expect(written).toHaveLength(1);
    expect(written[0]!.partitionKey).toBe('ACME');
    expect(JSON.parse(new TextDecoder().decode(written[0]!.data))).toEqual(r.alerts[0]);
    const flushed = await detector.flush();
    expect(app.flushed).toBe(1);
    expect(flushed.map((a) => a.symbol)).toEqual(['FLUSH']);
  });

  it('leaves duplicates to a shared check when given one, asking it once per valid record', async () => {
    const app = new RecordingApp();
    const asked: string[] = [];
    const detector = new Detector({ app, toAlert, isDuplicate: (r, id) => { asked.push(`${r.sequenceNumber}:${id}`); return id === 'b'; } });
    const r = await detector.process(consumed([event({ event_id: 'a' }), event({ event_id: 'b' }), '{bad', event({ event_id: 'a' })], 'shardId-000000000000', 1));
    // The check decides alone: the second 'a' is fed because the check says it is new.
    expect(app.pushed.map((p) => p.record['event_id'])).toEqual(['a', 'a']);
    expect(r).toMatchObject({ pushed: 2, skipped: 1, duplicates: 1 });
    expect(asked).toEqual(['00000000000000000001:a', '00000000000000000002:b', '00000000000000000004:a']);
  });

  it('passes arrival time as ROWTIME when asked', async () => {
    const app = new RecordingApp();
    const detector = new Detector({ app, toAlert, arrivalRowtime: true });
    const recs = consumed([event()], 'shardId-000000000000', 1, Date.UTC(2024, 2, 4, 15));
    await detector.process(recs);
    expect(app.pushed[0]!.meta).toEqual({ arrivalTime: Date.UTC(2024, 2, 4, 15) });
  });

  it('drops rows that do not make valid alerts instead of failing the batch', async () => {
    const app = new RecordingApp();
    const detector = new Detector({ app, toAlert: () => ({ nope: true }) as unknown as Alert });
    const r = await detector.process(consumed([event({ event_type: 'TRADE' })]));
    expect(r.alerts).toEqual([]);
  });
});
