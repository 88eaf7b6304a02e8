import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createMarketSimulation, evaluateDetection } from '@surv/simulator';
import { runLocalPipeline } from '@surv/local-runtime';
import { removeTempDirs, tempDir } from './temp-dirs';
import { snapshot } from './lake-snapshot';

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

describe('detection on a worker thread', () => {
  it('raises exactly the alerts, and writes exactly the lake, that main-thread detection does', async () => {
    const sim = createMarketSimulation({ seed: 23, durationMs: 5 * 60_000, eventsPerSecond: 30, badRecordRate: 0.01 });
    const lines = [...sim.records()].map((r) => r.line);
    async function* input() { for (const l of lines) yield l; }
    const [lakeW, lakeM] = [await tempDir('surv-worker-'), await tempDir('surv-main-')];
    const viaWorker = await runLocalPipeline({ lake: lakeW, input: input(), batchSize: 2_000 });
    const viaMain = await runLocalPipeline({ lake: lakeM, input: input(), batchSize: 2_000, detectionThread: 'main' });
    expect(viaWorker.detectionThread).toBe('worker');
    expect(viaMain.detectionThread).toBe('main');
    expect(viaWorker.alerts.length).toBeGreaterThan(0);
    expect(viaWorker.alerts).toEqual(viaMain.alerts);
    expect(await snapshot(lakeW)).toEqual(await snapshot(lakeM));
  });

  it('feeds the worker the exact text of a line whose bytes are not its text (a raw lone surrogate)', async () => {
    const fixture = await readFile(new URL('./fixtures/wash-and-spoof.jsonl', import.meta.url), 'utf8');
    // The wash trade's owner carries a raw lone surrogate, which UTF-8 bytes would turn into U+FFFD.
    const lines = fixture.trim().split('\n').map((l) => l.replaceAll('BO-W', 'BO-W\ud800'));
    async function* input() { for (const l of lines) yield l; }
    const [lakeW, lakeM] = [await tempDir('surv-worker-'), await tempDir('surv-main-')];
    const viaWorker = await runLocalPipeline({ lake: lakeW, input: input(), batchSize: 16 });
    const viaMain = await runLocalPipeline({ lake: lakeM, input: input(), batchSize: 16, detectionThread: 'main' });
    expect(viaWorker.detectionThread).toBe('worker');
    expect(viaWorker.alerts.find((a) => a.rule === 'WASH_TRADE')?.beneficial_owner).toBe('BO-W\ud800');
    expect(viaWorker.alerts).toEqual(viaMain.alerts);
    expect(await snapshot(lakeW)).toEqual(await snapshot(lakeM));
  });
});
