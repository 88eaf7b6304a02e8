/// <reference path="./untyped-modules.d.ts" />
// In-process AWS-compatible servers on 127.0.0.1 (random ports) for the integration tests of every
// package that talks to AWS. Nothing here reaches beyond loopback.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import kinesalite from 'kinesalite';
import S3rver from 's3rver';
import { awsClientConfig } from '@surv/aws';

/** Dummy credentials: the local servers accept any signature; never real keys. */
export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A server started for a test: where to reach it, and how to stop it. */
export interface LocalServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** A kinesalite server on a random 127.0.0.1 port. */
export const startKinesalite = async (): Promise<LocalServer> => {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
};

export const kinesisClient = (endpoint: string): KinesisClient =>
  new KinesisClient({ ...awsClientConfig({ service: 'kinesis', endpoint, region: 'us-east-1' }), credentials: TEST_CREDENTIALS });

/** Creates a stream and waits until it is ACTIVE. */
export const createActiveStream = async (client: KinesisClient, name: string, shards: number): Promise<void> => {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (let i = 0; i < 200; i++) {
    const s = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`stream ${name} never became ACTIVE`);
};

/** An s3rver on a random 127.0.0.1 port with the given buckets, storing in a temp folder. */
export const startS3rver = async (buckets: string[]): Promise<LocalServer> => {
  const directory = await mkdtemp(join(tmpdir(), 'surv-s3rver-'));
  const server = new S3rver({
    port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};

export const s3Client = (endpoint: string): S3Client =>
  new S3Client({ ...awsClientConfig({ service: 's3', endpoint, region: 'us-east-1' }), credentials: TEST_CREDENTIALS });
