import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput } from '@aws-sdk/client-sns';
import { isSurvError } from '@surv/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAlertPublisherHandler } from '../src/create-handler';
import { parseEnv } from '../src/env';
import { makeAlert } from './fixtures/alerts';
import { kinesisEvent } from '../../../tools/testing/kinesis-event';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const logger = new Logger({ serviceName: 'alert-publisher', logLevel: 'SILENT' });
const metrics = new Metrics({ serviceName: 'alert-publisher', namespace: 'surv-test' });
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:surv-alerts';
const env = parseEnv({ LAKE_BUCKET: 'surv-lake-test', KMS_KEY_ID: 'alias/surv', ALERT_TOPIC_ARN: TOPIC });
const make = () => createAlertPublisherHandler({ env, awsEnv: { AWS_REGION: 'us-east-1' }, logger, metrics });

const snsOk = () =>
  sns.on(PublishBatchCommand).callsFake((input: PublishBatchCommandInput) => ({
    Successful: input.PublishBatchRequestEntries!.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })), Failed: [],
  }));
const published = () => sns.commandCalls(PublishBatchCommand).flatMap((c) => c.args[0].input.PublishBatchRequestEntries!.map((e) => JSON.parse(e.Message!)));
const archived = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);

describe('alert-publisher handler', () => {
  beforeEach(() => {
    s3.reset();
    sns.reset();
    metrics.clearMetrics();
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no such key', $metadata: { httpStatusCode: 404 } }));
    s3.on(PutObjectCommand).resolves({});
  });

  it('publishes each new alert to SNS once and archives it under alerts/', async () => {
    snsOk();
    const a = makeAlert('AAPL', 'BO1');
    const b = makeAlert('MSFT', 'BO2');
    const res = await make()(kinesisEvent([
      { data: JSON.stringify(a), sequenceNumber: '1' },
      { data: JSON.stringify(b), sequenceNumber: '2' },
      { data: JSON.stringify(a), sequenceNumber: '3' },
    ]));
    expect(res).toEqual({ batchItemFailures: [] });
    expect(published().map((x) => x.alert_id).sort()).toEqual([a.alert_id, b.alert_id].sort());
    expect(sns.commandCalls(PublishBatchCommand)[0]!.args[0].input.TopicArn).toBe(TOPIC);
    expect(archived().sort()).toEqual([`alerts/dt=2026-11-25/${a.alert_id}.json`, `alerts/dt=2026-11-25/${b.alert_id}.json`].sort());
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/surv' });
  });

  it('does not notify again for an alert already in the archive (redelivery to a cold container)', async () => {
    snsOk();
    const a = makeAlert('AAPL', 'BO1');
    s3.on(GetObjectCommand, { Key: `alerts/dt=2026-11-25/${a.alert_id}.json` }).resolves({
      Body: { transformToByteArray: async () => new TextEncoder().encode(JSON.stringify(a)) } as never,
    });
    await make()(kinesisEvent([{ data: JSON.stringify(a), sequenceNumber: '1' }]));
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
    expect(archived()).toEqual([]);
  });

  it('does not notify again for an alert seen earlier by the same container', async () => {
    snsOk();
    const publish = make();
    const a = makeAlert('AAPL', 'BO1');
    await publish(kinesisEvent([{ data: JSON.stringify(a), sequenceNumber: '1' }]));
    await publish(kinesisEvent([{ data: JSON.stringify(a), sequenceNumber: '1' }]));
    expect(published()).toHaveLength(1);
  });

  it('drops records that are not alerts without failing the batch', async () => {
    snsOk();
    const a = makeAlert('AAPL', 'BO1');
    const res = await make()(kinesisEvent([
      { data: 'not json', sequenceNumber: '1' },
      { data: JSON.stringify({ ...a, rule: 'FRONT_RUNNING' }), sequenceNumber: '2' },
      { data: JSON.stringify(a), sequenceNumber: '3' },
    ]));
    expect(res.batchItemFailures).toEqual([]);
    expect(published().map((x) => x.alert_id)).toEqual([a.alert_id]);
  });

  it('fails the invocation when SNS refuses, before archiving, so the batch is delivered again', async () => {
    sns.on(PublishBatchCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AuthorizationErrorException', $fault: 'client' }));
    const err = await make()(kinesisEvent([{ data: JSON.stringify(makeAlert('AAPL', 'BO1')), sequenceNumber: '1' }])).catch((e: unknown) => e);
    expect(isSurvError(err) && err.code).toBe('PIPELINE_NOTIFY_FAILED');
    expect(archived()).toEqual([]);
  });

  it('rejects a malformed event with a typed error', async () => {
    const err = await make()({ nope: true }).catch((e: unknown) => e);
    expect(isSurvError(err) && err.code).toBe('LAMBDA_EVENT_INVALID');
  });

  it('refuses a topic that is not an SNS ARN', () => {
    expect(() => parseEnv({ LAKE_BUCKET: 'b', ALERT_TOPIC_ARN: 'surv-alerts' })).toThrow(/ALERT_TOPIC_ARN/);
  });
});
