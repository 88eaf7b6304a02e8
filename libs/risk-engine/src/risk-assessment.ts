import type { VenueCategory } from '@surv/domain';

export const REGULATORY_FLAGS = ['LARGE_NOTIONAL', 'OFF_HOURS', 'DARK_VENUE', 'SELF_MATCH', 'REPEAT_OFFENDER', 'UNKNOWN_VENUE'] as const;
export type RegulatoryFlag = (typeof REGULATORY_FLAGS)[number];

export type FactorName = 'notional' | 'venue' | 'offHours' | 'selfMatch' | 'history';

/** One line of the explanation: what went in, how much it weighs, what it added. */
export interface FactorContribution {
  readonly name: FactorName;
  /** The factor's input value (a ratio, a category, a yes/no, a count); `null` when unknown. */
  readonly input: number | string | boolean | null;
  /** Strength of the signal in [0, 1]. */
  readonly signal: number;
  /** Normalised weight: weights scaled so they sum to 100. */
  readonly weight: number;
  /** `weight * signal`; the contributions sum to the score. */
  readonly contribution: number;
  /** A sentence a compliance analyst can read. */
  readonly detail: string;
}

/** What a risk score says, without the explanation. */
export interface RiskSummary {
  /** In [0, 100]: the sum of the factor contributions. */
  readonly score: number;
  readonly venueCategory: VenueCategory;
  readonly flags: readonly RegulatoryFlag[];
}

export interface RiskAssessment extends RiskSummary {
  readonly factors: readonly FactorContribution[];
}

/** What the caller knows beyond the event itself; every field is optional. */
export interface ScoringContext {
  /** The symbol's typical notional (price × quantity) per event, e.g. a 20-day median. */
  readonly typicalNotional?: number;
  /** Alerts previously raised on this account (or its beneficial owner). */
  readonly priorAlerts?: number;
  /** Event time in epoch ms when the caller already parsed it (saves re-parsing `event_time`). */
  readonly eventTimeMs?: number;
}

