import { describe, expect, it } from 'vitest';
import { simulateMarket, evaluateDetection, type TradeReporting } from '@surv/simulator';
import { alertFromRow } from '@surv/detection';
import { runBatchDetection } from '../helpers/batch-detection';

const cases: [number, TradeReporting][] = [[1, 'both-sides'], [2, 'both-sides'], [3, 'one-side'], [4, 'one-side'], [5, 'both-sides']];

describe('batch detection over simulated markets', () => {
  it.each(cases)('seed %i (%s): finds every injected manipulation and no benign look-alike', async (seed, tradeReporting) => {
    const sim = simulateMarket({ seed, tradeReporting });
    const rows = await runBatchDetection(sim.events);
    const alerts = rows.map((r) => alertFromRow(r, { detectedAt: 0 }));
    const ev = evaluateDetection(sim.groundTruth, alerts);
    for (const kind of ['SPOOFING', 'LAYERING', 'WASH_SELF_MATCH', 'WASH_CROSS_ACCOUNT'] as const) {
      expect(ev.byKind[kind].misses, kind).toEqual([]);
      expect(ev.byKind[kind].scenarios).toBeGreaterThan(0);
    }
    expect(ev.falseAlertsByBenignKind).toEqual({ BENIGN_MARKET_MAKER: 0, BENIGN_ARBITRAGE: 0, BENIGN_LARGE_CANCEL: 0 });
    // Every alert is about an injected manipulation: wash trades only come from the scenarios (background
    // owners never trade with themselves), and busy background accounts cancelling ordinary resting orders
    // around a small fill do not pull orders within seconds in a burst around it.
    expect(ev.unmatchedAlerts).toEqual([]);
    expect(ev.byRule.WASH_TRADE.precision).toBe(1);
    expect(ev.byRule.SPOOFING.precision).toBe(1);
    // Layering is labelled as such.
    for (const s of sim.groundTruth.filter((x) => x.kind === 'LAYERING')) {
      expect(alerts.some((a) => a.account_id === s.account_id && a.pattern === 'LAYERING')).toBe(true);
    }
  });

  it('raises no alert on background flow alone', async () => {
    const sim = simulateMarket({ seed: 8, manipulations: false, durationMs: 600_000 });
    expect(await runBatchDetection(sim.events)).toEqual([]);
  });
});
