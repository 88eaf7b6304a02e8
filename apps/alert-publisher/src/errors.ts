import { SurvError } from '@surv/domain';

/** Codes of errors the alert-publisher Lambda raises itself (the stage's own errors come from `@surv/pipeline`). */
export type AlertPublisherErrorCode = 'ALERT_PUBLISHER_INVALID_ENV';

/** Typed error of the alert-publisher app. */
export class AlertPublisherError extends SurvError<AlertPublisherErrorCode> {}
