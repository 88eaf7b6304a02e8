import { z } from 'zod';
import { type VenueCategory } from '@surv/domain';
import { RiskEngineError } from './errors';

/** Relative weight of each factor; scores are normalised so the weights need not sum to 100. */
export interface RiskWeights {
  /** Notional against the symbol's typical notional. @default 30 */
  readonly notional: number;
  /** Venue category (dark, OTC, crypto carry more risk than lit). @default 15 */
  readonly venue: number;
  /** Trading outside the venue's regular session. @default 15 */
  readonly offHours: number;
  /** Same beneficial owner on both sides of a trade. @default 25 */
  readonly selfMatch: number;
  /** The account's history (prior alerts). @default 15 */
  readonly history: number;
}

export interface RiskConfig {
  readonly weights: RiskWeights;
  /** Notional/typical ratio at which the notional factor saturates and LARGE_NOTIONAL is raised. @default 10 */
  readonly largeNotionalRatio: number;
  /** Notional (in price currency) that is LARGE regardless of the symbol. @default 10_000_000 */
  readonly largeNotionalAbsolute: number;
  /** Typical notional assumed when the context gives none for the symbol. @default 100_000 */
  readonly defaultTypicalNotional: number;
  /** Signal in [0, 1] per venue category. @default lit 0, futures 0.2, OTC 0.5, dark 0.6, crypto 0.7, unknown 0.8 */
  readonly venueSignal: Readonly<Record<VenueCategory, number>>;
  /** Prior alerts at which the history factor reaches ~63% (1 - 1/e). @default 3 */
  readonly historyScale: number;
  /** Prior alerts at which REPEAT_OFFENDER is raised. @default 3 */
  readonly repeatOffenderAlerts: number;
}

const unit = z.number().min(0).max(1);
const RiskConfigSchema = z.object({
  weights: z
    .object({ notional: z.number().min(0), venue: z.number().min(0), offHours: z.number().min(0), selfMatch: z.number().min(0), history: z.number().min(0) })
    .refine((w) => Object.values(w).reduce((a, b) => a + b, 0) > 0, 'at least one weight must be positive'),
  largeNotionalRatio: z.number().gt(1),
  largeNotionalAbsolute: z.number().positive(),
  defaultTypicalNotional: z.number().positive(),
  venueSignal: z.object({ LIT_EXCHANGE: unit, DARK_POOL: unit, OTC: unit, CRYPTO: unit, FUTURES: unit, UNKNOWN: unit }),
  historyScale: z.number().positive(),
  repeatOffenderAlerts: z.number().int().positive(),
});

/** The documented defaults. */
export const DEFAULT_RISK_CONFIG: RiskConfig = {
  weights: { notional: 30, venue: 15, offHours: 15, selfMatch: 25, history: 15 },
  largeNotionalRatio: 10,
  largeNotionalAbsolute: 10_000_000,
  defaultTypicalNotional: 100_000,
  venueSignal: { LIT_EXCHANGE: 0, FUTURES: 0.2, OTC: 0.5, DARK_POOL: 0.6, CRYPTO: 0.7, UNKNOWN: 0.8 },
  historyScale: 3,
  repeatOffenderAlerts: 3,
};

/** A partial config merged over the defaults (nested objects merge too). */
export type RiskConfigOverrides = Partial<Omit<RiskConfig, 'weights' | 'venueSignal'>> & {
  readonly weights?: Partial<RiskWeights>;
  readonly venueSignal?: Partial<Record<VenueCategory, number>>;
};

/** Merges overrides over the defaults and validates once; throws `RISK_CONFIG_INVALID` naming the field. */
export const resolveRiskConfig = (overrides: RiskConfigOverrides = {}): RiskConfig => {
  const merged = {
    ...DEFAULT_RISK_CONFIG,
    ...overrides,
    weights: { ...DEFAULT_RISK_CONFIG.weights, ...overrides.weights },
    venueSignal: { ...DEFAULT_RISK_CONFIG.venueSignal, ...overrides.venueSignal },
  };
  const parsed = RiskConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RiskEngineError('RISK_CONFIG_INVALID', `risk config ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
};
