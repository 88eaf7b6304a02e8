import {
  ExpiredIteratorException, GetRecordsCommand, ProvisionedThroughputExceededException, PutRecordsCommand, type KinesisClient, type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import type { KinesisSender } from '@surv/aws';

/** What the fault injector decides for one PutRecords call. */
export interface PutRecordsFault {
  /** Throttle the whole call (nothing is written). */
  readonly throttleCall?: boolean;
  /** Positions in this call's Records to report as failed (they are NOT forwarded, so never written). */
  readonly failPositions?: ReadonlySet<number>;
  readonly errorCode?: string;
}

export interface FaultLog {
  putCalls: { records: number; bytes: number }[];
  throttledCalls: number;
  throttledRecords: number;
  failedEntries: number;
  getRecordsThrottles: number;
  expiredIterators: number;
}

const throttle = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate exceeded for shard (injected)', $metadata: { httpStatusCode: 400 } });

/**
 * Wraps a real client: PutRecords calls go to kinesalite minus the records chosen to fail, and the response
 * gets failure entries spliced back in at their positions, as a real partial failure looks.
 */
export const faultyKinesis = (
  client: KinesisClient,
  decide: (call: number, records: readonly { Data?: Uint8Array; PartitionKey?: string }[]) => PutRecordsFault,
  options: { throttleGetRecords?: number; expireIterators?: number } = {},
): { sender: KinesisSender; log: FaultLog } => {
  const log: FaultLog = { putCalls: [], throttledCalls: 0, throttledRecords: 0, failedEntries: 0, getRecordsThrottles: 0, expiredIterators: 0 };
  let calls = 0;
  let getThrottlesLeft = options.throttleGetRecords ?? 0;
  let expiriesLeft = options.expireIterators ?? 0;
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof PutRecordsCommand) {
      const records = command.input.Records ?? [];
      log.putCalls.push({
        records: records.length,
        bytes: records.reduce((n, r) => n + (r.Data?.length ?? 0) + Buffer.byteLength(r.PartitionKey ?? ''), 0),
      });
      const fault = decide(calls++, records);
      if (fault.throttleCall) {
        log.throttledCalls++;
        log.throttledRecords += records.length;
        throw throttle();
      }
      const fail = fault.failPositions ?? new Set<number>();
      const forwarded = records.filter((_, i) => !fail.has(i));
      const real = forwarded.length > 0
        ? await client.send(new PutRecordsCommand({ ...command.input, Records: forwarded }))
        : { Records: [], FailedRecordCount: 0 };
      const realResults = [...(real.Records ?? [])];
      const merged: PutRecordsResultEntry[] = records.map((_, i) =>
        fail.has(i)
          ? { ErrorCode: fault.errorCode ?? 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded (injected)' }
          : (realResults.shift() as PutRecordsResultEntry),
      );
      log.failedEntries += fail.size;
      return { ...real, Records: merged, FailedRecordCount: (real.FailedRecordCount ?? 0) + fail.size };
    }
    if (command instanceof GetRecordsCommand && getThrottlesLeft > 0) {
      getThrottlesLeft--;
      log.getRecordsThrottles++;
      throw throttle();
    }
    if (command instanceof GetRecordsCommand && expiriesLeft > 0 && log.getRecordsThrottles >= (options.throttleGetRecords ?? 0)) {
      expiriesLeft--;
      log.expiredIterators++;
      throw new ExpiredIteratorException({ message: 'Iterator expired (injected)', $metadata: { httpStatusCode: 400 } });
    }
    return client.send(command as PutRecordsCommand);
  };
  return { sender: { send } as unknown as KinesisSender, log };
};
