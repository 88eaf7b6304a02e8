/**
 * @surv/risk-engine: explainable, deterministic risk scoring of market events.
 *
 * ```ts
 * import { score } from '@surv/risk-engine';
 * const { score: s, flags, factors } = score(event, { typicalNotional: 250_000, priorAlerts: 1 });
 * ```
 */
export { score, summarizeRisk, RiskScorer } from './risk-scorer';
export { DEFAULT_RISK_CONFIG, resolveRiskConfig, type RiskConfig, type RiskConfigOverrides, type RiskWeights } from './risk-config';
export {
  REGULATORY_FLAGS, type RegulatoryFlag, type RiskAssessment, type RiskSummary, type FactorContribution, type FactorName, type ScoringContext,
} from './risk-assessment';
export { RiskEngineError, type RiskErrorCode } from './errors';
