import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '@surv/domain';
import { parseArgs } from '../../src/args';
import { awsTargetFlags, parseTarget, resolveAwsTarget, type AwsResourceName } from '../../src/aws-target';
import { CliError } from '../../src/errors';

const OUTPUTS = {
  Surv: {
    [STACK_OUTPUTS.region]: 'eu-west-1', [STACK_OUTPUTS.marketStream]: 'Surv-Market-1', [STACK_OUTPUTS.lakeBucket]: 'surv-lake-1',
    [STACK_OUTPUTS.athenaWorkGroup]: 'Surv-reports', [STACK_OUTPUTS.glueDatabase]: 'surv', [STACK_OUTPUTS.dataKey]: 'arn:aws:kms:eu-west-1:1:key/k',
  },
};
const ALL: AwsResourceName[] = ['marketStream', 'lakeBucket', 'dataKey', 'workGroup', 'database'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-aws-target-'));
  await writeFile(join(dir, 'cdk-outputs.json'), JSON.stringify(OUTPUTS));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const flagsOf = (args: string[]) => parseArgs(args, awsTargetFlags(ALL), 'produce').flags;
const resolveWith = (args: string[], env: Record<string, string> = {}, need: AwsResourceName[] = ['marketStream']) =>
  resolveAwsTarget({ flags: flagsOf(args), env, cwd: dir, command: 'produce', need, optional: ALL });
const failure = async (p: Promise<unknown>): Promise<CliError> => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(CliError);
  return e as CliError;
};

describe('resolveAwsTarget', () => {
  it('names every resource from the cdk outputs file, the stack region included', async () => {
    const t = await resolveWith(['--outputs', 'cdk-outputs.json'], { AWS_REGION: 'us-east-1' }, ALL);
    expect(t).toMatchObject({
      region: 'eu-west-1', marketStream: 'Surv-Market-1', lakeBucket: 'surv-lake-1', workGroup: 'Surv-reports', database: 'surv',
      dataKey: 'arn:aws:kms:eu-west-1:1:key/k', endpoint: undefined, outputsFile: join(dir, 'cdk-outputs.json'),
    });
  });

  it('lets a flag beat the outputs file, and the outputs file beat the environment', async () => {
    const env = { SURV_MARKET_STREAM: 'from-env', SURV_LAKE_BUCKET: 'env-bucket', AWS_REGION: 'us-east-2' };
    const t = await resolveWith(['--outputs', 'cdk-outputs.json', '--stream', 'from-flag', '--endpoint', 'http://127.0.0.1:4566'], env);
    expect(t).toMatchObject({ marketStream: 'from-flag', lakeBucket: 'surv-lake-1', region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' });
  });

  it('works from environment variables alone (SURV_*, AWS_REGION or AWS_DEFAULT_REGION), the database defaulting to surv', async () => {
    const t = await resolveWith([], { SURV_ATHENA_WORKGROUP: 'wg', AWS_DEFAULT_REGION: 'ap-south-1' }, ['workGroup', 'database']);
    expect(t).toMatchObject({ workGroup: 'wg', database: 'surv', region: 'ap-south-1' });
  });

  it('reads the outputs file named by SURV_CDK_OUTPUTS', async () => {
    expect((await resolveWith([], { SURV_CDK_OUTPUTS: join(dir, 'cdk-outputs.json') })).marketStream).toBe('Surv-Market-1');
  });

  it('names everything missing at once, with every way to supply it (usage, exit 2)', async () => {
    const e = await failure(resolveWith([], {}, ['marketStream', 'lakeBucket']));
    expect(e.exitCode).toBe(2);
    expect(e.detailCode).toBe('AWS_TARGET_INCOMPLETE');
    expect(e.message).toBe(
      'surv produce --target aws needs the AWS region (--region, AWS_REGION or AWS_DEFAULT_REGION, or output Region in --outputs FILE); ' +
      'the market stream (--stream, SURV_MARKET_STREAM, or output MarketStreamName in --outputs FILE); ' +
      'the lake bucket (--bucket, SURV_LAKE_BUCKET, or output LakeBucketName in --outputs FILE); no --outputs file given',
    );
    expect(e.hint).toBe('surv produce --target aws --outputs cdk-outputs.json');
  });

  it('says which outputs file lacked a name', async () => {
    await writeFile(join(dir, 'other.json'), JSON.stringify({ Surv: { [STACK_OUTPUTS.region]: 'eu-west-1', [STACK_OUTPUTS.lakeBucket]: 'b' } }));
    const e = await failure(resolveWith(['--outputs', 'other.json']));
    expect(e.message).toMatch(/needs the market stream .*; not in '.*other\.json'$/);
  });

  it('refuses a missing, non-JSON or wrongly shaped outputs file as rejected input (exit 3)', async () => {
    await writeFile(join(dir, 'bad.json'), '{ nope');
    await writeFile(join(dir, 'flat.json'), JSON.stringify({ MarketStreamName: 'x' }));
    for (const [file, code, text] of [
      ['missing.json', 'AWS_OUTPUTS_UNREADABLE', /cannot read the outputs file '.*missing\.json': no such file/],
      ['bad.json', 'AWS_OUTPUTS_INVALID', /is not JSON/],
      ['flat.json', 'AWS_OUTPUTS_INVALID', /is not a cdk outputs file/],
    ] as const) {
      const e = await failure(resolveWith(['--outputs', file]));
      expect(e.exitCode, file).toBe(3);
      expect(e.detailCode).toBe(code);
      expect(e.message).toMatch(text);
    }
  });

  it('picks the one surv stack of a file, asks for --stack when there are several, and refuses an unknown one', async () => {
    await writeFile(join(dir, 'two.json'), JSON.stringify({ Other: { Url: 'x' }, Surv: OUTPUTS.Surv, SurvTest: { ...OUTPUTS.Surv, MarketStreamName: 'test-stream' } }));
    const several = await failure(resolveWith(['--outputs', 'two.json']));
    expect(several.message).toContain("holds several surv stacks (Surv, SurvTest); pick one with --stack NAME");
    expect((await resolveWith(['--outputs', 'two.json', '--stack', 'SurvTest'])).marketStream).toBe('test-stream');
    expect((await resolveWith(['--outputs', 'two.json'], { SURV_STACK: 'Surv' })).marketStream).toBe('Surv-Market-1');
    expect((await failure(resolveWith(['--outputs', 'two.json', '--stack', 'Nope']))).message).toContain("no stack 'Nope'");
    await writeFile(join(dir, 'none.json'), JSON.stringify({ Other: { Url: 'x' } }));
    expect((await failure(resolveWith(['--outputs', 'none.json']))).message).toContain('no surv stack outputs');
  });

  it('refuses an --endpoint that is not an http(s) URL', async () => {
    for (const url of ['localhost:4566', 'ftp://127.0.0.1']) {
      const e = await failure(resolveWith(['--outputs', 'cdk-outputs.json', '--endpoint', url]));
      expect(e.exitCode).toBe(2);
      expect(e.message).toBe(`--endpoint must be an http(s) URL, got '${url}'`);
    }
  });
});

describe('parseTarget', () => {
  const spec = { ...awsTargetFlags(['marketStream']), lake: { type: 'string' } } as const;
  const target = (args: string[]) => parseTarget(parseArgs(args, spec, 'scan').flags, 'scan', { resources: ['marketStream'], localOnly: ['lake'] });

  it('defaults to local and accepts aws', () => {
    expect(target([])).toBe('local');
    expect(target(['--target', 'aws'])).toBe('aws');
  });

  it('refuses an unknown target, AWS flags on a local run and local flags on an AWS run', () => {
    expect(() => target(['--target', 'gcp'])).toThrow("--target must be one of local, aws, got 'gcp'");
    expect(() => target(['--stream', 's'])).toThrow('--stream needs --target aws');
    expect(() => target(['--endpoint', 'http://127.0.0.1:1'])).toThrow('--endpoint needs --target aws');
    expect(() => target(['--target', 'aws', '--lake', 'x'])).toThrow('--lake is for --target local only');
  });
});
