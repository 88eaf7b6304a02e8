import { describe, expect, it } from 'vitest';
import { alertMatchesScenario, evaluateDetection, type EvaluatedAlert, type GroundTruthScenario } from '@surv/simulator';

const T0 = Date.parse('2024-03-04T15:03:00.000Z');
const scenario = (id: string, kind: GroundTruthScenario['kind'], rule: GroundTruthScenario['expectedRule'], extra: Partial<GroundTruthScenario>): GroundTruthScenario => ({
  id, kind, expectedRule: rule, symbol: 'ABC', startMs: T0 + 10_000, endMs: T0 + 12_000, eventIds: ['x'], ...extra,
});
const alert = (rule: string, extra: Partial<EvaluatedAlert>): EvaluatedAlert => ({
  rule, symbol: 'ABC', window_start: '2024-03-04T15:03:00.000Z', window_end: '2024-03-04T15:04:00.000Z', ...extra,
});

const truth = [
  scenario('S1', 'SPOOFING', 'SPOOFING', { account_id: 'A1', beneficial_owner: 'O1' }),
  scenario('S2', 'SPOOFING', 'SPOOFING', { account_id: 'A2', beneficial_owner: 'O2' }),
  scenario('W1', 'WASH_CROSS_ACCOUNT', 'WASH_TRADE', { beneficial_owner: 'O3' }),
  scenario('B1', 'BENIGN_MARKET_MAKER', null, { account_id: 'A4', beneficial_owner: 'O4' }),
];

describe('alertMatchesScenario', () => {
  it('needs the expected rule, the symbol, the account or owner, and overlapping windows', () => {
    const s = truth[0]!;
    expect(alertMatchesScenario(alert('SPOOFING', { account_id: 'A1' }), s)).toBe(true);
    expect(alertMatchesScenario(alert('WASH_TRADE', { account_id: 'A1' }), s)).toBe(false);
    expect(alertMatchesScenario(alert('SPOOFING', { account_id: 'A1', symbol: 'XYZ' }), s)).toBe(false);
    expect(alertMatchesScenario(alert('SPOOFING', { account_id: 'A9' }), s)).toBe(false);
    expect(alertMatchesScenario(alert('SPOOFING', { account_id: 'A1', window_start: '2024-03-04T15:04:00.000Z', window_end: '2024-03-04T15:05:00.000Z' }), s)).toBe(false);
    expect(alertMatchesScenario(alert('WASH_TRADE', { beneficial_owner: 'O3' }), truth[2]!)).toBe(true);
  });
});

describe('evaluateDetection', () => {
  it('scores recall per pattern, precision per rule and false alerts per benign kind', () => {
    const alerts = [
      alert('SPOOFING', { account_id: 'A1', beneficial_owner: 'O1' }),
      alert('SPOOFING', { account_id: 'A4', beneficial_owner: 'O4' }), // the market maker: a false alert
      alert('WASH_TRADE', { beneficial_owner: 'O3' }),
      alert('WASH_TRADE', { beneficial_owner: 'O9' }), // background noise
    ];
    const ev = evaluateDetection(truth, alerts);
    expect(ev.byKind.SPOOFING).toEqual({ scenarios: 2, matched: 1, recall: 0.5, misses: ['S2'] });
    expect(ev.byKind.WASH_CROSS_ACCOUNT.recall).toBe(1);
    expect(ev.byKind.BENIGN_MARKET_MAKER).toEqual({ scenarios: 1, matched: 1, recall: 1, misses: ['B1'] });
    expect(ev.byRule.SPOOFING).toEqual({ alerts: 2, truePositives: 1, precision: 0.5 });
    expect(ev.byRule.WASH_TRADE).toEqual({ alerts: 2, truePositives: 1, precision: 0.5 });
    expect(ev.falseAlertsByBenignKind).toEqual({ BENIGN_MARKET_MAKER: 1, BENIGN_ARBITRAGE: 0, BENIGN_LARGE_CANCEL: 0 });
    expect(ev.unmatchedAlerts).toHaveLength(2);
  });

  it('reports perfect scores when every manipulation is caught and nothing else alerts', () => {
    const ev = evaluateDetection(truth.slice(0, 1), [alert('SPOOFING', { account_id: 'A1' })]);
    expect(ev.byKind.SPOOFING.recall).toBe(1);
    expect(ev.byRule.SPOOFING.precision).toBe(1);
    expect(ev.byRule.WASH_TRADE).toEqual({ alerts: 0, truePositives: 0, precision: 1 });
    expect(ev.unmatchedAlerts).toEqual([]);
  });
});
