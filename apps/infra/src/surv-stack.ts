import { ArnFormat, CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { LAKE_PREFIXES, STACK_OUTPUTS, type StackOutput } from '@surv/domain';
import { loadDetectionApplication } from '@surv/detection';
import { NAMED_QUERIES } from '@surv/pipeline';
import type { Construct } from 'constructs';
import { DataKey } from './data-key';
import { DeliveryPipeline } from './delivery-pipeline';
import { EventStreams } from './event-streams';
import { acknowledgeScopedWildcards, type ScopedWildcard } from './grant-acknowledgements';
import { Kav2Detector } from './kav2-detector';
import { LakeBucket } from './lake-bucket';
import { GLUE_DATABASE, LakeCatalog } from './lake-catalog';
import { RawArchive } from './raw-archive';
import { ReportAnalytics } from './report-analytics';
import { SurvFunction } from './surv-function';
import { resolveSurvStackOptions, type FunctionName, type ResolvedSurvStackOptions, type SurvStackProps } from './surv-stack-props';

/** Tumbling window of the Lambda detector; equals the SQL's STEP(ROWTIME BY INTERVAL '1' MINUTE). */
export const DETECTOR_WINDOW = Duration.seconds(60);

/**
 * The whole of surv on AWS (ARCHITECTURE §1, §5, §7): streams, raw archive, enricher, detector (Lambda or
 * KAV2 SQL), alert publisher, SNS, lake bucket, Glue catalog, Athena reports and the CI/CD pipeline, all
 * encrypted with one customer-managed key, one least-privilege role per function and service.
 */
export class SurvStack extends Stack {
  readonly options: ResolvedSurvStackOptions;
  readonly key: IKey;
  readonly lake: LakeBucket;
  readonly streams: EventStreams;
  readonly topic: Topic;
  readonly rawArchive: RawArchive;
  readonly catalog: LakeCatalog;
  readonly analytics: ReportAnalytics;
  readonly functions: Partial<Record<FunctionName, SurvFunction>>;
  readonly kav2?: Kav2Detector;
  readonly delivery: DeliveryPipeline;

  constructor(scope: Construct, id: string, props: SurvStackProps) {
    super(scope, id, props);
    this.options = resolveSurvStackOptions(props);
    const logRetention = this.options.logRetentionDays as RetentionDays;
    const key = new DataKey(this, 'DataKey').key;
    this.key = key;
    this.lake = new LakeBucket(this, 'Lake', {
      key,
      rawInfrequentAccessAfterDays: this.options.rawInfrequentAccessAfterDays,
      athenaResultsExpireAfterDays: this.options.athenaResultsExpireAfterDays,
    });
    const bucket = this.lake.bucket;
    this.streams = new EventStreams(this, 'Streams', { key });
    this.topic = new Topic(this, 'AlertsTopic', { displayName: 'surv alerts', masterKey: key, enforceSSL: true });
    this.rawArchive = new RawArchive(this, 'RawArchive', { source: this.streams.market, bucket, key, logRetention });
    this.catalog = new LakeCatalog(this, 'Catalog', { bucket, key });
    this.analytics = new ReportAnalytics(this, 'Analytics', {
      bucket, key, database: GLUE_DATABASE, queries: NAMED_QUERIES, bytesScannedCutoff: this.options.athenaBytesScannedCutoff,
    });
    this.analytics.node.addDependency(this.catalog.database);

    const fn = (name: FunctionName, environment: Record<string, string>, extra: { timeout?: Duration; memorySize?: number } = {}) =>
      new SurvFunction(this, pascal(name), { name, code: props.code[name], key, logRetention, environment, ...extra });
    const lakeEnv = { LAKE_BUCKET: bucket.bucketName, KMS_KEY_ID: key.keyArn };

    const producer = fn('producer', { MARKET_STREAM_NAME: this.streams.market.streamName });
    this.streams.market.grantWrite(producer.role);
    new Rule(this, 'ProducerSchedule', {
      description: 'surv: simulate one minute of market events',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaTarget(producer.fn, { retryAttempts: 2 })],
    });

    const enricher = fn('enricher', lakeEnv, { memorySize: 1024 });
    bucket.grantPut(enricher.role, `${LAKE_PREFIXES.curated}*`);
    bucket.grantPut(enricher.role, `${LAKE_PREFIXES.quarantine}*`);
    this.consume(enricher, this.streams.market, 'EnricherDlq');

    const publisher = fn('alert-publisher', { ...lakeEnv, ALERT_TOPIC_ARN: this.topic.topicArn });
    this.topic.grantPublish(publisher.role);
    // Read as well as write alerts/: the publisher checks an alert_id object before notifying again.
    bucket.grantRead(publisher.role, `${LAKE_PREFIXES.alerts}*`);
    bucket.grantPut(publisher.role, `${LAKE_PREFIXES.alerts}*`);
    this.consume(publisher, this.streams.alerts, 'AlertPublisherDlq');

    const reports = fn('report-generator', {
      ...lakeEnv, ATHENA_WORKGROUP: this.analytics.workGroup.name, ATHENA_DATABASE: GLUE_DATABASE,
    }, { timeout: Duration.minutes(5), memorySize: 1024 });
    this.grantReporting(reports);
    new Rule(this, 'ReportSchedule', {
      description: 'surv: run the named queries into reports/',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaTarget(reports.fn, { retryAttempts: 2 })],
    });

    this.functions = { producer, enricher, 'alert-publisher': publisher, 'report-generator': reports };
    if (this.options.detectorRuntime === 'lambda') {
      const detector = fn('detector', { ALERT_STREAM_NAME: this.streams.alerts.streamName }, { timeout: Duration.minutes(2), memorySize: 1024 });
      this.streams.alerts.grantWrite(detector.role);
      this.consume(detector, this.streams.market, 'DetectorDlq', DETECTOR_WINDOW);
      this.functions.detector = detector;
    } else {
      this.kav2 = new Kav2Detector(this, 'Kav2Detector', {
        source: this.streams.market, destination: this.streams.alerts, application: loadDetectionApplication(),
      });
    }

    this.delivery = new DeliveryPipeline(this, 'Delivery', { key, branch: this.options.branch, logRetention });
    this.acknowledgeFindings();
    this.addOutputs();
  }

  /** The resource names `surv --target aws` needs, read from `cdk deploy --outputs-file` (names: `STACK_OUTPUTS`). */
  private addOutputs(): void {
    const outputs: Record<StackOutput, { value: string; description: string }> = {
      region: { value: this.region, description: 'surv: region of the stack' },
      marketStream: { value: this.streams.market.streamName, description: 'surv: market-event stream (surv produce/scan --target aws)' },
      alertStream: { value: this.streams.alerts.streamName, description: 'surv: alerts stream' },
      lakeBucket: { value: this.lake.bucket.bucketName, description: 'surv: lake bucket' },
      dataKey: { value: this.key.keyArn, description: 'surv: customer-managed data key' },
      athenaWorkGroup: { value: this.analytics.workGroup.name, description: 'surv: Athena workgroup of the named queries (surv query --target aws)' },
      glueDatabase: { value: GLUE_DATABASE, description: 'surv: Glue database of the lake tables' },
      alertTopic: { value: this.topic.topicArn, description: 'surv: SNS topic of alerts' },
    };
    for (const [name, output] of Object.entries(outputs) as [StackOutput, { value: string; description: string }][]) {
      new CfnOutput(this, STACK_OUTPUTS[name], output);
    }
  }

  /** The cdk-nag findings that are deliberate, each with its reason (see README, Security). */
  private acknowledgeFindings(): void {
    const lake = this.lake.bucket.bucketArn;
    const objects = (prefix: string, who: string): ScopedWildcard => ({
      arn: `${lake}/${prefix}*`,
      reason: `S3 object ARNs: ${who} may touch objects under ${prefix} only (prefix-scoped, not the bucket).`,
    });
    const codebuild = [this.delivery.build, this.delivery.deploy].flatMap((p): ScopedWildcard[] => [
      {
        arn: this.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/codebuild/${p.projectName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        reason: 'CodeBuild default log group of this one project (its log streams); added by the PipelineProject construct.',
      },
      {
        arn: this.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: `${p.projectName}-*` }),
        reason: 'Test report groups of this one project only; added by the PipelineProject construct.',
      },
    ]);
    acknowledgeScopedWildcards(this, [
      objects(LAKE_PREFIXES.raw, 'the raw archiver (write) and the raw crawler (read)'),
      { arn: `${lake}/${LAKE_PREFIXES.quarantine}firehose/*`, reason: 'S3 object ARNs: Firehose delivery errors under quarantine/firehose/ only.' },
      objects(LAKE_PREFIXES.curated, 'the enricher (write), crawler and report generator (read)'),
      objects(LAKE_PREFIXES.alerts, 'the alert publisher, crawler and report generator'),
      objects(LAKE_PREFIXES.reports, 'the report generator and the reports crawler'),
      objects(LAKE_PREFIXES.athenaResults, 'the report generator (Athena writes results with the caller credentials)'),
      objects(LAKE_PREFIXES.quarantine, 'the enricher (bad records with their reason)'),
      {
        arn: this.formatArn({ service: 'glue', resource: 'table', resourceName: `${GLUE_DATABASE}/*` }),
        reason: 'Glue tables of the one surv database; the crawlers create tables whose names come from the lake folders.',
      },
      {
        arn: this.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/crawlers*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        reason: 'Glue names crawler log groups itself (/aws-glue/crawlers-role/<role>-<security configuration>); scoped to that family.',
      },
      { arn: `${this.delivery.artifacts.bucketArn}/*`, reason: 'Pipeline artifact objects in the dedicated artifacts bucket; CodePipeline chooses their keys.' },
      ...codebuild,
    ]);
    for (const stream of [this.streams.market, this.streams.alerts]) {
      Validations.of(stream).acknowledge({
        id: 'AwsSolutions-KDS3',
        reason: 'Deliberate: the streams use the customer-managed data key (rotation on), not the aws/kinesis key, so one key policy governs all surv data.',
      });
    }
  }

  /** A Kinesis event source mapping with bisect-on-error, partial batch responses and an encrypted SQS DLQ. */
  private consume(target: SurvFunction, stream: IStream, dlqId: string, tumblingWindow?: Duration): void {
    const dlq = new Queue(this, dlqId, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination (DLQ) of a Kinesis event source mapping.',
    });
    target.fn.addEventSource(new KinesisEventSource(stream, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 500,
      maxBatchingWindow: Duration.seconds(5),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(6),
      onFailure: new SqsDlq(dlq),
      ...(tumblingWindow === undefined ? {} : { tumblingWindow }),
    }));
  }

  /** Athena in the reports workgroup, Glue reads of the surv database, lake reads and report/result writes; no delete. */
  private grantReporting(reports: SurvFunction): void {
    const bucket = this.lake.bucket;
    reports.role.addToPrincipalPolicy(new PolicyStatement({
      actions: [
        'athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution',
        'athena:GetWorkGroup', 'athena:GetNamedQuery', 'athena:ListNamedQueries', 'athena:BatchGetNamedQuery',
      ],
      resources: [this.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.analytics.workGroup.name })],
    }));
    reports.role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
      resources: [
        this.formatArn({ service: 'glue', resource: 'catalog' }),
        this.formatArn({ service: 'glue', resource: 'database', resourceName: GLUE_DATABASE }),
        this.formatArn({ service: 'glue', resource: 'table', resourceName: `${GLUE_DATABASE}/*` }),
      ],
    }));
    // Athena reads the tables' data and writes/reads query results with the caller's credentials.
    for (const prefix of [LAKE_PREFIXES.curated, LAKE_PREFIXES.alerts, LAKE_PREFIXES.athenaResults]) {
      bucket.grantRead(reports.role, `${prefix}*`);
    }
    bucket.grantPut(reports.role, `${LAKE_PREFIXES.reports}*`);
    bucket.grantPut(reports.role, `${LAKE_PREFIXES.athenaResults}*`);
  }
}

const pascal = (name: string): string => name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
