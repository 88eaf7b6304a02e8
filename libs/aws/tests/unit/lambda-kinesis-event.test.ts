import { describe, expect, it } from 'vitest';
import { isSurvError } from '@surv/domain';
import { parseKinesisEvent, toConsumedRecord } from '@surv/aws';

const record = (data: Uint8Array, eventID = 'shardId-000000000001:49590338271490256608559692538361571095921575989136588898') => ({
  eventSource: 'aws:kinesis', eventVersion: '1.0', eventID, eventName: 'aws:kinesis:record', awsRegion: 'eu-west-1',
  invokeIdentityArn: 'arn:aws:iam::123456789012:role/enricher', eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/market',
  kinesis: {
    kinesisSchemaVersion: '1.0', partitionKey: 'ACME', sequenceNumber: eventID.split(':')[1],
    approximateArrivalTimestamp: 1709553000.123, data: Buffer.from(data).toString('base64'),
  },
});

describe('Lambda Kinesis events', () => {
  it('turns each record into a ConsumedRecord with its shard, position, arrival time and original bytes', () => {
    const notUtf8 = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const [consumed] = parseKinesisEvent({ Records: [record(notUtf8)] }).Records.map(toConsumedRecord);
    expect(consumed).toEqual({
      shardId: 'shardId-000000000001', sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      partitionKey: 'ACME', arrivalTime: 1709553000123, data: notUtf8,
    });
  });

  it('accepts the empty final invoke of a tumbling window', () => {
    expect(parseKinesisEvent({ Records: [], isFinalInvokeForWindow: true, window: { start: '2024-03-04T12:00:00Z', end: '2024-03-04T12:01:00Z' } }).Records).toEqual([]);
  });

  it('rejects anything that is not a Kinesis event with a typed error naming the field', () => {
    for (const bad of [{}, { Records: [{ eventSource: 'aws:sqs' }] }, { Records: [record(new Uint8Array([1]), 'no-colon')] }]) {
      try {
        parseKinesisEvent(bad);
        expect.unreachable();
      } catch (e) {
        expect(isSurvError(e) && e.code).toBe('LAMBDA_EVENT_INVALID');
        expect((e as Error).message).toMatch(/not a Kinesis event: \S*/);
      }
    }
  });
});
