import { KinesisRecordWriter, S3ObjectStore } from '@surv/aws';
import { type CliIo } from '../command';
import { type ParsedArgs } from '../args';
import { resolveAwsTarget } from '../aws-target';
import { checkBucket, checkStream, kinesisClient, placeOf, s3Client } from '../aws/aws-clients';
import { scanToStream } from '../aws/scan-to-stream';
import { CliError } from '../errors';
import { openLineSource } from '../input/read-lines';

const NAME = 'scan';

/** `surv scan <file> --target aws`: the file's valid events onto the deployed market stream, bad lines to its quarantine. */
export const scanOnAws = async (path: string, flags: ParsedArgs['flags'], io: CliIo): Promise<void> => {
  const env = io.env ?? {};
  const aws = await resolveAwsTarget({ flags, env, cwd: io.cwd, command: NAME, need: ['marketStream', 'lakeBucket'], optional: ['dataKey'] });
  // Open the input first: a missing file is the user's to fix before any AWS call.
  const source = await openLineSource(path, { cwd: io.cwd, stdin: io.stdin, command: NAME, signal: io.signal });
  const hint = `surv ${NAME} ${path} --target aws --outputs cdk-outputs.json`;
  const kinesis = kinesisClient(aws, env);
  const s3 = s3Client(aws, env);
  try {
    const streamPlace = placeOf('kinesis', aws, env);
    await checkStream(kinesis, aws.marketStream, streamPlace, hint);
    await checkBucket(s3, aws.lakeBucket, placeOf('s3', aws, env), hint);
    const result = await scanToStream({
      lines: source.sourced,
      sourceName: source.name,
      writer: new KinesisRecordWriter({ client: kinesis, streamName: aws.marketStream }),
      store: new S3ObjectStore({ client: s3, bucket: aws.lakeBucket, ...(aws.dataKey !== undefined ? { kmsKeyId: aws.dataKey } : {}) }),
      signal: io.signal,
    });
    const where = result.quarantineKeys.length > 0 ? ` -> ${result.quarantineKeys.map((k) => `s3://${aws.lakeBucket}/${k}`).join(', ')}` : '';
    const summary = `scanned ${source.name}: ${result.records} records, ${result.put} put on stream '${aws.marketStream}' at ${streamPlace}, ` +
      `${result.duplicates} duplicates not sent, ${result.quarantined} quarantined${where}\n`;
    if (source.rejected.aborted) {
      const reason = source.rejected.reason as CliError;
      throw new CliError('CLI_INPUT_REJECTED', `${reason.message}; what was read before it is sent and quarantined whole: ${summary.trimEnd()}`, {
        hint: reason.hint, detailCode: reason.detailCode, cause: reason,
      });
    }
    if (result.aborted || io.signal.aborted) {
      throw new CliError('CLI_INTERRUPTED', `interrupted; what was read is sent and quarantined whole: ${summary.trimEnd()}`, { hint });
    }
    io.stdout.write(summary);
    // For JSON text (an array, pretty-printed objects), the line where the record starts.
    for (const r of result.rejections) io.stderr.write(`line ${r.line}: ${r.code}: ${r.reason}\n`);
    if (result.quarantined > result.rejections.length) io.stderr.write(`... and ${result.quarantined - result.rejections.length} more bad lines in quarantine/\n`);
  } finally {
    kinesis.destroy();
    s3.destroy();
  }
};
