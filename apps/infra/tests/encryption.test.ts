import { describe, expect, it } from 'vitest';
import { RUNTIMES, resourcesOf, synth } from './support/synth';

describe.each(RUNTIMES)('encryption at rest with detector=%s', (runtime) => {
  const s = synth(runtime);
  const keyId = resourcesOf(s, 'AWS::KMS::Key')[0]![0];
  const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
  const props = (type: string) => {
    const found = resourcesOf(s, type);
    expect(found.length, type).toBeGreaterThan(0);
    return found.map(([id, r]) => [id, r.Properties!] as const);
  };

  it('encrypts both streams with the customer-managed key', () => {
    for (const [id, p] of props('AWS::Kinesis::Stream')) expect(p.StreamEncryption, id).toEqual({ EncryptionType: 'KMS', KeyId: keyArn });
  });

  it('encrypts every bucket with SSE-KMS under the key, with a bucket key', () => {
    for (const [id, p] of props('AWS::S3::Bucket')) {
      expect(p.BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }],
      });
    }
  });

  it('encrypts the SNS topic and every DLQ with the key', () => {
    for (const [id, p] of props('AWS::SNS::Topic')) expect(p.KmsMasterKeyId, id).toEqual(keyArn);
    const queues = props('AWS::SQS::Queue');
    expect(queues.length).toBe(runtime === 'lambda' ? 3 : 2);
    for (const [id, p] of queues) expect(p.KmsMasterKeyId, id).toEqual(keyArn);
  });

  it('writes Firehose output with SSE-KMS under the key', () => {
    for (const [id, p] of props('AWS::KinesisFirehose::DeliveryStream')) {
      expect((p.ExtendedS3DestinationConfiguration as { EncryptionConfiguration: unknown }).EncryptionConfiguration, id)
        .toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } });
    }
  });

  it('encrypts every log group, Lambda environment, build project and the repository with the key', () => {
    for (const [id, p] of props('AWS::Logs::LogGroup')) expect(p.KmsKeyId, id).toEqual(keyArn);
    for (const [id, p] of props('AWS::Lambda::Function')) expect(p.KmsKeyArn, id).toEqual(keyArn);
    for (const [id, p] of props('AWS::CodeBuild::Project')) expect(p.EncryptionKey, id).toEqual(keyArn);
    for (const [id, p] of props('AWS::CodeCommit::Repository')) expect(p.KmsKeyId, id).toEqual(keyArn);
    for (const [id, p] of props('AWS::CodePipeline::Pipeline')) expect((p.ArtifactStore as { EncryptionKey: unknown }).EncryptionKey, id).toEqual({ Id: keyArn, Type: 'KMS' });
  });

  it('encrypts Athena results with SSE_KMS under the key and Glue crawler logs with the key', () => {
    for (const [id, p] of props('AWS::Athena::WorkGroup')) {
      const rc = (p.WorkGroupConfiguration as { ResultConfiguration: { EncryptionConfiguration: unknown } }).ResultConfiguration;
      expect(rc.EncryptionConfiguration, id).toEqual({ EncryptionOption: 'SSE_KMS', KmsKey: keyArn });
    }
    for (const [id, p] of props('AWS::Glue::SecurityConfiguration')) {
      expect((p.EncryptionConfiguration as { CloudWatchEncryption: unknown }).CloudWatchEncryption, id).toEqual({ CloudWatchEncryptionMode: 'SSE-KMS', KmsKeyArn: keyArn });
    }
    for (const [id, c] of props('AWS::Glue::Crawler')) expect(c.CrawlerSecurityConfiguration, id).toBeDefined();
  });

  it('lets CloudWatch Logs use the key only for this account\'s log groups', () => {
    const policy = resourcesOf(s, 'AWS::KMS::Key')[0]![1].Properties!.KeyPolicy as { Statement: { Sid?: string; Condition?: unknown }[] };
    const logs = policy.Statement.find((st) => st.Sid === 'AllowCloudWatchLogsForThisAccount');
    expect(JSON.stringify(logs!.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
  });
});
