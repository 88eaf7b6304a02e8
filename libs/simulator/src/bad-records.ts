import type { Prng } from './prng';

/** Kinds of bad records the simulator can inject, each a reason a consumer must quarantine the record. */
export const BAD_RECORD_KINDS = [
  'INVALID_JSON', 'TRUNCATED_JSON', 'NOT_AN_OBJECT', 'MISSING_FIELD', 'UNKNOWN_EVENT_TYPE', 'BAD_SIDE',
  'NEGATIVE_QUANTITY', 'ZERO_PRICE', 'ABSURD_PRICE', 'ABSURD_QUANTITY', 'QUANTITY_AS_TEXT', 'BAD_TIMESTAMP',
] as const;
export type BadRecordKind = (typeof BAD_RECORD_KINDS)[number];

/**
 * One bad record derived from a valid event line: unparsable text, schema violations or absurd values.
 * Every one of them must be refused by `parseMarketEvent` from `@surv/domain`.
 */
export const makeBadRecord = (rng: Prng, goodLine: string, sequence: number): string => {
  const kind = rng.pick(BAD_RECORD_KINDS);
  const obj = JSON.parse(goodLine) as Record<string, unknown>;
  obj['event_id'] = `BAD-${sequence}`;
  switch (kind) {
    case 'INVALID_JSON':
      return `{event_id: BAD-${sequence}, "event_type": "TRADE",}`;
    case 'TRUNCATED_JSON':
      return JSON.stringify(obj).slice(0, rng.int(5, 40));
    case 'NOT_AN_OBJECT':
      return JSON.stringify([obj['event_id'], obj['symbol']]);
    case 'MISSING_FIELD':
      delete obj[rng.pick(['account_id', 'symbol', 'side', 'price', 'event_time', 'beneficial_owner'])];
      break;
    case 'UNKNOWN_EVENT_TYPE':
      obj['event_type'] = 'ORDER_AMEND';
      break;
    case 'BAD_SIDE':
      obj['side'] = 'HOLD';
      break;
    case 'NEGATIVE_QUANTITY':
      obj['quantity'] = -Math.abs(Number(obj['quantity']));
      break;
    case 'ZERO_PRICE':
      obj['price'] = 0;
      break;
    case 'ABSURD_PRICE':
      obj['price'] = 1e13;
      break;
    case 'ABSURD_QUANTITY':
      obj['quantity'] = 1e18;
      break;
    case 'QUANTITY_AS_TEXT':
      obj['quantity'] = String(obj['quantity']);
      break;
    case 'BAD_TIMESTAMP':
      obj['event_time'] = rng.pick(['yesterday', '2024-13-45T25:61:00Z', '']);
      break;
  }
  return JSON.stringify(obj);
};
