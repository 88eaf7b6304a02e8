import { describe, expect, it } from 'vitest';
import { parseMarketEvent, type ParseResult } from '@surv/domain';
import { EventTimeOrder } from '../src/event-time-order';

const event = (id: string, time: string): ParseResult => parseMarketEvent(JSON.stringify({
  event_id: id, event_type: 'ORDER_NEW', event_time: time, symbol: 'ACME', venue: 'XNAS', account_id: 'A', trader_id: 'T',
  beneficial_owner: 'B', order_id: `O${id}`, side: 'BUY', price: 10, quantity: 100,
}), { nowMs: Number.POSITIVE_INFINITY });
const bad = parseMarketEvent('{', { nowMs: 0 });

describe('EventTimeOrder', () => {
  it('counts events older than the latest event of an earlier batch, not disorder within a batch', () => {
    const order = new EventTimeOrder();
    order.addBatch([event('1', '2024-03-04T14:31:30Z'), event('2', '2024-03-04T14:31:00Z')]);
    expect(order.lateEvents).toBe(0);
    order.addBatch([event('3', '2024-03-04T14:31:10Z'), event('4', '2024-03-04T14:31:30Z'), event('5', '2024-03-04T14:32:00Z'), bad]);
    expect(order.lateEvents).toBe(1);
    order.addBatch([event('6', '2024-03-04T14:31:59.999Z'), event('7', '2024-03-04T14:32:00Z')]);
    expect(order.lateEvents).toBe(2);
  });

  it('does not count duplicates, which detection drops anyway, nor let them move the latest time', () => {
    const order = new EventTimeOrder();
    order.addBatch([event('1', '2024-03-04T14:31:00Z'), event('2', '2024-03-04T14:32:00Z')]);
    const again = [event('1', '2024-03-04T14:31:00Z'), event('9', '2024-03-04T14:59:00Z'), event('3', '2024-03-04T14:33:00Z')];
    order.addBatch(again, (i) => i < 2);
    expect(order.lateEvents).toBe(0);
    order.addBatch([event('4', '2024-03-04T14:32:30Z')]);
    expect(order.lateEvents).toBe(1);
  });
});
