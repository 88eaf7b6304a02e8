import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { isSurvError } from '@surv/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnricherHandler } from '../src/create-handler';
import { parseEnv } from '../src/env';
import { kinesisEvent, marketEventLines } from './fixtures/kinesis-event';

const s3 = mockClient(S3Client);
const logger = new Logger({ serviceName: 'enricher', logLevel: 'SILENT' });
const metrics = new Metrics({ serviceName: 'enricher', namespace: 'surv-test' });
const env = parseEnv({ LAKE_BUCKET: 'surv-lake-test', KMS_KEY_ID: 'alias/surv' });
const make = () => createEnricherHandler({ env, awsEnv: { AWS_REGION: 'us-east-1' }, logger, metrics });

const puts = (): PutObjectCommandInput[] => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
const readParquet = async (body: unknown) => {
  const bytes = body as Uint8Array;
  return parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
};

describe('enricher handler', () => {
  beforeEach(() => {
    s3.reset();
    metrics.clearMetrics();
  });
  afterEach(() => s3.reset());

  it('writes valid events as SSE-KMS Parquet per hour partition and reports no failures', async () => {
    s3.on(PutObjectCommand).resolves({});
    const lines = marketEventLines();
    const res = await make()(kinesisEvent(lines.map((data, i) => ({ data, sequenceNumber: String(100 + i) }))));
    expect(res).toEqual({ batchItemFailures: [] });
    const written = puts();
    expect(written.map((p) => p.Key).sort()).toEqual([
      'curated/market_events/dt=2026-11-25/hour=06/shardId-000000000000-100-101.parquet',
      'curated/market_events/dt=2026-11-25/hour=07/shardId-000000000000-102-102.parquet',
    ]);
    for (const p of written) {
      expect(p).toMatchObject({ Bucket: 'surv-lake-test', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/surv' });
    }
    const rows = await readParquet(written.find((p) => p.Key!.includes('hour=06'))!.Body);
    expect(rows.map((r) => r['event_id'])).toEqual(['e-1', 'e-2']);
  });

  it('quarantines bad records with their reason and never reports them as failures', async () => {
    s3.on(PutObjectCommand).resolves({});
    const [good] = marketEventLines();
    const res = await make()(kinesisEvent([
      { data: good!, sequenceNumber: '1' },
      { data: '{not json', sequenceNumber: '2' },
      { data: new Uint8Array([0xff, 0xfe, 0x00]), sequenceNumber: '3' },
      { data: JSON.stringify({ ...JSON.parse(good!), event_id: 'e-9', price: -1 }), sequenceNumber: '4' },
    ]));
    expect(res.batchItemFailures).toEqual([]);
    const q = puts().filter((p) => p.Key!.startsWith('quarantine/'));
    expect(q.map((p) => p.Key)).toEqual(['quarantine/dt=2026-11-25/shardId-000000000000-2-4.jsonl']);
    const entries = String(q[0]!.Body instanceof Uint8Array ? Buffer.from(q[0]!.Body) : q[0]!.Body).trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.code, e.source])).toEqual([
      ['INVALID_JSON', 'shardId-000000000000/2'],
      ['INVALID_UTF8', 'shardId-000000000000/3'], // bytes that are not UTF-8, named as such
      ['SCHEMA_VIOLATION', 'shardId-000000000000/4'],
    ]);
    expect(entries[0].raw).toBe('{not json');
  });

  it('reports exactly the records of an object whose write failed', async () => {
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      if (input.Key!.includes('hour=07')) throw Object.assign(new Error('slow down'), { name: 'SlowDown', $fault: 'server' });
      return {};
    });
    const lines = marketEventLines();
    const res = await make()(kinesisEvent([
      ...lines.map((data, i) => ({ data, sequenceNumber: String(10 + i) })),
      { data: 'garbage', sequenceNumber: '13' },
    ]));
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: '12' }]);
  });

  it('reports every record when nothing could be written, so Lambda retries the whole batch', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const lines = marketEventLines();
    const res = await make()(kinesisEvent(lines.map((data, i) => ({ data, sequenceNumber: String(i + 1) }))));
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['1', '2', '3']);
  });

  it('drops events redelivered to the same container instead of writing them twice', async () => {
    s3.on(PutObjectCommand).resolves({});
    const enrich = make();
    const [first] = marketEventLines();
    await enrich(kinesisEvent([{ data: first!, sequenceNumber: '1' }]));
    const again = await enrich(kinesisEvent([{ data: first!, sequenceNumber: '1' }, { data: first!, sequenceNumber: '2' }]));
    expect(again.batchItemFailures).toEqual([]);
    expect(puts()).toHaveLength(1);
  });

  it('rejects an event that is not a Kinesis batch with a typed error', async () => {
    const err = await make()({ Records: [{ eventSource: 'aws:sqs' }] }).catch((e: unknown) => e);
    expect(isSurvError(err) && err.code).toBe('LAMBDA_EVENT_INVALID');
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('enricher environment', () => {
  it('names the missing variable', () => {
    expect(() => parseEnv({})).toThrow(/LAKE_BUCKET/);
  });
  it('coerces and defaults numbers', () => {
    expect(parseEnv({ LAKE_BUCKET: 'b', RECENT_IDS_CAPACITY: '42' }).RECENT_IDS_CAPACITY).toBe(42);
    expect(parseEnv({ LAKE_BUCKET: 'b' }).RECENT_IDS_CAPACITY).toBe(1_000_000);
  });
});
