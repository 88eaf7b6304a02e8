import { CliError } from '../errors';

/** Node's errors for a host that cannot be reached (refused, unknown, unroutable, silent). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const CREDENTIAL_NAMES = new Set([
  'CredentialsProviderError', 'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException',
  'SignatureDoesNotMatch', 'ExpiredTokenException', 'ExpiredToken', 'InvalidAccessKeyId',
]);
const DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'Forbidden']);
const NOT_FOUND_NAMES = new Set(['ResourceNotFoundException', 'NotFound', 'NoSuchBucket']);

/** What was being done when an AWS call failed, for the message. */
export interface AwsCallContext {
  /** `Kinesis`, `S3`, `Athena`. */
  readonly service: string;
  /** What the call was about, e.g. `stream 'surv-market'`. */
  readonly resource: string;
  /** The endpoint URL, or `us-east-1` when the SDK picks the AWS endpoint itself. */
  readonly place: string;
  /** The command to suggest for a missing resource. */
  readonly hint: string;
}

const describe = (e: unknown): { name: string; code: string | undefined; message: string; status: number | undefined } => {
  const err = (e ?? {}) as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  return {
    name: typeof err.name === 'string' ? err.name : 'Error',
    code: typeof err.code === 'string' ? err.code : undefined,
    message: typeof err.message === 'string' && err.message !== '' ? err.message : String(e),
    status: err.$metadata?.httpStatusCode,
  };
};

/**
 * A failed AWS SDK call as an error a user can act on (exit 4), instead of the SDK's stack: an endpoint that
 * cannot be reached, credentials that are missing or refused, a resource that does not exist.
 */
export const awsFailure = (e: unknown, context: AwsCallContext): CliError => {
  if (e instanceof CliError) return e;
  const { name, code, message, status } = describe(e);
  const at = `${context.service} at ${context.place}`;
  if ((code !== undefined && NETWORK_CODES.has(code)) || name === 'TimeoutError') {
    return new CliError('CLI_BACKEND_FAILED', `cannot reach ${at}: ${message}`, {
      detailCode: 'AWS_UNREACHABLE', cause: e, hint: context.place.includes('://') ? `curl -sS ${context.place}` : `aws sts get-caller-identity --region ${context.place}`,
    });
  }
  if (CREDENTIAL_NAMES.has(name)) {
    return new CliError('CLI_BACKEND_FAILED', `${at} did not accept the credentials (${name}): ${message}`, {
      detailCode: 'AWS_CREDENTIALS', cause: e, hint: 'aws sts get-caller-identity',
    });
  }
  if (DENIED_NAMES.has(name) || status === 403) {
    return new CliError('CLI_BACKEND_FAILED', `${at} denied access to ${context.resource} (${name}): ${message}`, {
      detailCode: 'AWS_ACCESS_DENIED', cause: e, hint: 'aws sts get-caller-identity',
    });
  }
  if (NOT_FOUND_NAMES.has(name) || status === 404) {
    return new CliError('CLI_BACKEND_FAILED', `${context.resource} not found (${at})`, { detailCode: 'AWS_NOT_FOUND', cause: e, hint: context.hint });
  }
  return new CliError('CLI_BACKEND_FAILED', `${at} failed on ${context.resource} (${name}): ${message}`, { detailCode: 'AWS_CALL_FAILED', cause: e });
};
