import type { MarketEvent, VenueCategory } from '@surv/domain';
import type { RiskConfig } from '../risk-config';
import type { FactorName, RegulatoryFlag, ScoringContext } from '../risk-assessment';

/** What a factor sees: the event, the caller's context and facts resolved once per event. */
export interface FactorInput {
  readonly event: MarketEvent;
  readonly context: ScoringContext;
  readonly config: RiskConfig;
  readonly eventTimeMs: number;
  readonly venueCategory: VenueCategory;
}

/** A factor's raw reading before weighting. */
export interface FactorReading {
  readonly input: number | string | boolean | null;
  /** In [0, 1]. */
  readonly signal: number;
  readonly flag?: RegulatoryFlag;
}

/**
 * A risk factor. `read` is the hot path and stays numeric; `describe` formats the analyst's sentence
 * only when someone reads it (number formatting costs more than all the scoring arithmetic).
 */
export interface Factor {
  readonly name: FactorName;
  read(input: FactorInput): FactorReading;
  describe(input: FactorInput, reading: FactorReading): string;
}

export const clamp01 = (x: number): number => (x <= 0 || Number.isNaN(x) ? 0 : x >= 1 ? 1 : x);
