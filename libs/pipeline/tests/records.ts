import type { ConsumedRecord } from '@surv/pipeline';

let n = 0;
/** A market event object with defaults; override any field. */
export const event = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  event_id: `e-${++n}`,
  event_type: 'ORDER_NEW',
  event_time: '2024-03-04T14:30:00.000Z',
  symbol: 'ACME',
  venue: 'XNYS',
  account_id: 'ACC-1',
  trader_id: 'TR-1',
  beneficial_owner: 'BO-1',
  order_id: `o-${n}`,
  side: 'BUY',
  price: 100,
  quantity: 10,
  ...over,
});

/** Consumed records on one shard with consecutive sequence numbers from `firstSeq`. */
export const consumed = (payloads: (Record<string, unknown> | string)[], shardId = 'shardId-000000000000', firstSeq = 1, arrivalTime = Date.UTC(2024, 2, 4, 14, 30)): ConsumedRecord[] =>
  payloads.map((p, i) => ({
    shardId,
    sequenceNumber: String(firstSeq + i).padStart(20, '0'),
    partitionKey: typeof p === 'string' ? 'x' : String(p['symbol']),
    arrivalTime: arrivalTime + i,
    data: new TextEncoder().encode(typeof p === 'string' ? p : JSON.stringify(p)),
  }));
