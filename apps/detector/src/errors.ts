import { SurvError } from '@surv/domain';

/** Codes of errors the detector Lambda raises itself (stage and SQL errors come from their packages). */
export type DetectorErrorCode = 'DETECTOR_INVALID_ENV' | 'DETECTOR_INVALID_STATE';

/** Typed error of the detector app. */
export class DetectorError extends SurvError<DetectorErrorCode> {}
