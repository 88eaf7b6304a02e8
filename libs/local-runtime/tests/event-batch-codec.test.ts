import { describe, expect, it } from 'vitest';
import { MARKET_EVENT_FIELDS, type MarketEvent } from '@surv/domain';
import { EventBatchDecoder, EventBatchEncoder, type EncodedEventBatch } from '../src/event-batch-codec';

const event = (i: number, extra: Partial<MarketEvent> = {}): MarketEvent => ({
  event_id: `E${i}`, event_type: i % 2 === 0 ? 'ORDER_NEW' : 'TRADE', event_time: `2024-03-04T15:00:0${i % 10}.000Z`, symbol: `S${i % 3}`,
  venue: 'XNAS', account_id: `A${i % 5}`, trader_id: `T${i % 4}`, beneficial_owner: `B${i % 2}`, order_id: `O${i}`, side: i % 3 === 0 ? 'SELL' : 'BUY',
  price: 10 + i / 7, quantity: 100 * (i + 1), ...extra,
});

/** What crosses to the worker: a structured clone, as postMessage makes it. */
const overTheWire = (b: EncodedEventBatch): EncodedEventBatch => structuredClone(b);

const roundTrip = (batches: readonly MarketEvent[][], maxEntries?: number): MarketEvent[][] => {
  const enc = new EventBatchEncoder(maxEntries);
  const dec = new EventBatchDecoder();
  return batches.map((events) => {
    const out: MarketEvent[] = [];
    dec.decode(overTheWire(enc.encode(events)), (e, i) => {
      expect(i).toBe(out.length);
      out.push(e);
    });
    return out;
  });
};

describe('the event batches sent to the detection worker', () => {
  it('give back every event exactly, optional fields present or absent, across batches that share the dictionary', () => {
    const batches = [
      [event(0), event(1, { counterparty_account_id: 'A9', counterparty_beneficial_owner: 'B9', trade_id: 'X1' }), event(2, { trade_id: 'X2' })],
      [event(3, { counterparty_beneficial_owner: 'B1' }), event(4), event(5, { symbol: 'NEW', price: 1e-9, quantity: 1e15 })],
      [],
      [event(6, { account_id: 'Ä\ud800' })],
    ];
    const back = roundTrip(batches);
    expect(back).toEqual(batches);
    for (const [i, events] of back.entries()) for (const [j, e] of events.entries()) expect(Object.keys(e).sort()).toEqual(Object.keys(batches[i]![j]!).sort());
  });

  it('cover every field of the event contract', () => {
    const full = event(1, { counterparty_account_id: 'A', counterparty_beneficial_owner: 'B', trade_id: 'T' });
    expect(Object.keys(roundTrip([[full]])[0]![0]!).sort()).toEqual([...MARKET_EVENT_FIELDS].sort());
  });

  it('start the dictionary over once it passes its bound, on both sides', () => {
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 20 }, (_, i) => event(b * 20 + i, { account_id: `ACC-${b}-${i}` })));
    const enc = new EventBatchEncoder(30);
    const resets = batches.map((events) => enc.encode(events).reset);
    expect(resets.some(Boolean)).toBe(true);
    expect(roundTrip(batches, 30)).toEqual(batches);
  });

  it('hand the worker one string object per repeated value', () => {
    const [out] = roundTrip([[event(0), event(5), event(10)]]);
    expect(out!.map((e) => e.account_id)).toEqual(['A0', 'A0', 'A0']);
    const enc = new EventBatchEncoder();
    expect(enc.encode([event(0), event(5), event(10)]).added.filter((s) => s === 'A0')).toHaveLength(1);
  });
});
