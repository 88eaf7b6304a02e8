import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import { AwsAdapterError, awsClientConfig } from '@surv/aws';

describe('awsClientConfig', () => {
  it('prefers the explicit endpoint, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4567' };
    expect(awsClientConfig({ service: 'kinesis', env }).endpoint).toBe('http://127.0.0.1:4567');
    expect(awsClientConfig({ service: 'sns', env }).endpoint).toBe('http://127.0.0.1:4566');
    expect(awsClientConfig({ service: 'kinesis', env, endpoint: 'http://127.0.0.1:9' }).endpoint).toBe('http://127.0.0.1:9');
    for (const [service, variable] of [['s3', 'AWS_ENDPOINT_URL_S3'], ['athena', 'AWS_ENDPOINT_URL_ATHENA'], ['glue', 'AWS_ENDPOINT_URL_GLUE'], ['firehose', 'AWS_ENDPOINT_URL_FIREHOSE'], ['sns', 'AWS_ENDPOINT_URL_SNS']] as const) {
      expect(awsClientConfig({ service, env: { [variable]: 'http://127.0.0.1:1234' } }).endpoint).toBe('http://127.0.0.1:1234');
    }
  });

  it('talks to real AWS (no endpoint, no path style) when nothing is set, in the env region or us-east-1', () => {
    const c = awsClientConfig({ service: 's3', env: { AWS_REGION: 'eu-west-2' } });
    expect(c).toMatchObject({ region: 'eu-west-2' });
    expect(c.endpoint).toBeUndefined();
    expect(c.forcePathStyle).toBeUndefined();
    expect(awsClientConfig({ service: 'sns' }).region).toBe('us-east-1');
    expect(awsClientConfig({ service: 'sns', env: { AWS_DEFAULT_REGION: 'ap-south-1' } }).region).toBe('ap-south-1');
    expect(awsClientConfig({ service: 'sns', region: 'us-west-2', env: { AWS_REGION: 'eu-west-2' } }).region).toBe('us-west-2');
  });

  it('uses path-style S3 on emulators and an HTTP/1.1 handler everywhere', () => {
    const s3 = awsClientConfig({ service: 's3', env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568' } });
    expect(s3.forcePathStyle).toBe(true);
    expect(s3.requestHandler).toBeInstanceOf(NodeHttpHandler);
    expect(awsClientConfig({ service: 'kinesis', env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4567' } }).forcePathStyle).toBeUndefined();
  });

  it('ignores blank variables and refuses malformed endpoints with a typed error', () => {
    expect(awsClientConfig({ service: 'athena', env: { AWS_ENDPOINT_URL_ATHENA: ' ', AWS_ENDPOINT_URL: 'https://athena.local' } }).endpoint).toBe('https://athena.local');
    expect(() => awsClientConfig({ service: 'glue', env: { AWS_ENDPOINT_URL_GLUE: 'not a url' } })).toThrow(/AWS_ENDPOINT_URL_GLUE/);
    expect(() => awsClientConfig({ service: 'glue', endpoint: 'ftp://x' })).toThrow(AwsAdapterError);
    expect(() => awsClientConfig({ service: 'dynamodb' as never })).toThrow(/unknown AWS service/);
    expect(() => awsClientConfig({ service: 's3', maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});
