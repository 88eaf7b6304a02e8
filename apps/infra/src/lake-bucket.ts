import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { LAKE_PREFIXES } from '@surv/domain';
import { Construct } from 'constructs';

/** Props of {@link LakeBucket}. */
export interface LakeBucketProps {
  readonly key: IKey;
  /** Days before raw JSONL moves to Standard-IA. */
  readonly rawInfrequentAccessAfterDays: number;
  /** Days before Athena result files expire. */
  readonly athenaResultsExpireAfterDays: number;
}

/** Secure defaults shared by every surv bucket: SSE-KMS with the data key and a bucket key, TLS only, no public access. */
export const secureBucketProps = (key: IKey) => ({
  encryption: BucketEncryption.KMS,
  encryptionKey: key,
  bucketKeyEnabled: true,
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
});

/** Why no server access logs: recorded on every surv bucket. */
export const acknowledgeAccessLogs = (bucket: Construct): void =>
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'Server access logs need a second bucket that cannot use SSE-KMS with the data key; object-level access is audited with CloudTrail data events at the account level instead.',
  });

/**
 * The lake (ARCHITECTURE §5): one bucket holding raw/, curated/, alerts/, reports/, athena-results/ and
 * quarantine/, with lifecycle rules per prefix.
 */
export class LakeBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: LakeBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...secureBucketProps(props.key),
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Rewrites (replays overwrite curated objects) leave old versions behind; keep them a month.
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(30) },
        {
          id: 'raw-tiering',
          prefix: LAKE_PREFIXES.raw,
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(props.rawInfrequentAccessAfterDays) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(props.rawInfrequentAccessAfterDays + 60) },
          ],
        },
        { id: 'athena-results-expiry', prefix: LAKE_PREFIXES.athenaResults, expiration: Duration.days(props.athenaResultsExpireAfterDays) },
        { id: 'quarantine-expiry', prefix: LAKE_PREFIXES.quarantine, expiration: Duration.days(90) },
      ],
    });
    acknowledgeAccessLogs(this.bucket);
  }
}
