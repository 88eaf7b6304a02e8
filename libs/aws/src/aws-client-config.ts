import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AwsAdapterError } from './errors';

/** The services surv talks to; each has its own `AWS_ENDPOINT_URL_<SERVICE>` override. */
export const AWS_SERVICES = ['kinesis', 's3', 'sns', 'sqs', 'athena', 'glue', 'firehose'] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

export interface AwsClientConfigOptions {
  readonly service: AwsService;
  /** Region; falls back to `AWS_REGION`, then `AWS_DEFAULT_REGION`. @default 'us-east-1' */
  readonly region?: string;
  /** Explicit endpoint; wins over every environment variable. @default from env, else the AWS endpoint */
  readonly endpoint?: string;
  /** The environment, passed in by the app (libs never read `process.env`). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Retries the SDK itself makes per call, first attempt included. @default the SDK's default (3) */
  readonly maxAttempts?: number;
}

/** Config object for any AWS SDK v3 client constructor. */
export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  requestHandler: NodeHttpHandler;
  maxAttempts?: number;
}

const ENV_SUFFIX: Record<AwsService, string> = {
  kinesis: 'KINESIS', s3: 'S3', sns: 'SNS', sqs: 'SQS', athena: 'ATHENA', glue: 'GLUE', firehose: 'FIREHOSE',
};

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

const checkUrl = (url: string, source: string): string => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new AwsAdapterError('AWS_INVALID_OPTIONS', `${source} '${url}' is not a URL`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AwsAdapterError('AWS_INVALID_OPTIONS', `${source} '${url}' must be an http(s) URL`);
  }
  return url;
};

/**
 * Client config honouring the endpoint variables the AWS SDKs and CLI document: `AWS_ENDPOINT_URL_<SERVICE>`
 * first, then `AWS_ENDPOINT_URL`. With a custom endpoint (an emulator), S3 uses path-style addressing.
 * Always HTTP/1.1 (`NodeHttpHandler`): the Kinesis client's default HTTP/2 handler fails on local servers.
 */
export const awsClientConfig = (options: AwsClientConfigOptions): AwsClientConfig => {
  if (!(AWS_SERVICES as readonly string[]).includes(options.service)) {
    throw new AwsAdapterError('AWS_INVALID_OPTIONS', `unknown AWS service '${String(options.service)}'`);
  }
  const env = options.env ?? {};
  const region = nonEmpty(options.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? 'us-east-1';
  const serviceVar = `AWS_ENDPOINT_URL_${ENV_SUFFIX[options.service]}`;
  const endpoint =
    options.endpoint !== undefined
      ? checkUrl(options.endpoint, 'endpoint')
      : nonEmpty(env[serviceVar]) !== undefined
        ? checkUrl(nonEmpty(env[serviceVar]) as string, serviceVar)
        : nonEmpty(env.AWS_ENDPOINT_URL) !== undefined
          ? checkUrl(nonEmpty(env.AWS_ENDPOINT_URL) as string, 'AWS_ENDPOINT_URL')
          : undefined;
  const config: AwsClientConfig = { region, requestHandler: new NodeHttpHandler() };
  if (endpoint !== undefined) config.endpoint = endpoint;
  if (endpoint !== undefined && options.service === 's3') config.forcePathStyle = true;
  if (options.maxAttempts !== undefined) {
    if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `maxAttempts must be an integer >= 1, got ${options.maxAttempts}`);
    }
    config.maxAttempts = options.maxAttempts;
  }
  return config;
};
