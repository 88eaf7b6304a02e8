import type { S3Client } from '@aws-sdk/client-s3';
import { alertObjectKey, curatedObjectKey, isSurvError, quarantineObjectKey, rawObjectKey } from '@surv/domain';
import type { ObjectInfo } from '@surv/pipeline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AwsAdapterError, S3ObjectStore } from '@surv/aws';
import { s3Client, startS3rver } from '../../../../tools/testing/aws-local-servers';

const BUCKET = 'surv-lake';
const KMS_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

interface SentRequest { command: string; headers: Record<string, string>; key?: string }

/** Records the headers of every request the client sends (s3rver ignores SSE, so assert what goes out). */
const captureRequests = (client: S3Client, sent: SentRequest[]) => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers: Record<string, string> };
      sent.push({ command: context.commandName as string, headers: { ...request.headers }, key: (args.input as { Key?: string }).Key });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'captureRequests' },
  );
};

/** Makes every write to one of `keys` fail before it leaves the client, as a denied or failing PUT would. */
const failWritesTo = (client: S3Client, keys: Set<string>) => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: string }).Key;
      if (context.commandName === 'PutObjectCommand' && key !== undefined && keys.has(key)) {
        throw Object.assign(new Error(`We encountered an internal error (injected for ${key})`), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
      }
      return next(args);
    },
    { step: 'initialize', name: 'failWrites' },
  );
};

const collect = async (it: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> => {
  const out: ObjectInfo[] = [];
  for await (const o of it) out.push(o);
  return out;
};

const span = (n: number) => ({ shardId: 'shardId-000000000001', firstSequence: String(1000 + n * 10), lastSequence: String(1009 + n * 10) });
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 2, 3, 0, 0);

describe('S3ObjectStore against s3rver', () => {
  let server: Awaited<ReturnType<typeof startS3rver>>;
  let client: S3Client;
  let sent: SentRequest[];

  beforeAll(async () => {
    server = await startS3rver([BUCKET]);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    client = s3Client(server.endpoint);
    sent = [];
    captureRequests(client, sent);
  });

  it('asks for SSE-KMS with the configured key and a bucket key on every put, and reads the bytes back', async () => {
    const store = new S3ObjectStore({ client, bucket: BUCKET, kmsKeyId: KMS_KEY });
    const key = rawObjectKey(T0, 'shardId-000000000000-49590338271490256608559692538361571095921575989136588898');
    await store.putObject(key, '{"event_id":"e1"}\n', { contentType: 'application/x-ndjson' });
    const put = sent.find((s) => s.command === 'PutObjectCommand');
    expect(put?.headers).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY,
      'x-amz-server-side-encryption-bucket-key-enabled': 'true',
      'content-type': 'application/x-ndjson',
    });
    expect(new TextDecoder().decode(await store.getObject(key))).toBe('{"event_id":"e1"}\n');
    expect(await store.getObject('raw/does/not/exist.jsonl')).toBeUndefined();
  });

  it('uploads bodies above the threshold as multipart, SSE-KMS on the upload, and reassembles them exactly', async () => {
    const store = new S3ObjectStore({ client, bucket: BUCKET, kmsKeyId: KMS_KEY });
    const body = new Uint8Array(12 * 1024 * 1024 + 123).map((_, i) => (i * 31 + (i >> 11)) & 0xff);
    const key = curatedObjectKey(T0, span(0));
    await store.putObject(key, body);
    const commands = sent.map((s) => s.command);
    expect(commands.filter((c) => c === 'UploadPartCommand')).toHaveLength(2);
    expect(commands).toContain('CompleteMultipartUploadCommand');
    expect(commands).not.toContain('PutObjectCommand');
    expect(sent.find((s) => s.command === 'CreateMultipartUploadCommand')?.headers).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY,
      'x-amz-server-side-encryption-bucket-key-enabled': 'true',
    });
    const back = await store.getObject(key);
    expect(back?.length).toBe(body.length);
    expect(Buffer.from(back as Uint8Array).equals(Buffer.from(body))).toBe(true);
  });

  it('lists every object under a prefix in key order across pages', async () => {
    const store = new S3ObjectStore({ client, bucket: BUCKET, listPageSize: 7 });
    const keys = Array.from({ length: 30 }, (_, n) => curatedObjectKey(T0 + (n % 3) * HOUR, span(n)));
    await store.putObjects(keys.map((key, n) => ({ key, body: 'x'.repeat(n + 1) })));
    await store.putObject(quarantineObjectKey('2024-01-02', 'other'), 'q');
    const listed = await collect(store.listObjects('curated/market_events/dt=2024-01-02/'));
    expect(listed.map((o) => o.key)).toEqual([...keys].sort());
    expect(listed.find((o) => o.key === keys[4])?.size).toBe(5);
    expect(sent.filter((s) => s.command === 'ListObjectsV2Command').length).toBe(Math.ceil(30 / 7));
    expect(await collect(store.listObjects('curated/market_events/dt=2024-01-02/hour=04/'))).toHaveLength(10);
  });

  it('overwrites instead of duplicating when an alert is archived twice under its deterministic key', async () => {
    const store = new S3ObjectStore({ client, bucket: BUCKET });
    const key = alertObjectKey({ alert_id: 'wash-trade-0123456789abcdef0123456789abcdef', window_end: '2024-01-02T03:05:00.000Z' });
    await store.putObject(key, '{"v":1}');
    await store.putObject(key, '{"v":2}');
    expect(await collect(store.listObjects('alerts/dt=2024-01-02/'))).toEqual([{ key, size: 7 }]);
    expect(new TextDecoder().decode(await store.getObject(key))).toBe('{"v":2}');
  });

  it('reports a write failure for only the affected keys and stores all the others', async () => {
    const store = new S3ObjectStore({ client, bucket: BUCKET, putConcurrency: 4 });
    const keys = Array.from({ length: 40 }, (_, n) => quarantineObjectKey('2024-02-03', `batch-${String(n).padStart(3, '0')}`));
    const broken = new Set([keys[3] as string, keys[17] as string, keys[39] as string]);
    failWritesTo(client, broken);
    const error = await store.putObjects(keys.map((key) => ({ key, body: key }))).catch((e: unknown) => e);
    expect(isSurvError(error)).toBe(true);
    expect((error as AwsAdapterError).code).toBe('S3_PUT_FAILED');
    expect((error as AwsAdapterError).details.failedKeys?.map((f) => f.key)).toEqual([...broken].sort());
    expect((error as AwsAdapterError).details.failedKeys?.[0]?.errorCode).toBe('InternalError');
    const listed = (await collect(store.listObjects('quarantine/dt=2024-02-03/'))).map((o) => o.key);
    expect(listed).toEqual(keys.filter((k) => !broken.has(k)));
    const single = await store.putObject(keys[3] as string, 'x').catch((e: unknown) => e);
    expect((single as AwsAdapterError).details.failedKeys).toEqual([expect.objectContaining({ key: keys[3] })]);
  });
});
