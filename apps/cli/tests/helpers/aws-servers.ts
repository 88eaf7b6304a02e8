import { createServer, type AddressInfo } from 'node:net';
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { TEST_CREDENTIALS } from '../../../../tools/testing/aws-local-servers';

// The shared local servers (tools/testing), plus the read-back helpers the CLI tests need.
export {
  createActiveStream, kinesisClient, s3Client, startKinesalite, startS3rver, type LocalServer,
} from '../../../../tools/testing/aws-local-servers';

/** The environment every `--target aws` test runs the CLI with: fake keys, a region, nothing else. */
export const TEST_ENV = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' } as const;

/** A loopback URL where nothing listens (a port just bound and released). */
export const deadEndpoint = async (): Promise<string> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
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
