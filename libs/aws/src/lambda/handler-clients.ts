import { S3Client } from '@aws-sdk/client-s3';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { awsClientConfig } from '../aws-client-config';
import { S3ObjectStore } from '../s3-object-store';

/** Wraps an AWS SDK client for X-Ray when there is a tracer (unit tests pass none). */
export type ClientTracing = <C extends object>(client: C) => C;

export const clientTracing = (tracer: Tracer | undefined): ClientTracing =>
  (client) => (tracer !== undefined ? tracer.captureAWSv3Client(client) : client);

/** The lake bucket of a function's environment as an object store, SSE-KMS with the data key when one is set. */
export const lakeObjectStore = (
  env: { readonly LAKE_BUCKET: string; readonly KMS_KEY_ID?: string | undefined },
  awsEnv: Readonly<Record<string, string | undefined>>,
  trace: ClientTracing,
): S3ObjectStore => new S3ObjectStore({
  client: trace(new S3Client(awsClientConfig({ service: 's3', env: awsEnv }))),
  bucket: env.LAKE_BUCKET,
  ...(env.KMS_KEY_ID !== undefined ? { kmsKeyId: env.KMS_KEY_ID } : {}),
});
