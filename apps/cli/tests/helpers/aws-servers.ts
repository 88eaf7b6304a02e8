import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import kinesalite from 'kinesalite';
import S3rver from 's3rver';
import { awsClientConfig } from '@surv/aws';

// In-process AWS-compatible servers on 127.0.0.1 (random ports), as in libs/aws/tests/helpers/local-servers.ts,
// plus the read-back helpers the CLI tests need. Nothing here reaches beyond loopback.

/** The environment every `--target aws` test runs the CLI with: fake keys, a region, nothing else. */
export const TEST_ENV = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' } as const;
const credentials = { accessKeyId: TEST_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_ENV.AWS_SECRET_ACCESS_KEY };

export interface LocalServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

export const startKinesalite = async (): Promise<LocalServer> => {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))) };
};

export const startS3rver = async (buckets: string[]): Promise<LocalServer> => {
  const directory = await mkdtemp(join(tmpdir(), 'surv-cli-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};

/** A loopback URL where nothing listens (a port just bound and released). */
export const deadEndpoint = async (): Promise<string> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
};

export const kinesisClient = (endpoint: string) => new KinesisClient({ ...awsClientConfig({ service: 'kinesis', endpoint, region: 'us-east-1' }), credentials });
export const s3Client = (endpoint: string) => new S3Client({ ...awsClientConfig({ service: 's3', endpoint, region: 'us-east-1' }), credentials });

export const createActiveStream = async (client: KinesisClient, name: string, shards: number): Promise<void> => {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (let i = 0; i < 200; i++) {
    const s = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`stream ${name} never became ACTIVE`);
};

/** Every record on the stream, shard by shard from the start (GetRecords until a page comes back empty). */
export const readStream = async (client: KinesisClient, stream: string): Promise<{ shardId: string; partitionKey: string; data: string }[]> => {
  const out: { shardId: string; partitionKey: string; data: string }[] = [];
  const shards = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  for (const shard of shards) {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      const records = page.Records ?? [];
      for (const r of records) out.push({ shardId: shard.ShardId!, partitionKey: r.PartitionKey!, data: Buffer.from(r.Data!).toString('utf8') });
      if (records.length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return out;
};

/** The text of every object under a prefix (one page: the tests write a handful). */
export const readObjects = async (client: S3Client, bucket: string, prefix: string): Promise<{ key: string; body: string }[]> => {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const out: { key: string; body: string }[] = [];
  for (const o of page.Contents ?? []) {
    const body = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }))).Body!.transformToString();
    out.push({ key: o.Key!, body });
  }
  return out;
};
