import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { VENUES, type MarketEvent } from '@surv/domain';
import { RiskScorer, score } from '@surv/risk-engine';

const mic = fc.oneof(fc.constantFrom(...VENUES.map((v) => v.mic)), fc.stringMatching(/^[A-Z]{4}$/));
const event: fc.Arbitrary<MarketEvent> = fc.record({
  event_id: fc.string({ minLength: 1, maxLength: 8 }),
  event_type: fc.constantFrom('ORDER_NEW', 'ORDER_CANCEL', 'ORDER_REPLACE', 'TRADE'),
  event_time: fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString()),
  symbol: fc.constantFrom('ACME', 'BTC-USD', 'VOD'),
  venue: mic,
  account_id: fc.constantFrom('A1', 'A2'),
  trader_id: fc.constant('T1'),
  beneficial_owner: fc.constantFrom('BO1', 'BO2'),
  order_id: fc.constant('O1'),
  side: fc.constantFrom('BUY', 'SELL'),
  price: fc.double({ min: 1e-8, max: 1e9, noNaN: true, noDefaultInfinity: true }),
  quantity: fc.double({ min: 1e-8, max: 1e15, noNaN: true, noDefaultInfinity: true }),
  counterparty_beneficial_owner: fc.option(fc.constantFrom('BO1', 'BO2'), { nil: undefined }),
}).map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as MarketEvent);
const context = fc.record(
  { typicalNotional: fc.double({ min: 1e-6, max: 1e12, noNaN: true }), priorAlerts: fc.nat({ max: 1000 }) },
  { requiredKeys: [] },
);
const weight = fc.double({ min: 0, max: 1000, noNaN: true });
const weights = fc
  .record({ notional: weight, venue: weight, offHours: weight, selfMatch: weight, history: weight })
  .filter((w) => Object.values(w).reduce((a, b) => a + b, 0) > 1e-6);

describe('score properties', () => {
  it('always lands in [0, 100]', () => {
    fc.assert(fc.property(event, context, (e, c) => {
      const r = score(e, c);
      return r.score >= 0 && r.score <= 100;
    }), { numRuns: 2000 });
  });

  it('equals the sum of its factor contributions, each weight × signal with signal in [0, 1]', () => {
    fc.assert(fc.property(event, context, weights, (e, c, w) => {
      const r = new RiskScorer({ weights: w }).score(e, c);
      const sum = r.factors.reduce((a, f) => a + f.contribution, 0);
      expect(Math.abs(sum - r.score)).toBeLessThan(1e-9);
      for (const f of r.factors) {
        expect(f.signal).toBeGreaterThanOrEqual(0);
        expect(f.signal).toBeLessThanOrEqual(1);
        expect(f.contribution).toBeCloseTo(f.weight * f.signal, 12);
      }
      expect(r.factors.reduce((a, f) => a + f.weight, 0)).toBeCloseTo(100, 9);
    }), { numRuns: 1000 });
  });

  it('summarizes to exactly the score, venue category and flags of the full assessment', () => {
    fc.assert(fc.property(event, context, weights, (e, c, w) => {
      const scorer = new RiskScorer({ weights: w });
      const { score: s, venueCategory, flags } = scorer.score(e, c);
      expect(scorer.summarize(e, c)).toEqual({ score: s, venueCategory, flags });
    }), { numRuns: 1000 });
  });

  it('never gives a flag without the factor that raises it contributing', () => {
    fc.assert(fc.property(event, context, (e, c) => {
      const r = score(e, c);
      const signal = (n: string) => r.factors.find((f) => f.name === n)!.signal;
      if (r.flags.includes('SELF_MATCH')) expect(signal('selfMatch')).toBe(1);
      if (r.flags.includes('OFF_HOURS')) expect(signal('offHours')).toBe(1);
      if (r.flags.includes('LARGE_NOTIONAL')) expect(signal('notional')).toBeGreaterThan(0);
    }), { numRuns: 1000 });
  });
});
