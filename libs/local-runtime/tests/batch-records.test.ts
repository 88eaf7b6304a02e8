import { describe, expect, it } from 'vitest';
import { RecentIds, type ConsumedRecord } from '@surv/pipeline';
import { BatchRecords } from '../src/batch-records';
import { LineBatch } from '../src/line-batch';

const line = (id: string) => JSON.stringify({
  event_id: id, event_type: 'ORDER_NEW', event_time: '2024-03-04T14:30:00.000Z', symbol: 'ACME', venue: 'XNYS', account_id: 'A',
  trader_id: 'T', beneficial_owner: 'B', order_id: 'o1', side: 'BUY', price: 10, quantity: 1,
});
/** A batch as the stream hands it out: the taken lines' own bytes, numbered from `first`. */
const put = (batch: LineBatch, first: number) => {
  const taken = batch.take();
  const records: ConsumedRecord[] = taken.bytes.map((data, i) => ({
    shardId: 'shardId-000000000000', sequenceNumber: String(first + i).padStart(20, '0'), partitionKey: 'ACME', arrivalTime: Date.UTC(2024, 2, 4, 15), data,
  }));
  return { taken, records };
};

describe('BatchRecords', () => {
  it('hands every stage the parse made on arrival, or parses once against the arrival time', () => {
    const replay = new LineBatch(true), live = new LineBatch(false);
    replay.push(line('a'));
    live.push(line('b'));
    const records = new BatchRecords(new RecentIds());
    const r = put(replay, 7);
    records.start(r.taken, 7);
    expect(records.parse(r.records[0]!)).toBe(r.taken.parsed![0]);
    const l = put(live, 8);
    records.start(l.taken, 8);
    const parsed = records.parse(l.records[0]!);
    expect(parsed.ok).toBe(true);
    expect(records.parse(l.records[0]!)).toBe(parsed);
  });

  it('decides each duplicate once, so two stages asking in turn drop the same records', () => {
    const seen = new RecentIds();
    const records = new BatchRecords(seen);
    const batch = new LineBatch(true);
    for (const id of ['x', 'x', 'y']) batch.push(line(id));
    const { taken, records: consumed } = put(batch, 1);
    records.start(taken, 1);
    const ask = () => consumed.map((r) => records.isDuplicate(r, (records.parse(r) as { event: { event_id: string } }).event.event_id));
    expect(ask()).toEqual([false, true, false]);
    expect(ask()).toEqual([false, true, false]);
    records.clear();
    // A later batch: ids stay remembered, verdicts are fresh.
    const next = new LineBatch(true);
    next.push(line('y'));
    const later = put(next, 4);
    records.start(later.taken, 4);
    expect(records.isDuplicate(later.records[0]!, 'y')).toBe(true);
    expect(seen.size).toBe(2);
  });

  it('still answers for a record that is not one of the batch', () => {
    const records = new BatchRecords(new RecentIds());
    const stray: ConsumedRecord = { shardId: 's', sequenceNumber: '1', partitionKey: 'ACME', arrivalTime: Date.UTC(2024, 2, 4, 15), data: new TextEncoder().encode(line('z')) };
    expect(records.parse(stray).ok).toBe(true);
    expect(records.parse(stray)).toBe(records.parse(stray));
    expect([records.isDuplicate(stray, 'z'), records.isDuplicate(stray, 'z')]).toEqual([false, false]);
  });

  it('tells the file and line a batch record was read from, and nothing where the input did not say', () => {
    const records = new BatchRecords(new RecentIds());
    const batch = new LineBatch(true);
    batch.push('{"broken"', 'day-1.jsonl', 3);
    batch.push(line('a'));
    batch.push('[]', 'stdin', 12);
    batch.push('{', '', 4); // no name, or no line number: no origin (a quarantine record needs both)
    batch.push('{', 'x.jsonl', 0);
    const { taken, records: consumed } = put(batch, 5);
    records.start(taken, 5);
    expect(consumed.map((r) => records.originOf(r))).toEqual([{ file: 'day-1.jsonl', line: 3 }, undefined, { file: 'stdin', line: 12 }, undefined, undefined]);
    const stray: ConsumedRecord = { ...consumed[0]!, data: new TextEncoder().encode('{"broken"') };
    expect(records.originOf(stray)).toBeUndefined();
    records.clear();
    expect(records.originOf(consumed[0]!)).toBeUndefined();
  });
});
