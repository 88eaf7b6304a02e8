import { SurvError } from '@surv/domain';

/** Codes of errors raised by the pipeline stages. */
export type PipelineErrorCode =
  | 'PIPELINE_INVALID_OPTIONS'
  | 'PIPELINE_WRITE_FAILED'
  | 'PIPELINE_NOTIFY_FAILED'
  | 'PIPELINE_QUERY_FAILED'
  | 'PIPELINE_QUERY_MISSING'
  | 'PIPELINE_INVALID_ALERT';

/** Typed error of `@surv/pipeline`; the underlying failure travels as `cause`. */
export class PipelineError extends SurvError<PipelineErrorCode> {}
