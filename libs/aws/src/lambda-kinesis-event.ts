import { KinesisDataStreamRecord, KinesisDataStreamSchema } from '@aws-lambda-powertools/parser/schemas';
import type { ConsumedRecord } from '@surv/pipeline';
import { z } from 'zod';
import { AwsAdapterError } from './errors';

// Powertools' schema decodes `data` to text; keep the base64 so the original bytes reach the stage
// (a quarantined record must keep its bytes, even when they are not UTF-8).
const RecordSchema = KinesisDataStreamRecord.extend({
  eventID: z.string().regex(/^[^:]+:\d+$/, 'must be <shardId>:<sequenceNumber>'),
  kinesis: KinesisDataStreamRecord.shape.kinesis.extend({ data: z.string() }),
});
/** The Kinesis event-source-mapping event; `Records` may be empty on a tumbling window's final invoke. */
export const KinesisEventSchema = KinesisDataStreamSchema.extend({ Records: z.array(RecordSchema) });
export type KinesisEvent = z.infer<typeof KinesisEventSchema>;
export type KinesisEventRecord = z.infer<typeof RecordSchema>;

/** Validates a Lambda Kinesis event-source-mapping event; anything else is a typed `LAMBDA_EVENT_INVALID` error. */
export const parseKinesisEvent = (event: unknown): KinesisEvent => {
  const parsed = KinesisEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AwsAdapterError('LAMBDA_EVENT_INVALID', `not a Kinesis event: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
};

/** The record as the pipeline ports see it. The shard id is the part of `eventID` before the colon. */
export const toConsumedRecord = (record: KinesisEventRecord): ConsumedRecord => ({
  shardId: record.eventID.slice(0, record.eventID.indexOf(':')),
  sequenceNumber: record.kinesis.sequenceNumber,
  partitionKey: record.kinesis.partitionKey,
  arrivalTime: Math.round(record.kinesis.approximateArrivalTimestamp * 1000),
  data: new Uint8Array(Buffer.from(record.kinesis.data, 'base64')),
});
