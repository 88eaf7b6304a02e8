import { isSurvError } from '@surv/domain';
import type { RecordWriter, StreamRecord } from '@surv/pipeline';
import { CliError } from '../errors';

/** Records per `putRecords` call from the CLI; the writer splits further by the Kinesis limits (500, 5 MiB). */
export const CLI_PUT_CHUNK = 5_000;

/**
 * Buffers records and hands them to a writer in chunks, counting what was written, so a long run streams in
 * constant memory and a failure says how far it got.
 */
export class RecordBatcher {
  private pending: StreamRecord[] = [];
  private count = 0;

  constructor(private readonly writer: RecordWriter, private readonly chunkSize = CLI_PUT_CHUNK) {}

  /** Records the writer accepted so far. */
  get written(): number {
    return this.count;
  }

  async add(record: StreamRecord): Promise<void> {
    this.pending.push(record);
    if (this.pending.length >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending;
    this.pending = [];
    try {
      await this.writer.putRecords(chunk);
    } catch (e) {
      // The writer names the records of this chunk it could not write; the earlier chunks are on the stream.
      const message = `${e instanceof Error ? e.message : String(e)}; ${this.count} records had been written before this chunk`;
      throw new CliError('CLI_BACKEND_FAILED', message, { detailCode: isSurvError(e) ? e.code : 'AWS_CALL_FAILED', cause: e });
    }
    this.count += chunk.length;
  }
}
