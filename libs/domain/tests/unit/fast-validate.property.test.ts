import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { MarketEventSchema, parseMarketEvent } from '@surv/domain';

// The hand-written validator must accept exactly what the zod schema accepts, and produce the same event.
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 });
const anyValue = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(''));
const str = (max: number) => fc.oneof(fc.string({ minLength: 1, maxLength: max }), fc.string({ minLength: max + 1, maxLength: max + 3 }), fc.constant(''), anyValue);
const candidate = fc.record({
  event_id: maybe(str(256)), event_type: maybe(fc.oneof(fc.constantFrom('ORDER_NEW', 'ORDER_CANCEL', 'ORDER_REPLACE', 'TRADE', 'FILL'), anyValue)),
  event_time: maybe(fc.constant('2024-03-01T10:00:00.000Z')), symbol: maybe(str(64)), venue: maybe(str(16)),
  account_id: maybe(fc.constant('A1')), trader_id: maybe(fc.constant('T1')), beneficial_owner: maybe(str(256)), order_id: maybe(fc.constant('O')),
  side: maybe(fc.oneof(fc.constantFrom('BUY', 'SELL', 'buy'), anyValue)),
  price: maybe(fc.oneof(fc.double({ min: -10, max: 2e9 }), anyValue)), quantity: maybe(fc.oneof(fc.double({ min: -10, max: 2e15 }), anyValue)),
  counterparty_account_id: maybe(str(256)), counterparty_beneficial_owner: maybe(str(256)), trade_id: maybe(str(256)), extra: maybe(anyValue),
}, { requiredKeys: [] });

describe('fast event validation', () => {
  it('accepts and rejects exactly what the zod schema does, with the same result', () => {
    fc.assert(fc.property(candidate, (raw) => {
      const obj = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
      const r = parseMarketEvent(JSON.stringify(obj), { nowMs: Date.parse('2024-03-02T00:00:00Z') });
      // JSON.stringify turns NaN/Infinity into null, so compare against what survives the round trip.
      const roundTrip = MarketEventSchema.safeParse(JSON.parse(JSON.stringify(obj)));
      expect(r.ok).toBe(roundTrip.success);
      if (r.ok && roundTrip.success) expect(r.event).toEqual(roundTrip.data);
    }), { numRuns: 3000 });
  });
});
