import { describe, expect, it } from 'vitest';
import { alertFromRow } from '@surv/detection';
import { evaluateDetection, simulateMarket, type TradeReporting } from '@surv/simulator';
import { runStreamingDetection } from '../helpers/stream-detection';

// What `surv eval` measures, on the streaming engine alone: every injected manipulation found, and
// every alert about one (no chance alert on background flow, none on a benign look-alike).
const cases: [number, TradeReporting][] = [[6, 'both-sides'], [7, 'one-side'], [8, 'both-sides']];

describe('streaming detection scored against the simulator ground truth', () => {
  it.each(cases)('seed %i (%s): recall 1 on every pattern, precision 1 on every rule, no false alert', (seed, tradeReporting) => {
    const sim = simulateMarket({ seed, tradeReporting });
    const { rows, errors } = runStreamingDetection(sim.events);
    expect(errors).toEqual([]);
    const ev = evaluateDetection(sim.groundTruth, rows.map((r) => alertFromRow(r, { detectedAt: r['WINDOW_END'] as number })));
    for (const kind of ['SPOOFING', 'LAYERING', 'WASH_SELF_MATCH', 'WASH_CROSS_ACCOUNT'] as const) {
      expect(ev.byKind[kind].scenarios, kind).toBeGreaterThan(0);
      expect(ev.byKind[kind].recall, kind).toBe(1);
    }
    expect(ev.byRule.SPOOFING.precision).toBe(1);
    expect(ev.byRule.WASH_TRADE.precision).toBe(1);
    expect(ev.unmatchedAlerts).toEqual([]);
    expect(ev.falseAlertsByBenignKind).toEqual({ BENIGN_MARKET_MAKER: 0, BENIGN_ARBITRAGE: 0, BENIGN_LARGE_CANCEL: 0 });
  }, 60_000);
});
