import { parseIsoTimestamp } from '@surv/domain';
import { SCENARIO_KINDS, type GroundTruthScenario, type ScenarioKind } from './ground-truth';

/** The parts of an alert (`Alert` of `@surv/domain`) the evaluation needs. */
export interface EvaluatedAlert {
  readonly alert_id?: string;
  readonly rule: string;
  readonly symbol: string;
  readonly account_id?: string;
  readonly beneficial_owner?: string;
  readonly window_start: string;
  readonly window_end: string;
}

/** Detection quality for one kind of scenario. */
export interface KindScore {
  readonly scenarios: number;
  /** Scenarios matched by at least one alert (manipulations: by the expected rule; benign: by any rule). */
  readonly matched: number;
  /** matched / scenarios for manipulations (1 when there are none); 0 is the target for benign kinds. */
  readonly recall: number;
  /** Ids of the scenarios not matched (manipulations) or matched (benign): the ones to look at. */
  readonly misses: readonly string[];
}

/** Precision of one rule's alerts against the manipulations it should catch. */
export interface RuleScore {
  readonly alerts: number;
  readonly truePositives: number;
  /** truePositives / alerts (1 when there are no alerts). */
  readonly precision: number;
}

export interface DetectionEvaluation {
  readonly byKind: Readonly<Record<ScenarioKind, KindScore>>;
  readonly byRule: Readonly<Record<'SPOOFING' | 'WASH_TRADE', RuleScore>>;
  /** Alerts matching a benign look-alike, per benign kind. */
  readonly falseAlertsByBenignKind: Readonly<Record<'BENIGN_MARKET_MAKER' | 'BENIGN_ARBITRAGE' | 'BENIGN_LARGE_CANCEL', number>>;
  /** Alerts matching no manipulation scenario (false positives on background or benign activity). */
  readonly unmatchedAlerts: readonly EvaluatedAlert[];
}

const time = (iso: string): number => parseIsoTimestamp(iso) ?? Number.NaN;

/**
 * Whether an alert is about a scenario: same symbol, same key (account or beneficial owner), and the
 * alert window [start, end) overlaps the scenario's [startMs, endMs]. For manipulations the rule must
 * also be the expected one.
 */
export const alertMatchesScenario = (alert: EvaluatedAlert, s: GroundTruthScenario): boolean => {
  if (s.expectedRule !== null && alert.rule !== s.expectedRule) return false;
  if (alert.symbol !== s.symbol) return false;
  const sameAccount = s.account_id !== undefined && alert.account_id === s.account_id;
  const sameOwner = s.beneficial_owner !== undefined && alert.beneficial_owner === s.beneficial_owner;
  if (!sameAccount && !sameOwner) return false;
  return time(alert.window_start) <= s.endMs && time(alert.window_end) > s.startMs;
};

/** Scores alerts against the ground truth: recall per pattern, precision per rule, false alerts per benign kind. */
export const evaluateDetection = (groundTruth: readonly GroundTruthScenario[], alerts: readonly EvaluatedAlert[]): DetectionEvaluation => {
  const byKind = {} as Record<ScenarioKind, KindScore>;
  for (const kind of SCENARIO_KINDS) {
    const scenarios = groundTruth.filter((s) => s.kind === kind);
    const hit = scenarios.filter((s) => alerts.some((a) => alertMatchesScenario(a, s)));
    const benign = scenarios[0]?.expectedRule === null || kind.startsWith('BENIGN_');
    byKind[kind] = {
      scenarios: scenarios.length,
      matched: hit.length,
      recall: scenarios.length === 0 ? (benign ? 0 : 1) : hit.length / scenarios.length,
      misses: (benign ? hit : scenarios.filter((s) => !hit.includes(s))).map((s) => s.id),
    };
  }
  const manipulations = groundTruth.filter((s) => s.expectedRule !== null);
  const benignScenarios = groundTruth.filter((s) => s.expectedRule === null);
  const isTrue = (a: EvaluatedAlert) => manipulations.some((s) => alertMatchesScenario(a, s));
  const byRule = {} as Record<'SPOOFING' | 'WASH_TRADE', RuleScore>;
  for (const rule of ['SPOOFING', 'WASH_TRADE'] as const) {
    const mine = alerts.filter((a) => a.rule === rule);
    const tp = mine.filter(isTrue).length;
    byRule[rule] = { alerts: mine.length, truePositives: tp, precision: mine.length === 0 ? 1 : tp / mine.length };
  }
  const falseAlerts = { BENIGN_MARKET_MAKER: 0, BENIGN_ARBITRAGE: 0, BENIGN_LARGE_CANCEL: 0 };
  for (const a of alerts) {
    for (const kind of Object.keys(falseAlerts) as (keyof typeof falseAlerts)[]) {
      if (benignScenarios.some((s) => s.kind === kind && alertMatchesScenario(a, s))) falseAlerts[kind] += 1;
    }
  }
  return { byKind, byRule, falseAlertsByBenignKind: falseAlerts, unmatchedAlerts: alerts.filter((a) => !isTrue(a)) };
};
