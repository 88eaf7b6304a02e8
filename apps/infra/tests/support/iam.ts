import { createHash } from 'node:crypto';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { Synthesized } from './synth';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const PARTITION = 'aws';

type Json = unknown;
type Resources = Synthesized['json']['Resources'];

/** Concrete names and ARNs for the template's logical ids, so policies can be evaluated like deployed ones. */
const nameOf = (logicalId: string) => logicalId.toLowerCase();

const arnOf = (resources: Resources, logicalId: string): string => {
  const type = resources[logicalId]?.Type;
  const n = nameOf(logicalId);
  switch (type) {
    case 'AWS::Kinesis::Stream': return `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${n}`;
    case 'AWS::S3::Bucket': return `arn:aws:s3:::${n}`;
    case 'AWS::KMS::Key': {
      const h = createHash('md5').update(logicalId).digest('hex');
      return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    }
    case 'AWS::SNS::Topic': return `arn:aws:sns:${REGION}:${ACCOUNT}:${n}`;
    case 'AWS::SQS::Queue': return `arn:aws:sqs:${REGION}:${ACCOUNT}:${n}`;
    case 'AWS::Logs::LogGroup': return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${n}:*`;
    case 'AWS::CodeCommit::Repository': return `arn:aws:codecommit:${REGION}:${ACCOUNT}:${n}`;
    case 'AWS::CodeBuild::Project': return `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/${n}`;
    case 'AWS::Lambda::Function': return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${n}`;
    case 'AWS::IAM::Role': return `arn:aws:iam::${ACCOUNT}:role/${n}`;
    default: throw new Error(`no ARN rule for ${logicalId} (${type})`);
  }
};

/** The value `Ref` returns for a resource (a name, or an ARN for topics). */
const refOf = (resources: Resources, logicalId: string): string => {
  const type = resources[logicalId]?.Type;
  if (type === 'AWS::SNS::Topic') return arnOf(resources, logicalId);
  if (type === 'AWS::KMS::Key') return arnOf(resources, logicalId).split('/')[1]!;
  return nameOf(logicalId);
};

const PSEUDO: Record<string, string> = { 'AWS::AccountId': ACCOUNT, 'AWS::Region': REGION, 'AWS::Partition': PARTITION, 'AWS::URLSuffix': 'amazonaws.com' };

/** Resolves the intrinsics CDK emits in policies to concrete strings. */
export const resolveIntrinsics = (resources: Resources, value: Json): Json => {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(resources, v));
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, Json>;
  if ('Ref' in o) {
    const ref = o.Ref as string;
    return PSEUDO[ref] ?? refOf(resources, ref);
  }
  if ('Fn::GetAtt' in o) {
    const [id, attr] = o['Fn::GetAtt'] as [string, string];
    if (attr === 'Arn' || attr === 'TopicArn') return arnOf(resources, id);
    if (attr === 'Name') return nameOf(id);
    throw new Error(`no rule for GetAtt ${id}.${attr}`);
  }
  if ('Fn::Join' in o) {
    const [sep, parts] = o['Fn::Join'] as [string, Json[]];
    return parts.map((p) => resolveIntrinsics(resources, p)).join(sep);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveIntrinsics(resources, v)]));
};

export interface PolicyDoc { Version: string; Statement: { Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown }[] }

/** Logical id of a role in its stack. */
export const roleLogicalId = (role: IRole): string => Stack.of(role).getLogicalId(role.node.defaultChild as CfnElement);

/** Every identity policy attached to a role in the template (inline on the role or AWS::IAM::Policy), resolved. */
export const identityPolicies = (s: Synthesized, roleId: string): { name: string; policy: PolicyDoc }[] => {
  const res = s.json.Resources;
  const out: { name: string; policy: PolicyDoc }[] = [];
  for (const [id, r] of Object.entries(res)) {
    if (r.Type !== 'AWS::IAM::Policy') continue;
    const roles = (r.Properties?.Roles as { Ref: string }[] | undefined) ?? [];
    if (roles.some((x) => x.Ref === roleId)) out.push({ name: id, policy: resolveIntrinsics(res, r.Properties!.PolicyDocument) as PolicyDoc });
  }
  const inline = (res[roleId]?.Properties?.Policies as { PolicyName: string; PolicyDocument: unknown }[] | undefined) ?? [];
  for (const p of inline) out.push({ name: p.PolicyName, policy: resolveIntrinsics(res, p.PolicyDocument) as PolicyDoc });
  return out;
};

/** Concrete ARN of a resource of the stack, by construct. */
export const arnFor = (s: Synthesized, construct: { node: { defaultChild?: unknown } }): string =>
  arnOf(s.json.Resources, Stack.of(s.stack).getLogicalId(construct.node.defaultChild as CfnElement));

export const arnForLogicalId = (s: Synthesized, logicalId: string): string => arnOf(s.json.Resources, logicalId);

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** The template's resource policy governing a resource ARN (key policy, bucket, topic or queue policy), if any. */
export const resourcePolicyFor = (s: Synthesized, resource: string): PolicyDoc | undefined => {
  const res = s.json.Resources;
  for (const [id, r] of Object.entries(res)) {
    const p = r.Properties ?? {};
    const doc = () => resolveIntrinsics(res, p.PolicyDocument) as PolicyDoc;
    if (r.Type === 'AWS::KMS::Key' && resource === arnOf(res, id)) return resolveIntrinsics(res, p.KeyPolicy) as PolicyDoc;
    if (r.Type === 'AWS::S3::BucketPolicy') {
      const bucket = arnOf(res, (p.Bucket as { Ref: string }).Ref);
      if (resource === bucket || resource.startsWith(`${bucket}/`)) return doc();
    }
    if (r.Type === 'AWS::SNS::TopicPolicy' && (p.Topics as { Ref: string }[]).some((t) => arnOf(res, t.Ref) === resource)) return doc();
    if (r.Type === 'AWS::SQS::QueuePolicy' && (p.Queues as { Ref: string }[]).some((q) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${nameOf(q.Ref)}` === resource)) return doc();
  }
  return undefined;
};

/**
 * Evaluates one request by a role with iam-simulate: its identity policies plus the resource's own policy
 * from the template (KMS needs its key policy to allow at all; the bucket policy denies non-TLS requests).
 */
export const simulate = async (s: Synthesized, roleId: string, action: string, resource: string, options: { secureTransport?: boolean } = {}): Promise<Decision> => {
  const resourcePolicy = resourcePolicyFor(s, resource);
  const result = await runSimulation({
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:role/${nameOf(roleId)}`,
      action,
      resource: { resource, accountId: ACCOUNT },
      contextVariables: { 'aws:SecureTransport': String(options.secureTransport ?? true) },
    },
    identityPolicies: identityPolicies(s, roleId),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
  }, {});
  if (result.resultType === 'error') throw new Error(`simulation of ${action} on ${resource} rejected: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
};
