import { SurvError } from '@surv/domain';

/** Codes of errors the enricher Lambda raises itself (the stage's own errors come from `@surv/pipeline`). */
export type EnricherErrorCode = 'ENRICHER_INVALID_ENV' | 'ENRICHER_RECORD_NOT_WRITTEN';

/** Typed error of the enricher app. */
export class EnricherError extends SurvError<EnricherErrorCode> {}
