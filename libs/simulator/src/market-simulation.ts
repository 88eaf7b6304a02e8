import type { MarketEvent } from '@surv/domain';
import { backgroundMarket } from './background-market';
import { makeBadRecord } from './bad-records';
import { EventFactory, type TimedEvent } from './event-factory';
import { EXPECTED_RULE, type GroundTruthScenario, type ScenarioKind } from './ground-truth';
import { Prng } from './prng';
import { resolveSimulationOptions, type ResolvedSimulationOptions, type ScenarioCounts, type SimulationOptions } from './simulation-options';
import { buildUniverse, type Universe } from './universe';
import { PricePath } from './price-path';
import { benignArbitrage } from './scenarios/benign-arbitrage';
import { benignLargeCancel } from './scenarios/benign-large-cancel';
import { benignMarketMaker } from './scenarios/benign-market-maker';
import { layering } from './scenarios/layering';
import type { ScenarioBuilder } from './scenarios/scenario-context';
import { spoofingBurst } from './scenarios/spoofing-burst';
import { washCrossAccount } from './scenarios/wash-cross-account';
import { washSelfMatch } from './scenarios/wash-self-match';

const BUILDERS: readonly { kind: ScenarioKind; option: keyof ScenarioCounts; builder: ScenarioBuilder }[] = [
  { kind: 'SPOOFING', option: 'spoofing', builder: spoofingBurst },
  { kind: 'LAYERING', option: 'layering', builder: layering },
  { kind: 'WASH_SELF_MATCH', option: 'washSelfMatch', builder: washSelfMatch },
  { kind: 'WASH_CROSS_ACCOUNT', option: 'washCrossAccount', builder: washCrossAccount },
  { kind: 'BENIGN_MARKET_MAKER', option: 'benignMarketMaker', builder: benignMarketMaker },
  { kind: 'BENIGN_ARBITRAGE', option: 'benignArbitrage', builder: benignArbitrage },
  { kind: 'BENIGN_LARGE_CANCEL', option: 'benignLargeCancel', builder: benignLargeCancel },
];

const WINDOW_MS = 60_000;

/** A start time so that [start, start + maxDuration] stays inside one minute and inside the period. */
const placeInOneMinute = (rng: Prng, startMs: number, endMs: number, maxDurationMs: number): number => {
  const first = Math.floor(startMs / WINDOW_MS);
  const last = Math.floor((endMs - 1) / WINDOW_MS);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const minute = rng.int(first, last);
    const lo = Math.max(minute * WINDOW_MS, startMs) + 50;
    const hi = Math.min((minute + 1) * WINDOW_MS, endMs) - maxDurationMs - 50;
    if (hi >= lo) return rng.int(lo, hi);
  }
  return startMs;
};

/** Plans every scenario up front (they are small), each with its own generator and id prefix. */
const planScenarios = (o: ResolvedSimulationOptions, universe: Universe, prices: PricePath, rng: Prng) => {
  const events: TimedEvent[] = [];
  const groundTruth: GroundTruthScenario[] = [];
  let n = 0;
  for (const { kind, option, builder } of BUILDERS) {
    for (let i = 0; i < o.scenarioCounts[option]; i++) {
      n += 1;
      const id = `SC${String(n).padStart(4, '0')}`;
      const srng = rng.fork(n);
      const symbolIndex = srng.int(0, universe.symbols.length - 1);
      const symbol = universe.symbols[symbolIndex]!;
      const startMs = placeInOneMinute(srng, o.startMs, o.startMs + o.durationMs, builder.maxDurationMs);
      const factory = new EventFactory(`${id}-`, o.tradeReporting, srng);
      const mid = prices.midAt(symbolIndex, startMs);
      const out = builder.build({ rng: srng, universe, factory, symbol, startMs, mid });
      const times = out.events.map((e) => e.timeMs);
      groundTruth.push({
        id, kind, expectedRule: EXPECTED_RULE[kind], symbol: symbol.symbol,
        ...(out.account ? { account_id: out.account.account_id } : {}),
        beneficial_owner: out.owner,
        startMs: Math.min(...times), endMs: Math.max(...times),
        eventIds: out.events.map((e) => e.event.event_id),
      });
      events.push(...out.events);
    }
  }
  // Stable sort: events at the same millisecond keep their causal order.
  events.sort((a, b) => a.timeMs - b.timeMs);
  return { events, groundTruth };
};

/** A planned simulation: its ground truth now, its events on demand (as often as wanted, always the same). */
export interface MarketSimulation {
  readonly options: ResolvedSimulationOptions;
  readonly groundTruth: readonly GroundTruthScenario[];
  /** Every valid event in event-time order, generated lazily in constant memory (besides the scenarios). */
  events(): Generator<MarketEvent>;
  /** The events as JSON lines, with bad records interleaved at `badRecordRate` (what a producer sends). */
  records(): Generator<{ readonly line: string; readonly bad: boolean }>;
}

/** Plans a simulation: universe and scenarios are fixed by the seed; events stream from `events()`. */
export const createMarketSimulation = (options: SimulationOptions = {}): MarketSimulation => {
  const o = resolveSimulationOptions(options);
  const root = new Prng(o.seed);
  const universeRng = root.fork(1);
  const backgroundSeed = root.fork(2);
  const scenarioRng = root.fork(3);
  const badSeed = root.fork(4);
  const universe = buildUniverse(universeRng, o.symbols, o.accounts);
  const priceSeed = Math.floor(root.fork(5).next() * 4294967296);
  const planned = planScenarios(o, universe, new PricePath(priceSeed, universe.symbols, o.startMs), scenarioRng);
  const backgroundState = backgroundSeed.next();
  const badState = badSeed.next();

  function* events(): Generator<MarketEvent> {
    // Fresh generators per call so every iteration yields the same sequence.
    const prices = new PricePath(priceSeed, universe.symbols, o.startMs);
    const bg = backgroundMarket(new Prng(Math.floor(backgroundState * 4294967296)), universe, prices, o.startMs, o.startMs + o.durationMs, o.eventsPerSecond, o.tradeReporting);
    const sc = planned.events;
    let k = 0;
    for (const e of bg) {
      while (k < sc.length && sc[k]!.timeMs < e.timeMs) yield sc[k++]!.event;
      yield e.event;
    }
    while (k < sc.length) yield sc[k++]!.event;
  }

  function* records(): Generator<{ line: string; bad: boolean }> {
    const rng = new Prng(Math.floor(badState * 4294967296));
    let bad = 0;
    for (const e of events()) {
      const line = JSON.stringify(e);
      yield { line, bad: false };
      if (o.badRecordRate > 0 && rng.chance(o.badRecordRate)) yield { line: makeBadRecord(rng, line, ++bad), bad: true };
    }
  }

  return { options: o, groundTruth: planned.groundTruth, events, records };
};

/** Yields the simulation's valid events in event-time order without holding them (for 1-10 million events). */
export const streamMarket = (options: SimulationOptions = {}): Generator<MarketEvent> => createMarketSimulation(options).events();

/** What `simulateMarket` returns. */
export interface SimulationResult {
  /** Valid events sorted by event_time. */
  readonly events: MarketEvent[];
  /** Injected bad records (raw text), each of which a consumer must quarantine. */
  readonly badRecords: string[];
  readonly groundTruth: GroundTruthScenario[];
}

/** Runs a whole simulation in memory: events, bad records and the labelled ground truth. */
export const simulateMarket = (options: SimulationOptions = {}): SimulationResult => {
  const sim = createMarketSimulation(options);
  const events: MarketEvent[] = [];
  const badRecords: string[] = [];
  if (sim.options.badRecordRate > 0) {
    for (const r of sim.records()) {
      if (r.bad) badRecords.push(r.line);
      else events.push(JSON.parse(r.line) as MarketEvent);
    }
  } else {
    for (const e of sim.events()) events.push(e);
  }
  return { events, badRecords, groundTruth: [...sim.groundTruth] };
};
