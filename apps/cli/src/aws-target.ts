import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { STACK_OUTPUTS } from '@surv/domain';
import { type FlagSpec, type ParsedArgs } from './args';
import { CliError, usageError } from './errors';

/** Where `produce`, `scan` and `query` run: on this machine (the default) or against a deployed stack. */
export const TARGETS = ['local', 'aws'] as const;
export type Target = (typeof TARGETS)[number];

/** The AWS resources a command may need, by the names the rest of the CLI uses. */
export interface AwsResources {
  readonly region: string;
  readonly marketStream: string;
  readonly lakeBucket: string;
  readonly dataKey: string;
  readonly workGroup: string;
  readonly database: string;
}
export type AwsResourceName = keyof AwsResources;

/** What a command runs against on AWS: the resources it asked for, plus the ones that happened to be known. */
export type AwsTarget<N extends AwsResourceName = never> = Pick<AwsResources, N | 'region'> & Partial<AwsResources> & {
  /** `--endpoint`; without it, the SDK clients honour AWS_ENDPOINT_URL(_<SERVICE>) from the environment. */
  readonly endpoint: string | undefined;
  /** The outputs file the names came from, if one was read (for messages). */
  readonly outputsFile: string | undefined;
};

interface ResourceSpec {
  readonly flag: string;
  readonly env: readonly string[];
  readonly output: string;
  readonly what: string;
  /** Used when nothing names the resource. */
  readonly fallback?: string;
}

/** How each resource is named: a flag, environment variables, and its stack output (STACK_OUTPUTS). */
export const AWS_RESOURCES: Readonly<Record<AwsResourceName, ResourceSpec>> = {
  region: { flag: 'region', env: ['AWS_REGION', 'AWS_DEFAULT_REGION'], output: STACK_OUTPUTS.region, what: 'the AWS region' },
  marketStream: { flag: 'stream', env: ['SURV_MARKET_STREAM'], output: STACK_OUTPUTS.marketStream, what: 'the market stream' },
  lakeBucket: { flag: 'bucket', env: ['SURV_LAKE_BUCKET'], output: STACK_OUTPUTS.lakeBucket, what: 'the lake bucket' },
  dataKey: { flag: 'kms-key', env: ['SURV_KMS_KEY'], output: STACK_OUTPUTS.dataKey, what: 'the KMS key for lake writes' },
  workGroup: { flag: 'workgroup', env: ['SURV_ATHENA_WORKGROUP'], output: STACK_OUTPUTS.athenaWorkGroup, what: 'the Athena workgroup' },
  // The stack's Glue database is always `surv` (apps/infra GLUE_DATABASE); the output only confirms it.
  database: { flag: 'database', env: ['SURV_GLUE_DATABASE'], output: STACK_OUTPUTS.glueDatabase, what: 'the Glue database', fallback: 'surv' },
};

/** The outputs file from `cdk deploy --outputs-file`, as a flag or an environment variable. */
const OUTPUTS_ENV = 'SURV_CDK_OUTPUTS';
const STACK_ENV = 'SURV_STACK';
const TARGET_FLAGS = ['target', 'endpoint', 'outputs', 'stack'] as const;

/** The flags of `--target` and of the given resources (the region always), to merge into a command's spec. */
export const awsTargetFlags = (resources: readonly AwsResourceName[]): FlagSpec => {
  const spec: Record<string, { type: 'string' }> = {};
  for (const f of TARGET_FLAGS) spec[f] = { type: 'string' };
  for (const r of new Set<AwsResourceName>(['region', ...resources])) spec[AWS_RESOURCES[r].flag] = { type: 'string' };
  return spec;
};

/** Names of the AWS-only flags among those `awsTargetFlags(resources)` declares (everything but --target). */
const awsOnlyFlags = (resources: readonly AwsResourceName[]): string[] =>
  Object.keys(awsTargetFlags(resources)).filter((f) => f !== 'target');

/**
 * Reads `--target` and refuses flags that belong to the other target: an AWS flag on a local run (or a lake
 * flag on an AWS run) is a mistake the user should hear about, not an option silently ignored.
 */
export const parseTarget = (
  flags: ParsedArgs['flags'], command: string, options: { resources: readonly AwsResourceName[]; localOnly: readonly string[] },
): Target => {
  const value = flags['target'] ?? 'local';
  if (!(TARGETS as readonly unknown[]).includes(value)) {
    throw usageError(`--target must be one of ${TARGETS.join(', ')}, got '${String(value)}'`, `surv ${command} --help`);
  }
  const target = value as Target;
  const misplaced = target === 'local'
    ? awsOnlyFlags(options.resources).filter((f) => flags[f] !== undefined).map((f) => [f, 'needs --target aws'] as const)
    : options.localOnly.filter((f) => flags[f] !== undefined).map((f) => [f, 'is for --target local only'] as const);
  const first = misplaced[0];
  if (first) throw usageError(`--${first[0]} ${first[1]}`, `surv ${command} --help`);
  return target;
};

/** The help lines of the AWS options a command takes, aligned like the rest of its help. */
export const awsTargetHelp = (resources: readonly AwsResourceName[]): string => {
  const rows: [string, string][] = [
    ['--target aws', 'run against the deployed stack instead of this machine'],
    ['--outputs FILE', `the stack outputs from \`cdk deploy --outputs-file FILE\` (or ${OUTPUTS_ENV})`],
    ['--stack NAME', `which stack of that file, when it holds several (or ${STACK_ENV})`],
    ['--endpoint URL', 'one endpoint for every AWS client, e.g. an emulator (else AWS_ENDPOINT_URL[_<SERVICE>])'],
  ];
  for (const r of new Set<AwsResourceName>(['region', ...resources])) {
    const spec = AWS_RESOURCES[r];
    const value = r === 'region' ? 'REGION' : r === 'dataKey' ? 'ARN' : 'NAME';
    rows.push([`--${spec.flag} ${value}`, `${spec.what} (or ${spec.env.join(', ')}; output ${spec.output})${spec.fallback ? `; default ${spec.fallback}` : ''}`]);
  }
  return ['AWS options (each name from its flag, else the --outputs file, else the environment):', ...rows.map(([flag, text]) => `  ${flag.padEnd(18)}${text}`)].join('\n');
};

const OutputsFileSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

const outputsHint = 'npx nx run infra:deploy -- --outputs-file "$PWD/cdk-outputs.json"';

/** The outputs of one stack from a `cdk deploy --outputs-file` file: `{ "<stack>": { "<output>": "value" } }`. */
export const readStackOutputs = async (file: string, stack: string | undefined): Promise<Record<string, string>> => {
  const text = await readFile(file, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new CliError('CLI_INPUT_REJECTED', `cannot read the outputs file '${file}': ${cause.code === 'ENOENT' ? 'no such file' : cause.message}`, {
      hint: outputsHint, detailCode: 'AWS_OUTPUTS_UNREADABLE', cause,
    });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CliError('CLI_INPUT_REJECTED', `the outputs file '${file}' is not JSON: ${(cause as Error).message}`, { hint: outputsHint, detailCode: 'AWS_OUTPUTS_INVALID', cause });
  }
  const parsed = OutputsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliError('CLI_INPUT_REJECTED', `'${file}' is not a cdk outputs file (expected { "<stack>": { "<output>": "<value>" } })`, {
      hint: outputsHint, detailCode: 'AWS_OUTPUTS_INVALID',
    });
  }
  const stacks = parsed.data;
  const surv = Object.keys(stacks).filter((s) => Object.values(STACK_OUTPUTS).some((o) => o in stacks[s]!));
  let name = stack;
  if (name === undefined) {
    if (surv.length !== 1) {
      const found = Object.keys(stacks);
      throw new CliError('CLI_USAGE', surv.length === 0
        ? `no surv stack outputs in '${file}' (stacks: ${found.join(', ') || 'none'}); deploy writes them with --outputs-file`
        : `'${file}' holds several surv stacks (${surv.join(', ')}); pick one with --stack NAME`,
      surv.length === 0 ? { hint: outputsHint, detailCode: 'AWS_OUTPUTS_STACK' } : { detailCode: 'AWS_OUTPUTS_STACK' });
    }
    name = surv[0]!;
  }
  const outputs = stacks[name];
  if (outputs === undefined) {
    throw new CliError('CLI_USAGE', `no stack '${name}' in '${file}' (stacks: ${Object.keys(stacks).join(', ') || 'none'})`, { detailCode: 'AWS_OUTPUTS_STACK' });
  }
  return Object.fromEntries(Object.entries(outputs).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
};

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

const checkEndpoint = (url: string, command: string): string => {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw usageError(`--endpoint must be an http(s) URL, got '${url}'`, `surv ${command} --help`);
  }
  return url;
};

export interface ResolveAwsTargetOptions<N extends AwsResourceName> {
  readonly flags: ParsedArgs['flags'];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly command: string;
  /** Resources the command cannot run without; a missing one is an error naming every way to supply it. */
  readonly need: readonly N[];
  /** Resources used when known (e.g. the KMS key of lake writes). @default [] */
  readonly optional?: readonly AwsResourceName[];
}

/**
 * Names the AWS resources of a command. Each comes from, in order: its flag, the stack outputs file
 * (`--outputs` or SURV_CDK_OUTPUTS), its environment variable(s), its default. Flags win because they are the
 * most deliberate; the outputs file beats the ambient environment because it describes the stack itself (its
 * region, in particular, beats an AWS_REGION set for other work).
 */
export const resolveAwsTarget = async <N extends AwsResourceName>(options: ResolveAwsTargetOptions<N>): Promise<AwsTarget<N>> => {
  const { flags, env, cwd, command } = options;
  const endpointFlag = nonEmpty(flags['endpoint']);
  const endpoint = endpointFlag === undefined ? undefined : checkEndpoint(endpointFlag, command);
  const outputsArg = nonEmpty(flags['outputs']) ?? nonEmpty(env[OUTPUTS_ENV]);
  const outputsFile = outputsArg === undefined ? undefined : resolve(cwd, outputsArg);
  const outputs = outputsFile === undefined ? {} : await readStackOutputs(outputsFile, nonEmpty(flags['stack']) ?? nonEmpty(env[STACK_ENV]));
  const wanted = new Set<AwsResourceName>(['region', ...options.need, ...(options.optional ?? [])]);
  const found: Partial<Record<AwsResourceName, string>> = {};
  for (const name of wanted) {
    const spec = AWS_RESOURCES[name];
    const value = nonEmpty(flags[spec.flag]) ?? nonEmpty(outputs[spec.output]) ?? spec.env.map((v) => nonEmpty(env[v])).find((v) => v !== undefined) ?? spec.fallback;
    if (value !== undefined) found[name] = value;
  }
  const missing = [...new Set<AwsResourceName>(['region', ...options.need])].filter((n) => found[n] === undefined);
  if (missing.length > 0) {
    const ways = missing.map((n) => {
      const spec = AWS_RESOURCES[n];
      return `${spec.what} (--${spec.flag}, ${spec.env.join(' or ')}, or output ${spec.output} in --outputs FILE)`;
    });
    const from = outputsFile === undefined ? 'no --outputs file given' : `not in '${outputsFile}'`;
    throw new CliError('CLI_USAGE', `surv ${command} --target aws needs ${ways.join('; ')}; ${from}`, {
      hint: `surv ${command} --target aws --outputs cdk-outputs.json`, detailCode: 'AWS_TARGET_INCOMPLETE',
    });
  }
  return { ...found, endpoint, outputsFile } as AwsTarget<N>;
};
