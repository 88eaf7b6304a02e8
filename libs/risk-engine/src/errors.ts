import { SurvError } from '@surv/domain';

export type RiskErrorCode = 'RISK_CONFIG_INVALID' | 'RISK_INPUT_INVALID';

/** Errors of `@surv/risk-engine`: a bad configuration or an input outside the event contract. */
export class RiskEngineError extends SurvError<RiskErrorCode> {}
