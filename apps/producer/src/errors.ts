import { SurvError } from '@surv/domain';

/** Codes of errors the producer Lambda raises itself (stream write failures come from `@surv/aws`). */
export type ProducerErrorCode = 'PRODUCER_INVALID_ENV' | 'PRODUCER_INVALID_EVENT' | 'PRODUCER_INVALID_OPTIONS';

/** Typed error of the producer app. */
export class ProducerError extends SurvError<ProducerErrorCode> {}
