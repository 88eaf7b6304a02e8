import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { QuarantineRecordSchema } from '@surv/domain';
import { enrichRecords, RecentIds } from '@surv/pipeline';
import { MemoryStore } from './memory-store';
import { consumed, event } from './records';

const read = async (store: MemoryStore, key: string) => {
  const bytes = store.objects.get(key)!;
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return parquetReadObjects({ file });
};

describe('enrichRecords', () => {
  it('writes each valid event once as Parquet under curated/dt=/hour= named by its stream span', async () => {
    const store = new MemoryStore();
    const recs = consumed([
      event({ event_id: 'a', event_time: '2024-03-04T14:30:00.123456Z' }),
      event({ event_id: 'b', event_type: 'TRADE', counterparty_account_id: 'ACC-2', counterparty_beneficial_owner: 'BO-1', trade_id: 't1' }),
      event({ event_id: 'c', event_time: '2024-03-04T15:01:00Z', venue: 'UBSA' }),
    ]);
    const r = await enrichRecords(recs, { store });
    expect(r.written).toBe(3);
    expect(r.outcomes.map((o) => o.status)).toEqual(['written', 'written', 'written']);
    expect(store.keys('curated/')).toEqual([
      'curated/market_events/dt=2024-03-04/hour=14/shardId-000000000000-00000000000000000001-00000000000000000002.parquet',
      'curated/market_events/dt=2024-03-04/hour=15/shardId-000000000000-00000000000000000003-00000000000000000003.parquet',
    ]);
    const rows = await read(store, store.keys('curated/')[0]!);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ event_id: 'a', symbol: 'ACME', price: 100, venue_category: 'LIT_EXCHANGE', shard_id: 'shardId-000000000000' });
    expect(rows[0]!['event_time']).toBeInstanceOf(Date);
    expect(typeof rows[0]!['risk_score']).toBe('number');
    expect(rows[1]).toMatchObject({ event_id: 'b', counterparty_beneficial_owner: 'BO-1', trade_id: 't1' });
    expect(String(rows[1]!['regulatory_flags'])).toContain('SELF_MATCH');
    expect(rows[0]!['counterparty_account_id']).toBeNull();
    const dark = await read(store, store.keys('curated/')[1]!);
    expect(dark[0]).toMatchObject({ venue_category: 'DARK_POOL' });
    expect(String(dark[0]!['regulatory_flags'])).toContain('DARK_VENUE');
  });

  it('drops duplicate event_ids within a batch and across batches', async () => {
    const store = new MemoryStore();
    const recentIds = new RecentIds();
    const first = await enrichRecords(consumed([event({ event_id: 'x' }), event({ event_id: 'x' }), event({ event_id: 'y' })]), { store, recentIds });
    expect(first.outcomes.map((o) => o.status)).toEqual(['written', 'duplicate', 'written']);
    const second = await enrichRecords(consumed([event({ event_id: 'y' }), event({ event_id: 'z' })], 'shardId-000000000000', 10), { store, recentIds });
    expect(second.outcomes.map((o) => o.status)).toEqual(['duplicate', 'written']);
    expect(first.written + second.written).toBe(3);
  });

  it('leaves duplicates to a shared check when given one, and then keeps no ids of its own', async () => {
    const store = new MemoryStore();
    const recentIds = new RecentIds();
    const seen = new Set<string>();
    const isDuplicate = (_r: unknown, id: string) => seen.has(id) || (seen.add(id), false);
    const r = await enrichRecords(consumed([event({ event_id: 'x' }), event({ event_id: 'x' }), event({ event_id: 'y' })]), { store, recentIds, isDuplicate });
    expect(r.outcomes.map((o) => o.status)).toEqual(['written', 'duplicate', 'written']);
    expect(recentIds.size).toBe(0);
  });

  it('overwrites the same objects when a batch is replayed (same keys, same row count)', async () => {
    const store = new MemoryStore();
    const recs = consumed([event({ event_id: 'r1' }), event({ event_id: 'r2' }), event({ event_id: 'r3', event_time: '2024-03-05T01:00:00Z' })]);
    await enrichRecords(recs, { store });
    const keys = store.keys();
    const bytes = keys.map((k) => store.objects.get(k));
    await enrichRecords(recs, { store });
    expect(store.keys()).toEqual(keys);
    expect(store.keys().map((k) => store.objects.get(k))).toEqual(bytes);
    let total = 0;
    for (const k of store.keys('curated/')) total += (await read(store, k)).length;
    expect(total).toBe(3);
  });

  it('quarantines every bad record with its reason and original text, without failing the batch', async () => {
    const store = new MemoryStore();
    const bad = ['{not json', JSON.stringify(event({ price: -1 })), JSON.stringify(event({ event_type: 'FOO' })), JSON.stringify(event({ event_time: 'yesterday' })), ''];
    const r = await enrichRecords(consumed([event({ event_id: 'ok' }), ...bad]), { store });
    expect(r.written).toBe(1);
    expect(r.quarantined).toBe(5);
    expect(r.quarantineKeys).toEqual(['quarantine/dt=2024-03-04/shardId-000000000000-00000000000000000002-00000000000000000006.jsonl']);
    const lines = store.text(r.quarantineKeys[0]!).trim().split('\n').map((l) => QuarantineRecordSchema.parse(JSON.parse(l)));
    expect(lines.map((l) => l.raw)).toEqual(bad);
    expect(lines.map((l) => l.code)).toEqual(['INVALID_JSON', 'SCHEMA_VIOLATION', 'UNKNOWN_EVENT_TYPE', 'INVALID_TIMESTAMP', 'EMPTY_RECORD']);
    expect(lines.every((l) => l.reason.length > 0)).toBe(true);
    expect(lines[0]!.source).toBe('shardId-000000000000/00000000000000000002');
  });

  it('adds the file and line a quarantined record was read from, when the runtime knows them, beside its stream position', async () => {
    const store = new MemoryStore();
    const recs = consumed(['{not json', JSON.stringify(event({ event_id: 'ok' })), JSON.stringify(event({ price: -1 }))]);
    const asked: string[] = [];
    const r = await enrichRecords(recs, {
      store,
      originOf: (rec) => {
        asked.push(rec.sequenceNumber);
        return rec.sequenceNumber.endsWith('1') ? { file: 'day-1.jsonl', line: 7 } : undefined;
      },
    });
    expect(r.quarantined).toBe(2);
    const lines = store.text(r.quarantineKeys[0]!).trim().split('\n').map((l) => QuarantineRecordSchema.parse(JSON.parse(l)));
    expect(lines[0]).toMatchObject({ code: 'INVALID_JSON', source: 'shardId-000000000000/00000000000000000001', file: 'day-1.jsonl', line: 7 });
    // Unknown origin: the record is as before, with no file or line.
    expect(Object.keys(lines[1]!)).toEqual(['code', 'reason', 'raw', 'source', 'quarantined_at']);
    // Only quarantined records are asked about.
    expect(asked).toEqual(['00000000000000000001', '00000000000000000003']);
  });

  it('marks only the records of an object whose write failed as failed', async () => {
    const store = new MemoryStore();
    store.failOn = (k) => k.includes('hour=15');
    const recentIds = new RecentIds();
    const r = await enrichRecords(consumed([event({ event_id: 'a' }), event({ event_id: 'b', event_time: '2024-03-04T15:00:00Z' })]), { store, recentIds });
    expect(r.outcomes.map((o) => o.status)).toEqual(['written', 'failed']);
    expect(r.outcomes[1]!.error).toMatch(/hour=15/);
    // A failed id is not remembered, so the retry writes it.
    expect(recentIds.has('b')).toBe(false);
    store.failOn = () => false;
    const retry = await enrichRecords(consumed([event({ event_id: 'b', event_time: '2024-03-04T15:00:00Z' })], 'shardId-000000000000', 2), { store, recentIds });
    expect(retry.written).toBe(1);
  });

  it('keeps separate objects per shard', async () => {
    const store = new MemoryStore();
    await enrichRecords([...consumed([event()], 'shardId-000000000000', 1), ...consumed([event()], 'shardId-000000000001', 2)], { store });
    expect(store.keys('curated/').map((k) => k.split('/').pop())).toEqual([
      'shardId-000000000000-00000000000000000001-00000000000000000001.parquet',
      'shardId-000000000001-00000000000000000002-00000000000000000002.parquet',
    ]);
  });
});

describe('RecentIds', () => {
  it('forgets the oldest id beyond its capacity', () => {
    const ids = new RecentIds(2);
    ids.add('a'); ids.add('b'); ids.add('c');
    expect([ids.has('a'), ids.has('b'), ids.has('c'), ids.size]).toEqual([false, true, true, 2]);
  });

  it('tells whether an id was new when adding it', () => {
    const ids = new RecentIds(2);
    expect([ids.add('a'), ids.add('a'), ids.add('b'), ids.add('c'), ids.add('a')]).toEqual([true, false, true, true, true]);
  });
});

describe('memoizedRecordParser', () => {
  it('parses each record object once and validates event times against its arrival time', async () => {
    const { memoizedRecordParser, parseConsumedRecord } = await import('@surv/pipeline');
    let calls = 0;
    const parse = memoizedRecordParser((r) => { calls++; return parseConsumedRecord(r); });
    const [early, late] = consumed([event({ event_time: '2024-03-06T00:00:00Z' }), event()], 'shardId-000000000000', 1, Date.UTC(2024, 2, 4));
    expect(parse(early!)).toMatchObject({ ok: false, code: 'TIMESTAMP_OUT_OF_RANGE' });
    expect(parse(early!)).toBe(parse(early!));
    expect(parse(late!).ok).toBe(true);
    expect(calls).toBe(2);
  });
});
