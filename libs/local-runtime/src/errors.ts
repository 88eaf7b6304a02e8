import { SurvError } from '@surv/domain';

/** Codes of errors raised by the local runtime adapters. */
export type LocalRuntimeErrorCode =
  | 'LOCAL_INVALID_OPTIONS'
  | 'LOCAL_UNKNOWN_SHARD'
  | 'LOCAL_INVALID_KEY'
  | 'LOCAL_IO_FAILED'
  | 'LOCAL_QUERY_FAILED'
  | 'LOCAL_NOTIFY_FAILED'
  | 'LOCAL_ABORTED'
  | 'LOCAL_DETECTION_FAILED';

/** Typed error of `@surv/local-runtime`; the underlying failure travels as `cause`. */
export class LocalRuntimeError extends SurvError<LocalRuntimeErrorCode> {}
