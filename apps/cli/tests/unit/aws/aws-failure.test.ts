import { describe, expect, it } from 'vitest';
import { awsFailure } from '../../../src/aws/aws-failure';

const context = { service: 'Kinesis', resource: "stream 's'", place: 'http://127.0.0.1:9', hint: 'surv produce --help' };
const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe('awsFailure', () => {
  it('says an endpoint cannot be reached (refused, unknown host, timeout) and suggests probing it', () => {
    for (const e of [sdkError('Error', 'connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED' }), sdkError('Error', 'getaddrinfo ENOTFOUND x', { code: 'ENOTFOUND' }), sdkError('TimeoutError', 'timed out')]) {
      const f = awsFailure(e, context);
      expect(f).toMatchObject({ exitCode: 4, detailCode: 'AWS_UNREACHABLE', hint: 'curl -sS http://127.0.0.1:9' });
      expect(f.message).toBe(`cannot reach Kinesis at http://127.0.0.1:9: ${e.message}`);
    }
    expect(awsFailure(sdkError('Error', 'x', { code: 'ECONNREFUSED' }), { ...context, place: 'eu-west-1' }).hint).toBe('aws sts get-caller-identity --region eu-west-1');
  });

  it('tells refused credentials, denied access and missing resources apart', () => {
    expect(awsFailure(sdkError('UnrecognizedClientException', 'bad token'), context).detailCode).toBe('AWS_CREDENTIALS');
    expect(awsFailure(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), context).detailCode).toBe('AWS_CREDENTIALS');
    expect(awsFailure(sdkError('AccessDeniedException', 'no'), context).detailCode).toBe('AWS_ACCESS_DENIED');
    const missing = awsFailure(sdkError('ResourceNotFoundException', 'Stream s not found'), context);
    expect(missing).toMatchObject({ detailCode: 'AWS_NOT_FOUND', message: "stream 's' not found (Kinesis at http://127.0.0.1:9)", hint: 'surv produce --help' });
    expect(awsFailure(sdkError('Unknown', '', { $metadata: { httpStatusCode: 404 } }), context).detailCode).toBe('AWS_NOT_FOUND');
  });

  it('keeps any other failure as a backend failure with the service error name', () => {
    const f = awsFailure(sdkError('InternalFailure', 'oops'), context);
    expect(f).toMatchObject({ exitCode: 4, detailCode: 'AWS_CALL_FAILED', message: "Kinesis at http://127.0.0.1:9 failed on stream 's' (InternalFailure): oops" });
  });
});
