import { describe, expect, it } from 'vitest';
import { RecentIds, type ConsumedRecord } from '@surv/pipeline';
import { parseMarketEvent } from '@surv/domain';
import { BatchRecords } from '../src/batch-records';

const line = (id: string) => JSON.stringify({
  event_id: id, event_type: 'ORDER_NEW', event_time: '2024-03-04T14:30:00.000Z', symbol: 'ACME', venue: 'XNYS', account_id: 'A',
  trader_id: 'T', beneficial_owner: 'B', order_id: 'o1', side: 'BUY', price: 10, quantity: 1,
});
const record = (text: string, seq: number): ConsumedRecord => ({
  shardId: 'shardId-000000000000', sequenceNumber: String(seq).padStart(20, '0'), partitionKey: 'ACME', arrivalTime: Date.UTC(2024, 2, 4, 15), data: new TextEncoder().encode(text),
});

describe('BatchRecords', () => {
  it('hands every stage the parse it was given, or parses once against the arrival time', () => {
    const records = new BatchRecords(new RecentIds());
    const [a, b] = [record(line('a'), 1), record(line('b'), 2)];
    const given = parseMarketEvent(line('a'));
    records.add(a.data, undefined, given);
    records.add(b.data, line('b'), undefined);
    expect(records.parse(a)).toBe(given);
    const parsed = records.parse(b);
    expect(parsed.ok).toBe(true);
    expect(records.parse(b)).toBe(parsed);
    expect(records.lineOf(a)).toBe(line('a'));
  });

  it('decides each duplicate once, so two stages asking in turn drop the same records', () => {
    const seen = new RecentIds();
    const records = new BatchRecords(seen);
    const batch = [record(line('x'), 1), record(line('x'), 2), record(line('y'), 3)];
    for (const r of batch) records.add(r.data, undefined, undefined);
    const ask = () => batch.map((r) => records.isDuplicate(r, (records.parse(r) as { event: { event_id: string } }).event.event_id));
    expect(ask()).toEqual([false, true, false]);
    expect(ask()).toEqual([false, true, false]);
    records.clear();
    // A later batch: ids stay remembered, verdicts are fresh.
    const again = record(line('y'), 4);
    records.add(again.data, undefined, undefined);
    expect(records.isDuplicate(again, 'y')).toBe(true);
    expect(seen.size).toBe(2);
  });
});
