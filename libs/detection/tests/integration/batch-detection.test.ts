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
    // Wash trades only come from the scenarios (background owners never trade with themselves).
    expect(ev.byRule.WASH_TRADE.precision).toBe(1);
    // Background flow is random: a busy account can look like a spoofer by chance, rarely.
    expect(ev.byRule.SPOOFING.precision).toBeGreaterThanOrEqual(0.7);
    // Layering is labelled as such.
    for (const s of sim.groundTruth.filter((x) => x.kind === 'LAYERING')) {
      expect(alerts.some((a) => a.account_id === s.account_id && a.pattern === 'LAYERING')).toBe(true);
    }
  });

  it('raises no wash alert and at most two chance spoofing alerts on background flow alone', async () => {
    const sim = simulateMarket({ seed: 8, manipulations: false, durationMs: 180_000 });
    const rows = await runBatchDetection(sim.events);
    expect(rows.filter((r) => r['RULE'] === 'WASH_TRADE')).toEqual([]);
    expect(rows.length).toBeLessThanOrEqual(2);
  });
});
