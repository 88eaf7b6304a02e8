import { SurvError } from '@surv/domain';

/** Codes of errors raised while building the surv CDK app. */
export type InfraErrorCode = 'INFRA_INVALID_OPTIONS' | 'INFRA_SOURCE_MISSING';

/** Typed error of `@surv/infra`; the underlying failure travels as `cause`. */
export class InfraError extends SurvError<InfraErrorCode> {}
