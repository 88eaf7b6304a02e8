import { Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, LogStream, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { LAKE_PREFIXES } from '@surv/domain';
import { Construct } from 'constructs';

/** Firehose's timestamp expressions for the `year=/month=/day=/hour=` layout of `raw/` (ARCHITECTURE §5). */
const TIME_PARTITION = 'year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';

/** Prefix of delivered raw JSONL. */
export const RAW_DATA_PREFIX = `${LAKE_PREFIXES.raw}${TIME_PARTITION}`;
/** Prefix of records Firehose could not deliver (under quarantine/, with the failure type). */
export const RAW_ERROR_PREFIX = `${LAKE_PREFIXES.quarantine}firehose/!{firehose:error-output-type}/${TIME_PARTITION}`;

/** Props of {@link RawArchive}. */
export interface RawArchiveProps {
  readonly source: IStream;
  readonly bucket: IBucket;
  readonly key: IKey;
  readonly logRetention: RetentionDays;
}

/**
 * The raw archiver on AWS: Firehose reads the market stream and writes newline-delimited JSON to
 * `raw/` (time-partitioned), failures to `quarantine/firehose/`, SSE-KMS with the data key.
 */
export class RawArchive extends Construct {
  readonly deliveryStream: CfnDeliveryStream;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RawArchiveProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, encryptionKey: props.key });
    const logStream = new LogStream(this, 'DeliveryLogs', { logGroup: this.logGroup, logStreamName: 'S3Delivery' });

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': stack.account } } }),
      description: 'surv Firehose raw archiver: reads the market stream, writes raw/ and its error prefix',
    });
    props.source.grantRead(this.role);
    // Written by hand rather than bucket.grantWrite: Firehose needs no delete and only two prefixes.
    this.role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [props.bucket.arnForObjects(`${LAKE_PREFIXES.raw}*`), props.bucket.arnForObjects(`${LAKE_PREFIXES.quarantine}firehose/*`)],
    }));
    this.role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [props.bucket.bucketArn],
    }));
    props.key.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.logGroup.grantWrite(this.role);

    this.deliveryStream = new CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: props.source.streamArn, roleArn: this.role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: props.bucket.bucketArn,
        roleArn: this.role.roleArn,
        prefix: RAW_DATA_PREFIX,
        errorOutputPrefix: RAW_ERROR_PREFIX,
        fileExtension: '.jsonl',
        compressionFormat: 'UNCOMPRESSED',
        bufferingHints: { intervalInSeconds: 60, sizeInMBs: 64 },
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: props.key.keyArn } },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: this.logGroup.logGroupName, logStreamName: logStream.logStreamName },
        // Records arrive as bare JSON objects; the processor appends its default delimiter, a newline, so
        // each delivered object is JSONL (the Firehose API documents it as taking no parameter for this).
        processingConfiguration: { enabled: true, processors: [{ type: 'AppendDelimiterToRecord' }] },
      },
    });
    // Firehose must see the role's policy before it first assumes it, or creation fails validation.
    this.deliveryStream.node.addDependency(this.role);
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason: 'A Firehose with a Kinesis stream source cannot enable its own SSE; records stay encrypted by the source stream (data key) and the S3 destination (SSE-KMS, data key).',
    });
  }
}
