import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseMarketEvent, STACK_OUTPUTS } from '@surv/domain';
import { surv } from '../../helpers/captured-io';
import { createActiveStream, deadEndpoint, kinesisClient, readStream, startKinesalite, TEST_ENV, type LocalServer } from '../../helpers/aws-servers';

// `surv produce --target aws` against kinesalite on 127.0.0.1: records are read back with GetRecords.
const START = '2026-01-05T14:30:00Z';
const SIM = ['--minutes', '1', '--rate', '2', '--seed', '7', '--start', START, '--bad-rate', '0.01'];

let kinesalite: LocalServer;
let dir: string;
beforeAll(async () => {
  // Belt and braces: the CLI gets its credentials from the injected env; the SDK must never look for more.
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  kinesalite = await startKinesalite();
  dir = await mkdtemp(join(tmpdir(), 'surv-produce-aws-'));
  await writeFile(join(dir, 'cdk-outputs.json'), JSON.stringify({ Surv: { [STACK_OUTPUTS.region]: 'us-east-1', [STACK_OUTPUTS.marketStream]: 'surv-market' } }));
  await createActiveStream(kinesisClient(kinesalite.endpoint), 'surv-market', 2);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await kinesalite?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('surv produce --target aws (kinesalite)', () => {
  it('puts exactly the simulated records on the market stream, keyed by symbol, and prints the count', async () => {
    const r = await surv(['produce', '--target', 'aws', '--outputs', 'cdk-outputs.json', '--endpoint', kinesalite.endpoint, ...SIM], { cwd: dir, env: TEST_ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /^produced (\d+) records \((\d+) bad\) on stream 'surv-market' at (\S+): 2026-01-05T14:30:00\.000Z to 2026-01-05T14:31:00\.000Z, seed 7, \d+ injected scenarios\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(m![3]).toBe(kinesalite.endpoint);
    const [count, bad] = [Number(m![1]), Number(m![2])];
    expect(bad).toBeGreaterThan(0);

    const onStream = await readStream(kinesisClient(kinesalite.endpoint), 'surv-market');
    expect(onStream).toHaveLength(count);
    expect(new Set(onStream.map((x) => x.shardId)).size).toBe(2);
    // The same run on the local target prints the same records: what reached the stream is what was simulated.
    const local = await surv(['produce', ...SIM], { cwd: dir });
    expect(local.code).toBe(0);
    expect(onStream.map((x) => x.data).sort()).toEqual(local.stdout.trimEnd().split('\n').sort());
    let valid = 0;
    for (const x of onStream) {
      const parsed = parseMarketEvent(x.data, { nowMs: Date.parse('2026-01-06T00:00:00Z') });
      if (!parsed.ok) continue;
      valid += 1;
      expect(x.partitionKey).toBe(parsed.event.symbol);
      expect(parsed.event.event_id.startsWith('20260105T143000-')).toBe(true);
    }
    expect(valid).toBe(count - bad);
  });

  it('refuses to run without the stream name, saying how to supply it (exit 2)', async () => {
    const r = await surv(['produce', '--target', 'aws', '--endpoint', kinesalite.endpoint], { cwd: dir, env: TEST_ENV });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error[AWS_TARGET_INCOMPLETE]: surv produce --target aws needs the market stream (--stream, SURV_MARKET_STREAM, or output MarketStreamName ' +
      'in --outputs FILE); no --outputs file given\nhint: try `surv produce --target aws --outputs cdk-outputs.json`\n',
    );
  });

  it('fails in a moment with a clear error, not a stack, when the endpoint is unreachable (exit 4)', async () => {
    const dead = await deadEndpoint();
    const started = Date.now();
    const r = await surv(['produce', '--target', 'aws', '--outputs', 'cdk-outputs.json', '--endpoint', dead, ...SIM], { cwd: dir, env: TEST_ENV });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`^error\\[AWS_UNREACHABLE\\]: cannot reach Kinesis at ${dead}: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\nhint: try \`curl -sS ${dead}\`\\n$`));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says when the stream does not exist (exit 4) and writes nothing', async () => {
    const r = await surv(['produce', '--target', 'aws', '--stream', 'nope', '--region', 'us-east-1', '--endpoint', kinesalite.endpoint, ...SIM], { cwd: dir, env: TEST_ENV });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`error[AWS_NOT_FOUND]: stream 'nope' not found (Kinesis at ${kinesalite.endpoint})`);
  });

  it('refuses AWS flags without --target aws (exit 2)', async () => {
    const r = await surv(['produce', '--stream', 'surv-market'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error[CLI_USAGE]: --stream needs --target aws\nhint: try `surv produce --help`\n');
  });
});
