import { afterAll, describe, expect, it } from 'vitest';
import { createMarketSimulation, evaluateDetection } from '@surv/simulator';
import { runLocalPipeline } from '@surv/local-runtime';
import { removeTempDirs, tempDir } from './temp-dirs';

afterAll(removeTempDirs);

describe('runLocalPipeline on a simulated market', () => {
  it('stores every valid event, quarantines every injected bad record and finds the injected manipulations', async () => {
    const sim = createMarketSimulation({ seed: 11, durationMs: 10 * 60_000, eventsPerSecond: 20, badRecordRate: 0.01 });
    const records = [...sim.records()];
    const bad = records.filter((r) => r.bad).length;
    async function* input() { for (const r of records) yield r.line; }
    const summary = await runLocalPipeline({ lake: await tempDir('surv-sim-'), input: input(), batchSize: 5_000 });
    expect(bad).toBeGreaterThan(0);
    expect(summary.events).toBe(records.length);
    expect(summary.quarantined + summary.duplicates).toBe(bad);
    expect(summary.valid).toBe(records.length - bad);
    const evaluation = evaluateDetection(sim.groundTruth, summary.alerts);
    expect(evaluation.byRule.WASH_TRADE.truePositives + evaluation.byRule.SPOOFING.truePositives).toBeGreaterThan(0);
    expect(evaluation.falseAlertsByBenignKind.BENIGN_MARKET_MAKER).toBe(0);
  });
});
