import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { InfraError } from './errors';

/** Wildcard actions that CDK grants expand to, each with why it stays within least privilege. */
const GRANT_ACTION_WILDCARDS: Readonly<Record<string, string>> = {
  's3:GetObject*': 'CDK read grant: GetObject and its read-only variants (version, ACL, tagging, attributes), on one prefix only.',
  's3:GetBucket*': 'CDK read grant: bucket metadata reads (location, versioning, policy status) needed by SDK and Athena calls; read-only.',
  's3:List*': 'CDK read grant: listing one bucket (ListBucket, multipart listings); read-only, no other bucket.',
  's3:Abort*': 'CDK put grant: AbortMultipartUpload, so failed multipart writes can be cleaned up; cannot delete objects.',
  'kms:ReEncrypt*': 'CDK key grant: ReEncryptFrom/ReEncryptTo on the one data key only.',
  'kms:GenerateDataKey*': 'CDK key grant: GenerateDataKey and its WithoutPlaintext/Pair variants on the one data key only.',
};

/** A scoped wildcard resource that a grant or a service's naming scheme requires, with its reason. */
export interface ScopedWildcard {
  /** The ARN (tokens allowed) as it appears in the policy, e.g. `${bucket.bucketArn}/raw/*`. */
  readonly arn: string;
  readonly reason: string;
}

/**
 * Acknowledges cdk-nag's IAM5 findings that are scoped wildcards: the action patterns CDK grants expand to,
 * and the resource patterns listed (object prefixes, tables of one database, one log-group family). Each
 * finding id is exact, so a new or wider wildcard still fails the check.
 */
export const acknowledgeScopedWildcards = (scope: IConstruct, resources: readonly ScopedWildcard[]): void => {
  const stack = Stack.of(scope);
  const v = Validations.of(scope);
  for (const [action, reason] of Object.entries(GRANT_ACTION_WILDCARDS)) v.acknowledge({ id: `AwsSolutions-IAM5[Action::${action}]`, reason });
  for (const { arn, reason } of resources) {
    const parts = stack.resolve(arn) as unknown;
    const rendered = typeof parts === 'string'
      ? parts
      : (parts as { 'Fn::Join': [string, (string | object)[]] })['Fn::Join'][1]
          .map((p) => (typeof p === 'string' ? p : renderIntrinsic(p)))
          .join('');
    v.acknowledge({ id: `AwsSolutions-IAM5[Resource::${rendered}]`, reason });
  }
};

const renderIntrinsic = (p: object): string => {
  if ('Ref' in p) {
    const ref = (p as { Ref: string }).Ref;
    return `<${ref}>`;
  }
  if ('Fn::GetAtt' in p) {
    const [id, attr] = (p as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    return `<${id}.${attr}>`;
  }
  throw new InfraError('INFRA_INVALID_OPTIONS', `cannot render ${JSON.stringify(p)} as a cdk-nag finding id`);
};

