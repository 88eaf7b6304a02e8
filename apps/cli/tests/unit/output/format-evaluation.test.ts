import { describe, expect, it } from 'vitest';
import { SCENARIO_KINDS, type DetectionEvaluation, type KindScore } from '@surv/simulator';
import { formatEvaluation, totalEvaluations } from '../../../src/output/format-evaluation';

const kind = (scenarios: number, matched: number, misses: string[] = []): KindScore => ({ scenarios, matched, recall: scenarios ? matched / scenarios : 1, misses });
const evaluation = (spoofMatched: number, falseMm: number, spoofAlerts: number, spoofTrue: number): DetectionEvaluation => ({
  byKind: Object.fromEntries(SCENARIO_KINDS.map((k) => [k, k === 'SPOOFING' ? kind(3, spoofMatched, spoofMatched < 3 ? ['SC0002'] : []) : k.startsWith('BENIGN') ? kind(2, k === 'BENIGN_MARKET_MAKER' ? falseMm : 0) : kind(2, 2)])) as DetectionEvaluation['byKind'],
  byRule: { SPOOFING: { alerts: spoofAlerts, truePositives: spoofTrue, precision: spoofAlerts ? spoofTrue / spoofAlerts : 1 }, WASH_TRADE: { alerts: 4, truePositives: 4, precision: 1 } },
  falseAlertsByBenignKind: { BENIGN_MARKET_MAKER: falseMm, BENIGN_ARBITRAGE: 0, BENIGN_LARGE_CANCEL: 0 },
  unmatchedAlerts: [],
});

describe('totalEvaluations', () => {
  it('sums counts over runs and recomputes the ratios from the sums', () => {
    const t = totalEvaluations([evaluation(3, 0, 5, 5), evaluation(2, 1, 3, 1)], ['seed 1', 'seed 2']);
    expect(t.runs).toBe(2);
    expect(t.patterns['SPOOFING']).toEqual({ scenarios: 6, matched: 5, recall: 5 / 6, misses: ['seed 2:SC0002'] });
    expect(t.rules['SPOOFING']).toEqual({ alerts: 8, truePositives: 6, precision: 0.75 });
    expect(t.benign['BENIGN_MARKET_MAKER']).toEqual({ scenarios: 4, falseAlerts: 1 });
    expect(Object.keys(t.patterns)).toEqual(['SPOOFING', 'LAYERING', 'WASH_SELF_MATCH', 'WASH_CROSS_ACCOUNT']);
  });
});

describe('formatEvaluation', () => {
  it('prints recall per pattern, precision per rule, false alerts per look-alike and the misses', () => {
    const text = formatEvaluation(evaluation(2, 1, 3, 2));
    // Once as a pattern (3 injected, 2 alerted, recall 0.67), once as a rule (3 alerts, 2 true, precision 0.67).
    expect(text.match(/^ {2}SPOOFING +3 +2 +0\.67$/gm)).toHaveLength(2);
    expect(text).toMatch(/^ {2}WASH_TRADE +4 +4 +1\.00$/m);
    expect(text).toMatch(/^ {2}BENIGN_MARKET_MAKER +2 +1$/m);
    expect(text).toMatch(/^ {2}missed: SC0002$/m);
  });
});
