import { describe, expect, it } from 'vitest';
import { RiskScorer, score, DEFAULT_RISK_CONFIG } from '@surv/risk-engine';
import { baseTrade, withPatch } from '../../fixtures/events';

const factor = (name: string, result: ReturnType<typeof score>) => result.factors.find((f) => f.name === name)!;

describe('notional factor', () => {
  it('reads 0 at or below the typical notional', () => {
    expect(factor('notional', score(baseTrade, { typicalNotional: 30_000 })).signal).toBe(0);
    expect(factor('notional', score(baseTrade, { typicalNotional: 60_000 })).signal).toBe(0);
  });
  it('grows on a log scale and saturates at largeNotionalRatio times typical', () => {
    const mid = factor('notional', score(baseTrade, { typicalNotional: 30_000 / Math.sqrt(10) }));
    expect(mid.signal).toBeCloseTo(0.5, 10);
    expect(factor('notional', score(baseTrade, { typicalNotional: 3_000 })).signal).toBe(1);
  });
  it('raises LARGE_NOTIONAL exactly from the ratio threshold', () => {
    expect(score(baseTrade, { typicalNotional: 3_000.01 }).flags).not.toContain('LARGE_NOTIONAL');
    expect(score(baseTrade, { typicalNotional: 3_000 }).flags).toContain('LARGE_NOTIONAL');
  });
  it('treats a very large absolute notional as large on any symbol', () => {
    const big = withPatch({ price: 100, quantity: 100_000 }); // 10M
    const r = score(big, { typicalNotional: 1e12 });
    expect(r.flags).toContain('LARGE_NOTIONAL');
    expect(factor('notional', r).signal).toBe(1);
  });
  it('falls back to the default typical notional without context', () => {
    expect(factor('notional', score(withPatch({ quantity: 10_000 }))).input).toBeCloseTo(1_000_000 / DEFAULT_RISK_CONFIG.defaultTypicalNotional);
  });
});

describe('venue factor', () => {
  it('scores lit exchanges 0 and flags dark pools', () => {
    expect(factor('venue', score(baseTrade)).signal).toBe(0);
    const dark = score(withPatch({ venue: 'SGMA' }));
    expect(dark.venueCategory).toBe('DARK_POOL');
    expect(dark.flags).toContain('DARK_VENUE');
    expect(factor('venue', dark).signal).toBe(DEFAULT_RISK_CONFIG.venueSignal.DARK_POOL);
  });
  it('maps unknown MICs to UNKNOWN with a flag instead of throwing', () => {
    const r = score(withPatch({ venue: 'QQQQ' }));
    expect(r.venueCategory).toBe('UNKNOWN');
    expect(r.flags).toContain('UNKNOWN_VENUE');
  });
});

describe('off-hours factor', () => {
  it('flags the minute before the open and not the open itself (New York, winter)', () => {
    expect(score(withPatch({ event_time: '2024-01-09T14:29:59.999Z' })).flags).toContain('OFF_HOURS');
    expect(score(withPatch({ event_time: '2024-01-09T14:30:00.000Z' })).flags).not.toContain('OFF_HOURS');
  });
  it('flags the close itself (sessions are half-open)', () => {
    expect(score(withPatch({ event_time: '2024-01-09T21:00:00.000Z' })).flags).toContain('OFF_HOURS');
  });
  it('uses the venue time zone: 08:00 London is in session, 08:00 New York is not', () => {
    expect(score(withPatch({ venue: 'XLON', event_time: '2024-03-05T08:00:00.000Z' })).flags).not.toContain('OFF_HOURS');
    expect(score(withPatch({ venue: 'XNYS', event_time: '2024-03-05T13:00:00.000Z' })).flags).toContain('OFF_HOURS');
  });
  it('never flags 24/7 venues', () => {
    expect(score(withPatch({ venue: 'COIN', event_time: '2024-03-09T03:00:00.000Z' })).flags).not.toContain('OFF_HOURS');
  });
  it('prefers the pre-parsed event time from the context', () => {
    const r = score(withPatch({ event_time: '2024-01-09T15:00:00.000Z' }), { eventTimeMs: Date.parse('2024-01-09T03:00:00Z') });
    expect(r.flags).toContain('OFF_HOURS');
  });
});

describe('self-match factor', () => {
  it('flags a trade whose two sides share a beneficial owner', () => {
    const r = score(withPatch({ counterparty_beneficial_owner: 'BO1' }));
    expect(r.flags).toContain('SELF_MATCH');
    expect(factor('selfMatch', r).contribution).toBe(factor('selfMatch', r).weight);
  });
  it('ignores orders and trades without a counterparty owner', () => {
    expect(score(withPatch({ event_type: 'ORDER_NEW' , counterparty_beneficial_owner: 'BO1' })).flags).not.toContain('SELF_MATCH');
    const { counterparty_beneficial_owner: _c, ...oneSided } = baseTrade;
    expect(factor('selfMatch', score(oneSided)).input).toBeNull();
  });
});

describe('history factor', () => {
  it('reads 0 without prior alerts and saturates with many', () => {
    expect(factor('history', score(baseTrade)).signal).toBe(0);
    expect(factor('history', score(baseTrade, { priorAlerts: 0 })).signal).toBe(0);
    expect(factor('history', score(baseTrade, { priorAlerts: 3 })).signal).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(factor('history', score(baseTrade, { priorAlerts: 1000 })).signal).toBeCloseTo(1, 12);
  });
  it('raises REPEAT_OFFENDER from the configured count', () => {
    expect(score(baseTrade, { priorAlerts: 2 }).flags).not.toContain('REPEAT_OFFENDER');
    expect(score(baseTrade, { priorAlerts: 3 }).flags).toContain('REPEAT_OFFENDER');
  });
});

describe('RiskScorer configuration', () => {
  it('normalises weights so a single-factor config still scores up to 100', () => {
    const only = new RiskScorer({ weights: { notional: 0, venue: 0, offHours: 0, selfMatch: 1, history: 0 } });
    expect(only.score(withPatch({ counterparty_beneficial_owner: 'BO1' })).score).toBe(100);
  });
  it('rejects invalid configs naming the field', () => {
    expect(() => new RiskScorer({ largeNotionalRatio: 1 })).toThrow(/largeNotionalRatio/);
    expect(() => new RiskScorer({ weights: { notional: 0, venue: 0, offHours: 0, selfMatch: 0, history: 0 } })).toThrow(/weight/);
    expect(() => new RiskScorer({ venueSignal: { DARK_POOL: 2 } })).toThrow(/venueSignal.DARK_POOL/);
  });
  it('throws a typed error for an unparsable event time', () => {
    expect(() => score(withPatch({ event_time: 'soon' }))).toThrow(expect.objectContaining({ code: 'RISK_INPUT_INVALID' }));
  });
  it('is deterministic', () => {
    const e = withPatch({ venue: 'SGMA', quantity: 50_000, counterparty_beneficial_owner: 'BO1' });
    expect(score(e, { priorAlerts: 2 })).toEqual(score(e, { priorAlerts: 2 }));
  });
});

describe('explanation', () => {
  it('gives every factor a readable sentence, also when serialised to JSON', () => {
    const r = score(withPatch({ venue: 'SGMA', quantity: 5_000, counterparty_beneficial_owner: 'BO1' }), { typicalNotional: 50_000, priorAlerts: 1 });
    expect(factor('notional', r).detail).toBe('notional 500000.00 is 10.00x the typical 50000.00');
    expect(factor('venue', r).detail).toBe('venue SGMA is a dark pool venue');
    expect(factor('selfMatch', r).detail).toBe('both sides owned by BO1');
    expect(factor('history', r).detail).toBe('1 prior alert on the account');
    const json = JSON.parse(JSON.stringify(r));
    expect(json.factors).toHaveLength(5);
    for (const f of json.factors) expect(f).toEqual(expect.objectContaining({ detail: expect.any(String), weight: expect.any(Number), contribution: expect.any(Number) }));
  });
});
