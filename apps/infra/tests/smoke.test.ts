import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { loadDetectionApplication } from '@surv/detection';
import { NAMED_QUERIES, NAMED_QUERY_NAMES } from '@surv/pipeline';
import { STACK_OUTPUTS } from '@surv/domain';
import { BUILD_SPEC, GLUE_DATABASE, RAW_DATA_PREFIX, RAW_ERROR_PREFIX } from '@surv/infra';
import { RUNTIMES, resourcesOf, synth } from './support/synth';

const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });

describe.each(RUNTIMES)('surv stack with detector=%s', (runtime) => {
  const s = synth(runtime);
  const { template: t, stack } = s;
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
  const marketId = id(stack.streams.market);
  const alertsId = id(stack.streams.alerts);
  const fnId = (name: 'producer' | 'enricher' | 'alert-publisher' | 'report-generator' | 'detector') =>
    stack.getLogicalId(stack.functions[name]!.fn.node.defaultChild as never);

  it('has the market stream with 2 shards and the alerts stream with 1', () => {
    t.resourceCountIs('AWS::Kinesis::Stream', 2);
    expect(resourcesOf(s, 'AWS::Kinesis::Stream').find(([k]) => k === marketId)![1].Properties!.ShardCount).toBe(2);
    expect(resourcesOf(s, 'AWS::Kinesis::Stream').find(([k]) => k === alertsId)![1].Properties!.ShardCount).toBe(1);
  });

  it('has one customer-managed key with rotation', () => {
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('archives the market stream to raw/ as time-partitioned JSONL through Firehose', () => {
    expect(RAW_DATA_PREFIX).toBe('raw/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/');
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: getAtt(marketId) },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: RAW_DATA_PREFIX,
        ErrorOutputPrefix: RAW_ERROR_PREFIX,
        CompressionFormat: 'UNCOMPRESSED',
        ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] },
      }),
    });
    expect(RAW_ERROR_PREFIX).toContain('!{firehose:error-output-type}');
  });

  it('runs every function on nodejs22.x arm64 with a log group that has retention', () => {
    const fns = resourcesOf(s, 'AWS::Lambda::Function');
    expect(fns.length).toBe(runtime === 'lambda' ? 5 : 4);
    for (const [, f] of fns) {
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
      const logGroupId = ((f.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup).Ref;
      expect(s.json.Resources[logGroupId]!.Properties!.RetentionInDays).toBe(30);
    }
    for (const [, lg] of resourcesOf(s, 'AWS::Logs::LogGroup')) expect(lg.Properties!.RetentionInDays).toBe(30);
  });

  it('maps the enricher to the market stream and the alert publisher to the alerts stream with bisect, partial failures and a DLQ', () => {
    const mapping = (fn: string, stream: string) => t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn },
      EventSourceArn: getAtt(stream),
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['Arn']) }) } },
      StartingPosition: 'TRIM_HORIZON',
    });
    mapping(fnId('enricher'), marketId);
    mapping(fnId('alert-publisher'), alertsId);
    for (const [, m] of resourcesOf(s, 'AWS::Lambda::EventSourceMapping')) {
      const dlq = (m.Properties!.DestinationConfig as { OnFailure: { Destination: { 'Fn::GetAtt': [string] } } }).OnFailure.Destination['Fn::GetAtt'][0];
      expect(s.json.Resources[dlq]!.Type).toBe('AWS::SQS::Queue');
    }
  });

  it('schedules the producer every minute and the report generator every 5 minutes', () => {
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', Targets: [Match.objectLike({ Arn: getAtt(fnId('producer')) })] });
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)', Targets: [Match.objectLike({ Arn: getAtt(fnId('report-generator')) })] });
  });

  if (runtime === 'lambda') {
    it('runs the detector on a 60 s tumbling window of the market stream and has no KAV2 application', () => {
      t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId('detector') }, EventSourceArn: getAtt(marketId), TumblingWindowInSeconds: 60,
        FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true,
      });
      t.resourceCountIs('AWS::KinesisAnalyticsV2::Application', 0);
    });
  } else {
    it('runs the detection SQL as a KAV2 SQL-1_0 application from the market stream to the alerts stream', () => {
      const app = loadDetectionApplication();
      t.resourceCountIs('AWS::KinesisAnalyticsV2::Application', 1);
      t.hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
        RuntimeEnvironment: 'SQL-1_0',
        ApplicationConfiguration: {
          ApplicationCodeConfiguration: { CodeContentType: 'PLAINTEXT', CodeContent: { TextContent: app.sql } },
          SqlApplicationConfiguration: {
            Inputs: [Match.objectLike({
              NamePrefix: 'SOURCE_SQL_STREAM',
              KinesisStreamsInput: { ResourceARN: getAtt(marketId) },
              InputSchema: Match.objectLike({
                RecordColumns: app.inputSchema.RecordColumns.map((c) => ({ Name: c.Name, Mapping: c.Mapping, SqlType: c.SqlType })),
                RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
              }),
            })],
          },
        },
      });
      t.hasResourceProperties('AWS::KinesisAnalyticsV2::ApplicationOutput', {
        Output: { Name: 'DESTINATION_SQL_STREAM', DestinationSchema: { RecordFormatType: 'JSON' }, KinesisStreamsOutput: { ResourceARN: getAtt(alertsId) } },
      });
      expect(Object.values(s.json.Resources).some((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties!.TumblingWindowInSeconds !== undefined)).toBe(false);
    });
  }

  it('has the alerts topic', () => t.resourceCountIs('AWS::SNS::Topic', 1));

  it('has a lake bucket with public access blocked, TLS enforced, bucket key, versioning and lifecycle rules', () => {
    const lakeId = id(stack.lake.bucket);
    const lake = s.json.Resources[lakeId]!.Properties!;
    expect(lake.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(lake.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect((lake.BucketEncryption as { ServerSideEncryptionConfiguration: { BucketKeyEnabled: boolean }[] }).ServerSideEncryptionConfiguration[0]!.BucketKeyEnabled).toBe(true);
    const rules = (lake.LifecycleConfiguration as { Rules: { Id: string; Prefix?: string }[] }).Rules;
    expect(rules.map((r) => r.Prefix).filter(Boolean)).toEqual(['raw/', 'athena-results/', 'quarantine/']);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: lakeId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('catalogs the lake: database, curated tables with their partition keys, three crawlers with partition-aware targets', () => {
    t.resourceCountIs('AWS::Glue::Database', 1);
    t.hasResourceProperties('AWS::Glue::Table', { TableInput: Match.objectLike({ Name: 'market_events', PartitionKeys: [{ Name: 'dt', Type: 'string' }, { Name: 'hour', Type: 'string' }] }) });
    t.hasResourceProperties('AWS::Glue::Table', { TableInput: Match.objectLike({ Name: 'alerts', PartitionKeys: [{ Name: 'dt', Type: 'string' }] }) });
    t.resourceCountIs('AWS::Glue::Crawler', 3);
    const lakeRef = { Ref: id(stack.lake.bucket) };
    const s3Path = (prefix: string) => ({ 'Fn::Join': ['', ['s3://', lakeRef, `/${prefix}`]] });
    t.hasResourceProperties('AWS::Glue::Crawler', { Targets: { S3Targets: [{ Path: s3Path('raw/') }] } });
    t.hasResourceProperties('AWS::Glue::Crawler', { Targets: { CatalogTargets: [{ DatabaseName: 'surv', Tables: ['market_events', 'alerts'] }] } });
    t.hasResourceProperties('AWS::Glue::Crawler', {
      Targets: { S3Targets: NAMED_QUERY_NAMES.map((q) => ({ Path: s3Path(`reports/${q}/`), Exclusions: ['**.json', '**.html'] })) },
    });
    for (const [, c] of resourcesOf(s, 'AWS::Glue::Crawler')) {
      expect(JSON.parse(c.Properties!.Configuration as string).CrawlerOutput.Partitions.AddOrUpdateBehavior).toBe('InheritFromTable');
    }
  });

  it('has the Athena workgroup (enforced, SSE_KMS results in athena-results/, scan cutoff) and the 5 named queries from the .sql files', () => {
    t.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: Match.objectLike({
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: id(stack.lake.bucket) }, '/athena-results/']] },
          EncryptionConfiguration: Match.objectLike({ EncryptionOption: 'SSE_KMS' }),
        }),
      }),
    });
    t.resourceCountIs('AWS::Athena::NamedQuery', 5);
    const queries = resourcesOf(s, 'AWS::Athena::NamedQuery').map(([, q]) => [q.Properties!.Name, q.Properties!.QueryString]);
    expect(Object.fromEntries(queries)).toEqual(Object.fromEntries(NAMED_QUERIES.map((q) => [q.name, q.sql])));
  });

  it('outputs the resource names surv --target aws reads, under the names of STACK_OUTPUTS', () => {
    const ref = (c: { node: { defaultChild?: unknown } }) => ({ Ref: id(c) });
    t.hasOutput(STACK_OUTPUTS.region, { Value: { Ref: 'AWS::Region' } });
    t.hasOutput(STACK_OUTPUTS.marketStream, { Value: ref(stack.streams.market) });
    t.hasOutput(STACK_OUTPUTS.alertStream, { Value: ref(stack.streams.alerts) });
    t.hasOutput(STACK_OUTPUTS.lakeBucket, { Value: ref(stack.lake.bucket) });
    t.hasOutput(STACK_OUTPUTS.dataKey, { Value: getAtt(id(stack.key as never)) });
    t.hasOutput(STACK_OUTPUTS.athenaWorkGroup, { Value: 'Surv-reports' });
    t.hasOutput(STACK_OUTPUTS.glueDatabase, { Value: GLUE_DATABASE });
    t.hasOutput(STACK_OUTPUTS.alertTopic, { Value: { Ref: stack.getLogicalId(stack.topic.node.defaultChild as never) } });
    expect(Object.keys(t.toJSON()['Outputs'] as object).sort()).toEqual(Object.values(STACK_OUTPUTS).sort());
  });

  it('has CodeCommit, a CodeBuild build that runs npm ci and nx affected, and a source → build → deploy pipeline', () => {
    t.resourceCountIs('AWS::CodeCommit::Repository', 1);
    const build = JSON.stringify(BUILD_SPEC);
    expect(build).toContain('npm ci');
    expect(build).toContain('npx nx affected -t lint test build');
    t.hasResourceProperties('AWS::CodeBuild::Project', { Source: Match.objectLike({ BuildSpec: Match.stringLikeRegexp('npx nx affected -t lint test build') }) });
    const stages = (resourcesOf(s, 'AWS::CodePipeline::Pipeline')[0]![1].Properties!.Stages as { Name: string; Actions: { ActionTypeId: { Provider: string } }[] }[]);
    expect(stages.map((st) => [st.Name, st.Actions[0]!.ActionTypeId.Provider])).toEqual([['Source', 'CodeCommit'], ['Build', 'CodeBuild'], ['Deploy', 'CodeBuild']]);
  });
});
