import { z } from 'zod';
import { parseIsoTimestamp } from '@surv/domain';
import { SimulatorError } from './errors';

/** How executions are reported: one TRADE per side (drop copies), or only one of the two sides. */
export type TradeReporting = 'both-sides' | 'one-side';

/** How many scenarios of each kind to inject. */
export interface ScenarioCounts {
  /** Spoofing bursts (large one-sided orders cancelled right after the genuine order fills). @default 3 */
  readonly spoofing?: number;
  /** Layering (spoof orders over several price levels, repriced hundreds of times). @default 2 */
  readonly layering?: number;
  /** Self-match wash trades (one account on both sides). @default 3 */
  readonly washSelfMatch?: number;
  /** Cross-account wash trades (two accounts of one beneficial owner). @default 3 */
  readonly washCrossAccount?: number;
  /** Benign: two-sided market maker with a very high cancel rate, filling on both sides. @default 3 */
  readonly benignMarketMaker?: number;
  /** Benign: cross-venue arbitrage by one owner against different counterparties. @default 3 */
  readonly benignArbitrage?: number;
  /** Benign: one large institutional order cancelled. @default 3 */
  readonly benignLargeCancel?: number;
}

export interface SimulationOptions {
  /** Seed of every random choice: the same seed gives byte-identical output. @default 42 */
  readonly seed?: number;
  /** Start of the simulated period, ISO-8601 UTC or epoch ms. @default '2024-03-04T15:00:00.000Z' (US and EU sessions open) */
  readonly startTime?: string | number;
  /** Length of the simulated period in ms. @default 600_000 (10 minutes) */
  readonly durationMs?: number;
  /** Number of symbols to generate, or their names. @default 20 */
  readonly symbols?: number | readonly string[];
  /** Number of background accounts. @default 200 */
  readonly accounts?: number;
  /** Average background event rate (events per second, all symbols). @default 50 */
  readonly eventsPerSecond?: number;
  /** Inject scenarios: `false` for none, `true` for the defaults, or counts per kind. @default true */
  readonly manipulations?: boolean | ScenarioCounts;
  /** @default 'both-sides' */
  readonly tradeReporting?: TradeReporting;
  /** Bad records per good event (invalid JSON, schema violations, absurd values). @default 0 */
  readonly badRecordRate?: number;
}

export const DEFAULT_SCENARIO_COUNTS: Required<ScenarioCounts> = {
  spoofing: 3, layering: 2, washSelfMatch: 3, washCrossAccount: 3,
  benignMarketMaker: 3, benignArbitrage: 3, benignLargeCancel: 3,
};

/** Options after defaults and validation. */
export interface ResolvedSimulationOptions {
  readonly seed: number;
  readonly startMs: number;
  readonly durationMs: number;
  readonly symbols: number | readonly string[];
  readonly accounts: number;
  readonly eventsPerSecond: number;
  readonly scenarioCounts: Required<ScenarioCounts>;
  readonly tradeReporting: TradeReporting;
  readonly badRecordRate: number;
}

const count = z.number().int().min(0).max(10_000);
const OptionsSchema = z.object({
  seed: z.number().int().min(0).max(0xffffffff),
  startTime: z.union([z.string(), z.number().int().min(0)]),
  durationMs: z.number().int().min(1).max(366 * 86_400_000),
  symbols: z.union([
    z.number().int().min(1).max(100_000),
    z.array(z.string().regex(/^[A-Za-z0-9._\-/]{1,64}$/, 'symbol names are 1-64 of A-Z a-z 0-9 . _ - /')).min(1),
  ]),
  accounts: z.number().int().min(4).max(10_000_000),
  eventsPerSecond: z.number().positive().max(10_000_000),
  manipulations: z.union([z.boolean(), z.object({
    spoofing: count, layering: count, washSelfMatch: count, washCrossAccount: count,
    benignMarketMaker: count, benignArbitrage: count, benignLargeCancel: count,
  }).partial()]),
  tradeReporting: z.enum(['both-sides', 'one-side']),
  badRecordRate: z.number().min(0).max(1),
});

/** Applies the documented defaults and validates once; throws `SimulatorError('SIMULATOR_OPTIONS_INVALID')`. */
export const resolveSimulationOptions = (options: SimulationOptions = {}): ResolvedSimulationOptions => {
  const parsed = OptionsSchema.safeParse({
    seed: 42, startTime: '2024-03-04T15:00:00.000Z', durationMs: 600_000, symbols: 20, accounts: 200,
    eventsPerSecond: 50, manipulations: true, tradeReporting: 'both-sides', badRecordRate: 0,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SimulatorError('SIMULATOR_OPTIONS_INVALID', `simulation option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const o = parsed.data;
  const startMs = typeof o.startTime === 'number' ? o.startTime : parseIsoTimestamp(o.startTime);
  if (startMs === undefined) {
    throw new SimulatorError('SIMULATOR_OPTIONS_INVALID', `simulation option startTime: '${String(o.startTime)}' is not an ISO-8601 timestamp`);
  }
  const scenarioCounts: Required<ScenarioCounts> =
    o.manipulations === false
      ? { spoofing: 0, layering: 0, washSelfMatch: 0, washCrossAccount: 0, benignMarketMaker: 0, benignArbitrage: 0, benignLargeCancel: 0 }
      : o.manipulations === true ? DEFAULT_SCENARIO_COUNTS : { ...DEFAULT_SCENARIO_COUNTS, ...o.manipulations };
  const anyScenario = Object.values(scenarioCounts).some((n) => n > 0);
  if (anyScenario && o.durationMs < 60_000) {
    throw new SimulatorError('SIMULATOR_OPTIONS_INVALID', `simulation option durationMs: ${o.durationMs} ms is too short for scenarios (each needs up to one minute); use at least 60000 or manipulations: false`);
  }
  if (typeof o.symbols !== 'number' && new Set(o.symbols).size !== o.symbols.length) {
    throw new SimulatorError('SIMULATOR_OPTIONS_INVALID', 'simulation option symbols: names must be unique');
  }
  return {
    seed: o.seed, startMs: Math.floor(startMs), durationMs: o.durationMs, symbols: o.symbols, accounts: o.accounts,
    eventsPerSecond: o.eventsPerSecond, scenarioCounts, tradeReporting: o.tradeReporting, badRecordRate: o.badRecordRate,
  };
};
