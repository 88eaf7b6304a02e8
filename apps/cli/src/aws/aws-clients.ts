import { AthenaClient } from '@aws-sdk/client-athena';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, type AwsClientConfig, type AwsService } from '@surv/aws';
import { type AwsTarget } from '../aws-target';
import { CliError } from '../errors';
import { awsFailure } from './aws-failure';

type Env = Readonly<Record<string, string | undefined>>;

/** The SDK's HTTP handler waits forever for an endpoint that drops packets; a command should say so instead. */
const CONNECTION_TIMEOUT_MS = 5_000;

/** Keys from the injected environment when it has them, else the SDK's own chain (profiles, SSO, roles). */
const envCredentials = (env: Env) => {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env['AWS_SESSION_TOKEN'];
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};

const clientConfig = (service: AwsService, target: AwsTarget, env: Env): AwsClientConfig & { credentials?: ReturnType<typeof envCredentials> } => {
  const config = awsClientConfig({ service, region: target.region, env, ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}) });
  config.requestHandler.updateHttpClientConfig('connectionTimeout', CONNECTION_TIMEOUT_MS);
  const credentials = envCredentials(env);
  return credentials ? { ...config, credentials } : config;
};

/** Where a service's calls go: the endpoint URL, or the region when the SDK picks the AWS endpoint. */
export const placeOf = (service: AwsService, target: AwsTarget, env: Env): string =>
  awsClientConfig({ service, region: target.region, env, ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}) }).endpoint ?? target.region;

export const kinesisClient = (target: AwsTarget, env: Env) => new KinesisClient(clientConfig('kinesis', target, env));
export const s3Client = (target: AwsTarget, env: Env) => new S3Client(clientConfig('s3', target, env));
export const athenaClient = (target: AwsTarget, env: Env) => new AthenaClient(clientConfig('athena', target, env));

/**
 * Checks the stream exists and takes writes before anything is simulated or read, so a wrong name, a wrong
 * region or a dead endpoint fails in a second with a clear message, not after retries mid-run.
 */
export const checkStream = async (client: KinesisClient, stream: string, place: string, hint: string): Promise<void> => {
  let status: string | undefined;
  try {
    const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    status = summary.StreamDescriptionSummary?.StreamStatus;
  } catch (e) {
    throw awsFailure(e, { service: 'Kinesis', resource: `stream '${stream}'`, place, hint });
  }
  if (status !== 'ACTIVE' && status !== 'UPDATING') {
    throw new CliError('CLI_BACKEND_FAILED', `stream '${stream}' at ${place} is ${status ?? 'in an unknown state'}, not ACTIVE`, { detailCode: 'AWS_STREAM_NOT_ACTIVE' });
  }
};

/** Checks the lake bucket exists and is ours to use, for the same reason as `checkStream`. */
export const checkBucket = async (client: S3Client, bucket: string, place: string, hint: string): Promise<void> => {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (e) {
    throw awsFailure(e, { service: 'S3', resource: `bucket '${bucket}'`, place, hint });
  }
};
