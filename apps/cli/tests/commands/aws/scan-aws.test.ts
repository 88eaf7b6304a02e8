import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseMarketEvent, QuarantineRecordSchema } from '@surv/domain';
import { surv } from '../../helpers/captured-io';
import {
  createActiveStream, kinesisClient, readObjects, readStream, s3Client, startKinesalite, startS3rver, TEST_ENV, type LocalServer,
} from '../../helpers/aws-servers';

// `surv scan --target aws` against kinesalite and s3rver on 127.0.0.1. The two servers have different ports, so
// the endpoints come from AWS_ENDPOINT_URL_KINESIS and AWS_ENDPOINT_URL_S3 (the per-service variables) and the
// names from SURV_* variables: the path without an outputs file.
const FIXTURE = fileURLToPath(new URL('../../fixtures/events/scan-small.jsonl', import.meta.url));
const BUCKET = 'surv-lake';

let kinesalite: LocalServer;
let s3rver: LocalServer;
let env: Record<string, string>;
beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  [kinesalite, s3rver] = await Promise.all([startKinesalite(), startS3rver([BUCKET])]);
  env = { ...TEST_ENV, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint, AWS_ENDPOINT_URL_S3: s3rver.endpoint, SURV_LAKE_BUCKET: BUCKET };
  await createActiveStream(kinesisClient(kinesalite.endpoint), 'surv-scan', 2);
  await createActiveStream(kinesisClient(kinesalite.endpoint), 'surv-scan-nobucket', 1);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([kinesalite?.close(), s3rver?.close()]);
});

describe('surv scan --target aws (kinesalite, s3rver)', () => {
  it('puts exactly the valid events on the stream, quarantines bad lines with their reason in the lake bucket, and reports both', async () => {
    const r = await surv(['scan', FIXTURE, '--target', 'aws'], { env: { ...env, SURV_MARKET_STREAM: 'surv-scan' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(
      `^scanned ${FIXTURE}: 17 records, 14 put on stream 'surv-scan' at ${kinesalite.endpoint}, 1 duplicates not sent, 2 quarantined ` +
      `-> s3://surv-lake/quarantine/dt=\\d{4}-\\d{2}-\\d{2}/cli-scan-scan-small\\.jsonl-\\d+-\\d+\\.jsonl\\n$`,
    ));

    // The expectation from the file itself: each valid line once (first occurrence), keyed by its symbol, bytes unchanged.
    const lines = (await readFile(FIXTURE, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    const seen = new Set<string>();
    const expected: { partitionKey: string; data: string }[] = [];
    const bad: { line: number; text: string }[] = [];
    lines.forEach((line, i) => {
      const p = parseMarketEvent(line);
      if (!p.ok) bad.push({ line: i + 1, text: line });
      else if (!seen.has(p.event.event_id)) {
        seen.add(p.event.event_id);
        expected.push({ partitionKey: p.event.symbol, data: line });
      }
    });
    const onStream = (await readStream(kinesisClient(kinesalite.endpoint), 'surv-scan')).map(({ partitionKey, data }) => ({ partitionKey, data }));
    const byData = (a: { data: string }, b: { data: string }) => a.data.localeCompare(b.data);
    expect(onStream.sort(byData)).toEqual(expected.sort(byData));

    const objects = await readObjects(s3Client(s3rver.endpoint), BUCKET, 'quarantine/');
    expect(objects).toHaveLength(1);
    const quarantined = objects[0]!.body.trimEnd().split('\n').map((l) => QuarantineRecordSchema.parse(JSON.parse(l)));
    expect(quarantined.map((q) => q.raw)).toEqual(bad.map((b) => b.text));
    expect(quarantined.map((q) => q.source)).toEqual(bad.map((b) => `${FIXTURE}:${b.line}`));
    expect(quarantined.map((q) => [q.file, q.line])).toEqual(bad.map((b) => [FIXTURE, b.line]));
    expect(quarantined.map((q) => q.code).sort()).toEqual(['INVALID_JSON', 'SCHEMA_VIOLATION']);
    // The bad lines are named on stderr with their reason too.
    expect(r.stderr).toMatch(new RegExp(`^line ${bad[0]!.line}: \\w+: .+\\nline ${bad[1]!.line}: \\w+: .+\\n$`));
    expect(r.stderr).toContain('SCHEMA_VIOLATION');
  });

  it('reads stdin for -', async () => {
    const r = await surv(['scan', '-', '--target', 'aws', '--stream', 'surv-scan-nobucket'], { env, stdin: `${(await readFile(FIXTURE, 'utf8')).split('\n')[0]}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scanned stdin: 1 records, 1 put on stream 'surv-scan-nobucket' .*, 0 quarantined\n$/);
    expect(r.stderr).toBe('');
  });

  it('checks the bucket before sending anything: a missing bucket fails with exit 4 and the stream stays empty', async () => {
    await createActiveStream(kinesisClient(kinesalite.endpoint), 'surv-scan-empty', 1);
    const r = await surv(['scan', FIXTURE, '--target', 'aws', '--stream', 'surv-scan-empty', '--bucket', 'no-such-bucket'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error\[AWS_NOT_FOUND\]: bucket 'no-such-bucket' not found \(S3 at http:\/\/127\.0\.0\.1:\d+\)\nhint: /);
    expect(await readStream(kinesisClient(kinesalite.endpoint), 'surv-scan-empty')).toEqual([]);
  });

  it('names what is missing (exit 2) and refuses local-only flags (exit 2)', async () => {
    const missing = await surv(['scan', FIXTURE, '--target', 'aws'], { env: TEST_ENV });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error[AWS_TARGET_INCOMPLETE]: surv scan --target aws needs the market stream (--stream, SURV_MARKET_STREAM, or output MarketStreamName in --outputs FILE); the lake bucket (--bucket');
    const local = await surv(['scan', FIXTURE, '--target', 'aws', '--lake', 'x'], { env });
    expect(local.code).toBe(2);
    expect(local.stderr).toBe('error[CLI_USAGE]: --lake is for --target local only\nhint: try `surv scan --help`\n');
  });
});
