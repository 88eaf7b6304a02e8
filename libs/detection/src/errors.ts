import { SurvError } from '@surv/domain';

export type DetectionErrorCode = 'DETECTION_APP_NOT_FOUND' | 'DETECTION_APP_INVALID' | 'DETECTION_ROW_INVALID';

/** Errors of `@surv/detection`: the packaged application is missing or malformed, or an output row is not an alert. */
export class DetectionError extends SurvError<DetectionErrorCode> {}
