import { SurvError } from '@surv/domain';

/** Codes of errors the report-generator Lambda raises itself (query failures come from `@surv/pipeline`). */
export type ReportGeneratorErrorCode = 'REPORT_GENERATOR_INVALID_ENV' | 'REPORT_GENERATOR_INVALID_EVENT';

/** Typed error of the report-generator app. */
export class ReportGeneratorError extends SurvError<ReportGeneratorErrorCode> {}
