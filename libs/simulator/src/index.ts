/**
 * @surv/simulator: a seeded market simulator (background flow across venues, drop-copy executions,
 * injected and labelled manipulations and benign look-alikes, bad records) and the scoring of
 * detection output against its ground truth.
 */
export {
  simulateMarket, streamMarket, createMarketSimulation, type MarketSimulation, type SimulationResult,
} from './market-simulation';
export {
  resolveSimulationOptions, DEFAULT_SCENARIO_COUNTS,
  type SimulationOptions, type ResolvedSimulationOptions, type ScenarioCounts, type TradeReporting,
} from './simulation-options';
export { SCENARIO_KINDS, EXPECTED_RULE, type GroundTruthScenario, type ScenarioKind } from './ground-truth';
export {
  evaluateDetection, alertMatchesScenario,
  type DetectionEvaluation, type EvaluatedAlert, type KindScore, type RuleScore,
} from './evaluate-detection';
export { BAD_RECORD_KINDS, type BadRecordKind } from './bad-records';
export { Prng } from './prng';
export { SimulatorError, type SimulatorErrorCode } from './errors';
