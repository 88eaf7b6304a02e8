import { parseIsoTimestamp, venueCategory, type MarketEvent } from '@surv/domain';
import { RiskEngineError } from './errors';
import { resolveRiskConfig, type RiskConfig, type RiskConfigOverrides } from './risk-config';
import type { FactorContribution, FactorName, RegulatoryFlag, RiskAssessment, RiskSummary, ScoringContext } from './risk-assessment';
import type { Factor, FactorInput, FactorReading } from './factors/factor';
import { notionalFactor } from './factors/notional';
import { venueFactor } from './factors/venue';
import { offHoursFactor } from './factors/off-hours';
import { selfMatchFactor } from './factors/self-match';
import { historyFactor } from './factors/history';

const FACTORS: readonly Factor[] = [notionalFactor, venueFactor, offHoursFactor, selfMatchFactor, historyFactor];
const NO_FLAGS: readonly RegulatoryFlag[] = Object.freeze([]);

/** A factor's line of the explanation; `detail` is formatted on first read (and by JSON.stringify). */
class Contribution implements FactorContribution {
  readonly name: FactorName;
  readonly input: number | string | boolean | null;
  readonly signal: number;
  readonly weight: number;
  readonly contribution: number;
  readonly #factor: Factor;
  readonly #scored: FactorInput;
  readonly #reading: FactorReading;
  #detail: string | undefined;

  constructor(factor: Factor, scored: FactorInput, reading: FactorReading, weight: number) {
    this.name = factor.name;
    this.input = reading.input;
    this.signal = reading.signal;
    this.weight = weight;
    this.contribution = weight * reading.signal;
    this.#factor = factor;
    this.#scored = scored;
    this.#reading = reading;
  }

  get detail(): string {
    return (this.#detail ??= this.#factor.describe(this.#scored, this.#reading));
  }

  toJSON(): FactorContribution {
    return { name: this.name, input: this.input, signal: this.signal, weight: this.weight, contribution: this.contribution, detail: this.detail };
  }
}

/** Scores events with one validated configuration. Pure: the same event and context give the same result. */
export class RiskScorer {
  readonly config: RiskConfig;
  private readonly weights: readonly number[];

  constructor(overrides: RiskConfigOverrides = {}) {
    this.config = resolveRiskConfig(overrides);
    const raw = FACTORS.map((f) => this.config.weights[f.name]);
    const total = raw.reduce((a, b) => a + b, 0);
    // Normalised once so every score lands in [0, 100] whatever the configured weights.
    this.weights = raw.map((w) => (w * 100) / total);
  }

  score(event: MarketEvent, context: ScoringContext = {}): RiskAssessment {
    const input = this.inputOf(event, context);
    const factors: FactorContribution[] = new Array(FACTORS.length);
    const flags: RegulatoryFlag[] = [];
    let score = 0;
    for (let i = 0; i < FACTORS.length; i++) {
      const factor = FACTORS[i]!;
      const reading = factor.read(input);
      const line = new Contribution(factor, input, reading, this.weights[i]!);
      score += line.contribution;
      factors[i] = line;
      if (reading.flag) flags.push(reading.flag);
    }
    // Float sums can overshoot by an ulp; the bound is part of the contract.
    return { score: score > 100 ? 100 : score, venueCategory: input.venueCategory, flags, factors };
  }

  /**
   * The score, venue category and flags without the explanation: the same numbers as `score` (same
   * sum in the same order), without building a line per factor, for callers that store only these.
   */
  summarize(event: MarketEvent, context: ScoringContext = {}): RiskSummary {
    const input = this.inputOf(event, context);
    const flags: RegulatoryFlag[] = [];
    let score = 0;
    for (let i = 0; i < FACTORS.length; i++) {
      const reading = FACTORS[i]!.read(input);
      score += this.weights[i]! * reading.signal;
      if (reading.flag) flags.push(reading.flag);
    }
    // Most events raise no flag: share one empty list rather than keep one per stored row.
    return { score: score > 100 ? 100 : score, venueCategory: input.venueCategory, flags: flags.length === 0 ? NO_FLAGS : flags };
  }

  private inputOf(event: MarketEvent, context: ScoringContext): FactorInput {
    const eventTimeMs = context.eventTimeMs ?? parseIsoTimestamp(event.event_time);
    if (eventTimeMs === undefined) {
      throw new RiskEngineError('RISK_INPUT_INVALID', `event ${event.event_id}: event_time '${event.event_time}' is not ISO-8601`);
    }
    return { event, context, config: this.config, eventTimeMs, venueCategory: venueCategory(event.venue) };
  }
}

const defaultScorer = new RiskScorer();

/**
 * Risk score of one market event with the default configuration: a score in [0, 100], the venue
 * category, the regulatory flags and the factor-by-factor explanation that sums to the score.
 */
export const score = (event: MarketEvent, context?: ScoringContext): RiskAssessment => defaultScorer.score(event, context);

/** `score` without the factor-by-factor explanation: the score, venue category and flags, with the default configuration. */
export const summarizeRisk = (event: MarketEvent, context?: ScoringContext): RiskSummary => defaultScorer.summarize(event, context);
