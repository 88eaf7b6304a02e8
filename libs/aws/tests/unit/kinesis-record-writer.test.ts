import 'aws-sdk-client-mock-vitest/extend';
import { KinesisClient, ProvisionedThroughputExceededException, PutRecordsCommand, ResourceNotFoundException } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AwsAdapterError, KinesisRecordWriter, type KinesisSender } from '@surv/aws';

const kinesis = mockClient(KinesisClient);
const rec = (key: string, bytes: number) => ({ partitionKey: key, data: new Uint8Array(bytes) });
const writer = (o: Partial<ConstructorParameters<typeof KinesisRecordWriter>[0]> = {}) =>
  new KinesisRecordWriter({ client: new KinesisClient({ region: 'us-east-1' }), streamName: 'surv-events', retry: { sleep: async () => {}, maxAttempts: 3 }, ...o });

describe('KinesisRecordWriter (mocked Kinesis)', () => {
  beforeEach(() => kinesis.reset());

  it('counts the partition key in the 1 MiB record limit and lists every oversized record, sending nothing', async () => {
    const records = [rec('A', 10), rec('ABCD', 1024 * 1024 - 3), rec('B', 1024 * 1024 - 1), rec('C', 2 * 1024 * 1024)];
    const error = (await writer().putRecords(records).catch((e: unknown) => e)) as AwsAdapterError;
    expect(error.code).toBe('KINESIS_RECORD_TOO_LARGE');
    expect(error.details.failedRecords?.map((f) => f.index)).toEqual([1, 3]);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('refuses empty or over-long partition keys up front', async () => {
    const error = (await writer().putRecords([rec('', 1), rec('k'.repeat(257), 1), rec('ok', 1)]).catch((e: unknown) => e)) as AwsAdapterError;
    expect(error.code).toBe('KINESIS_RECORD_INVALID');
    expect(error.details.failedRecords?.map((f) => f.index)).toEqual([0, 1]);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('does not retry a call refused for good (missing stream) and names every record of it', async () => {
    kinesis.on(PutRecordsCommand).rejects(new ResourceNotFoundException({ message: 'Stream surv-events not found', $metadata: { httpStatusCode: 400 } }));
    const error = (await writer().putRecords([rec('a', 5), rec('b', 5)]).catch((e: unknown) => e)) as AwsAdapterError;
    expect(error.code).toBe('KINESIS_PUT_INCOMPLETE');
    expect(error.details.failedRecords).toEqual([
      { index: 0, partitionKey: 'a', errorCode: 'ResourceNotFoundException', errorMessage: 'Stream surv-events not found' },
      { index: 1, partitionKey: 'b', errorCode: 'ResourceNotFoundException', errorMessage: 'Stream surv-events not found' },
    ]);
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 1);
  });

  it('splits 1,234 records into calls of at most 500, and sends nothing for an empty input', async () => {
    kinesis.on(PutRecordsCommand).callsFake((input: { Records: unknown[] }) => ({ FailedRecordCount: 0, Records: input.Records.map((_, i) => ({ SequenceNumber: String(i), ShardId: 'shardId-000000000000' })) }));
    await writer().putRecords(Array.from({ length: 1234 }, (_, i) => rec(`k${i % 7}`, 100)));
    expect(kinesis.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records?.length)).toEqual([500, 500, 234]);
    kinesis.resetHistory();
    await writer().putRecords([]);
    expect(kinesis).not.toHaveReceivedCommand(PutRecordsCommand);
  });

  it('sends a record again when the response lacks its result, and by ARN when configured', async () => {
    kinesis.on(PutRecordsCommand)
      .resolvesOnce({ FailedRecordCount: 0, Records: [{ SequenceNumber: '1', ShardId: 's' }] })
      .resolves({ FailedRecordCount: 0, Records: [{ SequenceNumber: '2', ShardId: 's' }] });
    const arn = 'arn:aws:kinesis:us-east-1:111122223333:stream/surv-events';
    await writer({ streamName: undefined, streamArn: arn }).putRecords([rec('a', 1), rec('b', 1)]);
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordsCommand, 2);
    expect(kinesis.commandCalls(PutRecordsCommand)[1]?.args[0].input).toMatchObject({ StreamARN: arn, Records: [{ PartitionKey: 'b' }] });
  });

  it('validates its options once, at construction', () => {
    expect(() => writer({ streamArn: 'arn:x' })).toThrow(/exactly one/);
    expect(() => writer({ maxRecordsPerCall: 501 })).toThrow(/maxRecordsPerCall/);
    expect(() => writer({ maxBytesPerCall: 6 * 1024 * 1024 })).toThrow(/maxBytesPerCall/);
  });
});

describe('KinesisRecordWriter under random faults (in-memory fake stream)', () => {
  it('writes every record exactly once, or names exactly the ones it did not write', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.tuple(fc.boolean(), fc.array(fc.boolean(), { maxLength: 60 })), { maxLength: 12 }),
      fc.integer({ min: 1, max: 6 }),
      async (sizes, faults, maxAttempts) => {
        const stored: number[] = [];
        let call = 0;
        const sender = {
          send: async (command: PutRecordsCommand) => {
            const [throttle, failMask] = faults[call++] ?? [false, []];
            if (throttle) throw new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } });
            return {
              FailedRecordCount: 0,
              Records: (command.input.Records ?? []).map((r, i) => {
                if (failMask[i]) return { ErrorCode: i % 2 ? 'InternalFailure' : 'ProvisionedThroughputExceededException', ErrorMessage: 'injected' };
                stored.push(new DataView((r.Data as Uint8Array).buffer).getUint32(0));
                return { SequenceNumber: String(stored.length), ShardId: 'shardId-000000000000' };
              }),
            };
          },
        } as unknown as KinesisSender;
        const records = sizes.map((size, i) => {
          const data = new Uint8Array(4 + size);
          new DataView(data.buffer).setUint32(0, i);
          return { partitionKey: `k${i % 3}`, data };
        });
        const w = new KinesisRecordWriter({ client: sender, streamName: 's', maxRecordsPerCall: 7, maxBytesPerCall: 1024 * 1024, retry: { maxAttempts, sleep: async () => {} } });
        const error = await w.putRecords(records).then(() => undefined, (e: unknown) => e as AwsAdapterError);
        expect(new Set(stored).size).toBe(stored.length); // never written twice
        const failed = error?.details.failedRecords?.map((f) => f.index) ?? [];
        if (error) expect(error.code).toBe('KINESIS_PUT_INCOMPLETE');
        expect([...stored, ...failed].sort((a, b) => a - b)).toEqual(records.map((_, i) => i));
      },
    ), { numRuns: 200 });
  });
});
