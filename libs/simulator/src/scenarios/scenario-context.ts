import type { EventFactory, TimedEvent } from '../event-factory';
import type { Prng } from '../prng';
import type { AccountSpec, SymbolSpec, Universe } from '../universe';

/** What a scenario builder gets: its own generator and event factory, a symbol and a start time. */
export interface ScenarioContext {
  readonly rng: Prng;
  readonly universe: Universe;
  readonly factory: EventFactory;
  readonly symbol: SymbolSpec;
  readonly startMs: number;
  /** The symbol's fair price when the scenario starts. */
  readonly mid: number;
}

/** What a scenario builder returns: its events and who is responsible. */
export interface ScenarioOutput {
  readonly events: TimedEvent[];
  readonly account?: AccountSpec;
  readonly owner: string;
}

/** A scenario builder and the longest it may run (so the planner can keep it inside one window). */
export interface ScenarioBuilder {
  readonly maxDurationMs: number;
  build(ctx: ScenarioContext): ScenarioOutput;
}
