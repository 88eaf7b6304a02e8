import { SurvError } from '@surv/domain';

/** Stable codes of `AwsAdapterError`; the CLI maps every one of them to exit code 4. */
export type AwsAdapterErrorCode =
  | 'AWS_INVALID_OPTIONS'
  | 'KINESIS_RECORD_TOO_LARGE'
  | 'KINESIS_RECORD_INVALID'
  | 'KINESIS_PUT_INCOMPLETE'
  | 'KINESIS_POLL_FAILED'
  | 'S3_PUT_FAILED'
  | 'S3_GET_FAILED'
  | 'S3_LIST_FAILED'
  | 'ATHENA_QUERY_FAILED'
  | 'ATHENA_QUERY_CANCELLED'
  | 'ATHENA_QUERY_TIMEOUT'
  | 'ATHENA_NAMED_QUERY_NOT_FOUND'
  | 'ATHENA_CALL_FAILED'
  | 'SNS_PUBLISH_INCOMPLETE'
  | 'SNS_ALERT_TOO_LARGE'
  | 'LAMBDA_EVENT_INVALID';

/** A record the Kinesis producer could not write, with the last error the service reported for it. */
export interface FailedStreamRecord {
  /** Position of the record in the array given to `putRecords`. */
  readonly index: number;
  readonly partitionKey: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** An object key the S3 store could not write, with the reason. */
export interface FailedObjectKey {
  readonly key: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** An alert SNS did not accept after every retry. */
export interface FailedAlert {
  readonly alertId: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Details some codes carry, so callers can act on exactly the items that failed. */
export interface AwsAdapterErrorDetails {
  readonly failedRecords?: readonly FailedStreamRecord[];
  readonly failedKeys?: readonly FailedObjectKey[];
  readonly failedAlerts?: readonly FailedAlert[];
  /** Athena query execution id, when a query was started. */
  readonly queryExecutionId?: string;
  /** Athena's StateChangeReason of a failed or cancelled query. */
  readonly stateChangeReason?: string;
}

/** The typed error of every `@surv/aws` adapter; the underlying SDK error, if any, is the `cause`. */
export class AwsAdapterError extends SurvError<AwsAdapterErrorCode> {
  readonly details: AwsAdapterErrorDetails;

  constructor(code: AwsAdapterErrorCode, message: string, options: { cause?: unknown; details?: AwsAdapterErrorDetails } = {}) {
    super(code, message, { cause: options.cause });
    this.details = options.details ?? {};
  }
}

/** The error name and message of anything thrown by the SDK, for error records. */
export const describeError = (e: unknown): { errorCode: string; errorMessage: string } => {
  if (e instanceof Error) return { errorCode: e.name, errorMessage: e.message };
  return { errorCode: 'Unknown', errorMessage: String(e) };
};
