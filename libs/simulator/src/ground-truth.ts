/** Kinds of labelled scenarios the simulator injects. */
export const SCENARIO_KINDS = [
  'SPOOFING', 'LAYERING', 'WASH_SELF_MATCH', 'WASH_CROSS_ACCOUNT',
  'BENIGN_MARKET_MAKER', 'BENIGN_ARBITRAGE', 'BENIGN_LARGE_CANCEL',
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** The rule expected to fire for each kind (`null`: a benign look-alike that must not alert). */
export const EXPECTED_RULE: Readonly<Record<ScenarioKind, 'SPOOFING' | 'WASH_TRADE' | null>> = {
  SPOOFING: 'SPOOFING',
  LAYERING: 'SPOOFING',
  WASH_SELF_MATCH: 'WASH_TRADE',
  WASH_CROSS_ACCOUNT: 'WASH_TRADE',
  BENIGN_MARKET_MAKER: null,
  BENIGN_ARBITRAGE: null,
  BENIGN_LARGE_CANCEL: null,
};

/** One injected, labelled scenario: what happened, who did it, when, and which events show it. */
export interface GroundTruthScenario {
  readonly id: string;
  readonly kind: ScenarioKind;
  readonly expectedRule: 'SPOOFING' | 'WASH_TRADE' | null;
  readonly symbol: string;
  /** The acting account, where one account acts (spoofing, layering, self-match, market maker, large cancel). */
  readonly account_id?: string;
  readonly beneficial_owner?: string;
  /** Event time of the first and last event of the scenario, epoch ms. */
  readonly startMs: number;
  readonly endMs: number;
  readonly eventIds: readonly string[];
}
