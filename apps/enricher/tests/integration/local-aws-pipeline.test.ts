import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createAlertPublisherHandler } from '@surv/alert-publisher/create-handler';
import { parseEnv as parseAlertPublisherEnv } from '@surv/alert-publisher/env';
import { awsClientConfig, pollShards } from '@surv/aws';
import { createDetectorHandler } from '@surv/detector/create-handler';
import { parseEnv as parseDetectorEnv } from '@surv/detector/env';
import { AlertSchema, parseMarketEvent, type Alert } from '@surv/domain';
import type { ConsumedRecord } from '@surv/pipeline';
import { createProducerHandler } from '@surv/producer/create-handler';
import { parseEnv as parseProducerEnv } from '@surv/producer/env';
import { parquetReadObjects } from 'hyparquet';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActiveStream, startKinesalite, startS3rver, type LocalServer } from '../../../../tools/testing/aws-local-servers';
import { createEnricherHandler } from '../../src/create-handler';
import { parseEnv } from '../../src/env';

// The real handlers with real SDK clients against kinesalite, s3rver and fauxqs, all in-process on 127.0.0.1
// (random ports). pollShards plays the Lambda event source mapping: GetShardIterator/GetRecords per shard,
// batches, checkpoints, redelivery from the first failed record.
//   1. producer -> market stream -> enricher -> curated/ + quarantine/
//   2. producer -> market stream -> detector (tumbling window, state per shard) -> alerts stream
//      -> alert publisher -> SNS (delivered to an SQS subscription) + alerts/
const MARKET_CURATED = 'surv-market';
const LAKE = 'surv-lake';
const MARKET = 'surv-market-detect';
const ALERTS = 'surv-alerts';
const BUCKET = 'surv-lake-alerts';
const logger = new Logger({ serviceName: 'integration', logLevel: 'SILENT' });
const metrics = new Metrics({ serviceName: 'integration', namespace: 'surv-test' });

let kinesisServer: LocalServer;
let s3rver: LocalServer;
let fauxqs: FauxqsServer;
let awsEnv: Record<string, string>;
let kinesis: KinesisClient;
let s3: S3Client;
let topicArn: string;

const toLambdaRecord = (stream: string) => (r: ConsumedRecord) => ({
  kinesis: {
    kinesisSchemaVersion: '1.0', partitionKey: r.partitionKey, sequenceNumber: r.sequenceNumber,
    data: Buffer.from(r.data).toString('base64'), approximateArrivalTimestamp: r.arrivalTime / 1000,
  },
  eventSource: 'aws:kinesis', eventVersion: '1.0', eventID: `${r.shardId}:${r.sequenceNumber}`, eventName: 'aws:kinesis:record',
  invokeIdentityArn: 'arn:aws:iam::123456789012:role/surv', awsRegion: 'us-east-1',
  eventSourceARN: `arn:aws:kinesis:us-east-1:123456789012:stream/${stream}`,
});

const listKeys = async (prefix: string): Promise<string[]> => {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: LAKE, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
};
const getBytes = async (key: string): Promise<Uint8Array> =>
  (await s3.send(new GetObjectCommand({ Bucket: LAKE, Key: key }))).Body!.transformToByteArray();

beforeAll(async () => {
  kinesisServer = await startKinesalite();
  s3rver = await startS3rver([BUCKET, LAKE]);
  fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  awsEnv = {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_KINESIS: kinesisServer.endpoint,
    AWS_ENDPOINT_URL_S3: s3rver.endpoint,
    AWS_ENDPOINT_URL_SNS: `http://127.0.0.1:${fauxqs.port}`,
  };
  kinesis = new KinesisClient(awsClientConfig({ service: 'kinesis', env: awsEnv }));
  s3 = new S3Client(awsClientConfig({ service: 's3', env: awsEnv }));
  await createActiveStream(kinesis, MARKET_CURATED, 2);
  await createActiveStream(kinesis, MARKET, 2);
  await createActiveStream(kinesis, ALERTS, 1);
  topicArn = fauxqs.createTopic('surv-alerts').topicArn;
  fauxqs.createQueue('surv-alerts-inbox');
  fauxqs.subscribe({ topic: 'surv-alerts', queue: 'surv-alerts-inbox', attributes: { RawMessageDelivery: 'true' } });
});

afterAll(async () => {
  kinesis?.destroy();
  s3?.destroy();
  await fauxqs?.stop();
  await s3rver?.close();
  await kinesisServer?.close();
});

describe('producer -> market stream -> enricher -> lake', () => {
  it('lands every produced event in curated/ exactly once and every poison record in quarantine/', async () => {
    const produce = createProducerHandler({
      env: parseProducerEnv({ MARKET_STREAM_NAME: MARKET_CURATED, EVENTS_PER_SECOND: '4', SYMBOLS: '6', BAD_RECORD_RATE: '0.03' }),
      awsEnv, logger, metrics,
    });
    const first = await produce({ time: '2026-11-25T07:01:05Z' });
    const second = await produce({ time: '2026-11-25T07:02:05Z' });
    // A retried scheduled invocation: the same interval again, so every record arrives twice.
    const retried = await produce({ time: '2026-11-25T07:02:40Z' });
    expect(retried).toEqual(second);
    expect(first.badRecords + second.badRecords).toBeGreaterThan(0);

    // One warm enricher container per shard, as Lambda runs one invocation per shard at a time. The
    // retried interval's copies arrive later on the same shard (same partition key) and must be dropped.
    // (Copies landing in a different, cold container are not caught: the dedupe set lives in memory.)
    const containers = new Map<string, ReturnType<typeof createEnricherHandler>>();
    const produced: ConsumedRecord[] = [];
    const summary = await pollShards({
      client: kinesis, streamName: MARKET_CURATED, batchSize: 50, idleDelayMs: 0,
      handler: async (records, { shardId }) => {
        produced.push(...records);
        if (!containers.has(shardId)) containers.set(shardId, createEnricherHandler({ env: parseEnv({ LAKE_BUCKET: LAKE }), awsEnv, logger, metrics }));
        return containers.get(shardId)!({ Records: records.map(toLambdaRecord(MARKET_CURATED)) });
      },
    });
    expect(containers.size).toBe(2);
    expect(summary.recordsDelivered).toBe(first.records + 2 * second.records);

    const expectedIds = new Set<string>();
    let poison = 0;
    for (const r of produced) {
      const parsed = parseMarketEvent(r.data, { nowMs: r.arrivalTime });
      if (parsed.ok) expectedIds.add(parsed.event.event_id);
      else poison += 1;
    }
    expect(expectedIds.size).toBe(first.records - first.badRecords + second.records - second.badRecords);

    const curated = await listKeys('curated/market_events/');
    expect(curated.length).toBeGreaterThan(0);
    const seen: string[] = [];
    for (const key of curated) {
      expect(key).toMatch(/^curated\/market_events\/dt=2026-11-25\/hour=07\/shardId-\d+-\d+-\d+\.parquet$/);
      const bytes = await getBytes(key);
      const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
      seen.push(...rows.map((row) => String(row['event_id'])));
    }
    const duplicates = seen.filter((id, i) => seen.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
    expect(new Set(seen)).toEqual(expectedIds);

    const quarantined: { code: string; raw: string }[] = [];
    for (const key of await listKeys('quarantine/')) {
      const text = Buffer.from(await getBytes(key)).toString('utf8');
      quarantined.push(...text.trim().split('\n').map((l) => JSON.parse(l) as { code: string; raw: string }));
    }
    // Each poison record is quarantined once per delivery (its object name follows the stream position).
    expect(quarantined).toHaveLength(poison);
    expect(quarantined.every((q) => q.code.length > 0 && q.raw.length > 0)).toBe(true);
  });
});

describe('detector -> alerts stream -> alert publisher -> SNS + alerts/', () => {
  it('publishes each alert once to SNS and archives it once, even when the alerts stream is read twice', async () => {
    const produce = createProducerHandler({
      env: parseProducerEnv({ MARKET_STREAM_NAME: MARKET, EVENTS_PER_SECOND: '3', SYMBOLS: '8', BAD_RECORD_RATE: '0.01' }),
      awsEnv, logger, metrics,
    });
    await produce({ time: '2026-11-25T07:01:05Z' });

    // The event source mapping's tumbling window: state per shard between invocations, then a final one.
    const detect = createDetectorHandler({ env: parseDetectorEnv({ ALERT_STREAM_NAME: ALERTS }), awsEnv, logger, metrics });
    const window = { start: '2026-11-25T07:00:00Z', end: '2026-11-25T07:05:00Z' };
    const states = new Map<string, Record<string, unknown>>();
    const invoke = async (shardId: string, records: readonly ConsumedRecord[], final: boolean) => {
      const res = await detect({
        Records: records.map(toLambdaRecord(MARKET)), window, state: states.get(shardId) ?? {}, shardId,
        eventSourceARN: `arn:aws:kinesis:us-east-1:123456789012:stream/${MARKET}`, isFinalInvokeForWindow: final, isWindowTerminatedEarly: false,
      });
      states.set(shardId, res.state);
      return res;
    };
    await pollShards({ client: kinesis, streamName: MARKET, batchSize: 100, idleDelayMs: 0, handler: (records, { shardId }) => invoke(shardId, records, false) });
    expect(states.size).toBeGreaterThan(0);
    for (const shardId of [...states.keys()]) await invoke(shardId, [], true);

    // Read the alerts stream twice: the second pass is a redelivery to a cold publisher container.
    const onStream: Alert[] = [];
    for (const pass of [1, 2]) {
      const publish = createAlertPublisherHandler({
        env: parseAlertPublisherEnv({ LAKE_BUCKET: BUCKET, ALERT_TOPIC_ARN: topicArn }), awsEnv, logger, metrics,
      });
      await pollShards({
        client: kinesis, streamName: ALERTS, batchSize: 10, idleDelayMs: 0,
        handler: (records) => {
          if (pass === 1) onStream.push(...records.map((r) => AlertSchema.parse(JSON.parse(Buffer.from(r.data).toString()))));
          return publish({ Records: records.map(toLambdaRecord(ALERTS)) });
        },
      });
    }
    const ids = new Set(onStream.map((a) => a.alert_id));
    expect(ids.size).toBeGreaterThan(0);
    expect(onStream.some((a) => a.rule === 'WASH_TRADE')).toBe(true);

    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'alerts/' }))).Contents!.map((o) => o.Key!);
    expect(keys.sort()).toEqual(onStream.filter((a, i) => onStream.findIndex((b) => b.alert_id === a.alert_id) === i)
      .map((a) => `alerts/dt=${a.window_end.slice(0, 10)}/${a.alert_id}.json`).sort());
    const archived = AlertSchema.parse(JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: keys[0]! }))).Body!.transformToString()));
    expect(ids.has(archived.alert_id)).toBe(true);

    const inbox = fauxqs.inspectQueue('surv-alerts-inbox')!;
    const delivered = inbox.messages.ready.map((m) => AlertSchema.parse(JSON.parse(m.body)).alert_id);
    expect(delivered.sort()).toEqual([...ids].sort());
  });
});
