import { ArnFormat, Stack } from 'aws-cdk-lib';
import { CfnCrawler, type CfnCrawlerProps, CfnDatabase, CfnSecurityConfiguration, CfnTable } from 'aws-cdk-lib/aws-glue';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { LAKE_PREFIXES } from '@surv/domain';
import { CURATED_COLUMNS, NAMED_QUERY_NAMES, type CuratedColumnType } from '@surv/pipeline';
import { Construct } from 'constructs';

/** Glue database of the lake. */
export const GLUE_DATABASE = 'surv';

/** Props of {@link LakeCatalog}. */
export interface LakeCatalogProps {
  readonly bucket: IBucket;
  readonly key: IKey;
}

const GLUE_TYPE: Record<CuratedColumnType, string> = { STRING: 'string', DOUBLE: 'double', TIMESTAMP_MICROS: 'timestamp' };

/** Columns of `alerts/` objects (the Alert contract, ARCHITECTURE §4); evidence values are read as strings. */
const ALERT_COLUMNS = [
  ['alert_id', 'string'], ['rule', 'string'], ['pattern', 'string'], ['severity', 'string'], ['symbol', 'string'],
  ['account_id', 'string'], ['beneficial_owner', 'string'], ['window_start', 'string'], ['window_end', 'string'],
  ['evidence', 'map<string,string>'], ['detected_at', 'string'],
] as const;

/** Crawler configuration: partitions inherit the table's schema, compatible files form one table. */
const CRAWLER_CONFIGURATION = JSON.stringify({
  Version: 1.0,
  CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
  Grouping: { TableGroupingPolicy: 'CombineCompatibleSchemas' },
});

/**
 * The Glue catalog of the lake: the database, the curated `market_events` (partitions dt, hour) and
 * `alerts` (partition dt) tables, and three crawlers (raw, curated, reports) whose targets end at the
 * Hive `key=value` folders so partitions are found rather than guessed.
 */
export class LakeCatalog extends Construct {
  readonly database: CfnDatabase;
  readonly marketEvents: CfnTable;
  readonly alerts: CfnTable;
  readonly crawlers: Readonly<Record<'raw' | 'curated' | 'reports', CfnCrawler>>;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: LakeCatalogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const catalogId = stack.account;
    const s3Url = (prefix: string) => `s3://${props.bucket.bucketName}/${prefix}`;

    this.database = new CfnDatabase(this, 'Database', {
      catalogId,
      databaseInput: { name: GLUE_DATABASE, description: 'surv lake: raw, curated market events, alerts, reports' },
    });

    const curatedLocation = s3Url(LAKE_PREFIXES.curated);
    this.marketEvents = new CfnTable(this, 'MarketEventsTable', {
      catalogId,
      databaseName: GLUE_DATABASE,
      tableInput: {
        name: 'market_events',
        description: 'Enriched market events (curated/market_events/dt=YYYY-MM-DD/hour=HH/), Parquet',
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: 'dt', type: 'string' }, { name: 'hour', type: 'string' }],
        parameters: {
          classification: 'parquet',
          // Partition projection: Athena sees a new hour the moment it is written, before any crawl.
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': '2020-01-01,NOW',
          'projection.hour.type': 'integer',
          'projection.hour.range': '0,23',
          'projection.hour.digits': '2',
          'storage.location.template': `${curatedLocation}dt=\${dt}/hour=\${hour}/`,
        },
        storageDescriptor: {
          location: curatedLocation,
          columns: CURATED_COLUMNS.map((c) => ({ name: c.name, type: GLUE_TYPE[c.type] })),
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });

    const alertsLocation = s3Url(LAKE_PREFIXES.alerts);
    this.alerts = new CfnTable(this, 'AlertsTable', {
      catalogId,
      databaseName: GLUE_DATABASE,
      tableInput: {
        name: 'alerts',
        description: 'Published alerts (alerts/dt=YYYY-MM-DD/<alert_id>.json), one JSON object per file',
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: 'dt', type: 'string' }],
        parameters: {
          classification: 'json',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': '2020-01-01,NOW',
          'storage.location.template': `${alertsLocation}dt=\${dt}/`,
        },
        storageDescriptor: {
          location: alertsLocation,
          columns: ALERT_COLUMNS.map(([name, type]) => ({ name, type })),
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'ignore.malformed.json': 'true' } },
        },
      },
    });
    for (const table of [this.marketEvents, this.alerts]) table.node.addDependency(this.database);

    this.role = new Role(this, 'CrawlerRole', {
      assumedBy: new ServicePrincipal('glue.amazonaws.com'),
      description: 'surv Glue crawlers: read the lake prefixes, maintain tables and partitions of the surv database',
    });
    for (const prefix of [LAKE_PREFIXES.raw, LAKE_PREFIXES.curated, LAKE_PREFIXES.alerts, LAKE_PREFIXES.reports]) {
      props.bucket.grantRead(this.role, `${prefix}*`);
    }
    const glueArn = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName === undefined ? {} : { resourceName }) });
    this.role.addToPrincipalPolicy(new PolicyStatement({
      actions: [
        'glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:CreateTable', 'glue:UpdateTable',
        'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition', 'glue:CreatePartition',
        'glue:BatchCreatePartition', 'glue:UpdatePartition', 'glue:BatchUpdatePartition',
      ],
      resources: [glueArn('catalog'), glueArn('database', GLUE_DATABASE), glueArn('table', `${GLUE_DATABASE}/*`)],
    }));
    this.role.addToPrincipalPolicy(new PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
      resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/crawlers*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    props.key.grantEncryptDecrypt(this.role);

    const securityConfiguration = new CfnSecurityConfiguration(this, 'SecurityConfiguration', {
      name: `${stack.stackName}-crawlers`,
      encryptionConfiguration: {
        cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: props.key.keyArn },
        s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: props.key.keyArn }],
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: props.key.keyArn },
      },
    });

    const crawler = (cid: string, props2: Omit<CfnCrawlerProps, 'role' | 'databaseName' | 'configuration' | 'crawlerSecurityConfiguration'>) => {
      const c = new CfnCrawler(this, cid, {
        ...props2,
        role: this.role.roleArn,
        databaseName: GLUE_DATABASE,
        configuration: CRAWLER_CONFIGURATION,
        crawlerSecurityConfiguration: securityConfiguration.ref,
      });
      c.node.addDependency(this.database);
      return c;
    };
    this.crawlers = {
      raw: crawler('RawCrawler', {
        name: `${stack.stackName}-raw`,
        description: 'raw/ JSONL, partitions year/month/day/hour',
        targets: { s3Targets: [{ path: s3Url(LAKE_PREFIXES.raw) }] },
        schedule: { scheduleExpression: 'cron(10 * * * ? *)' },
        schemaChangePolicy: { updateBehavior: 'UPDATE_IN_DATABASE', deleteBehavior: 'LOG' },
      }),
      // The curated tables are defined above; the crawler only adds their new dt/hour partitions.
      curated: crawler('CuratedCrawler', {
        name: `${stack.stackName}-curated`,
        description: 'curated market_events (dt, hour) and alerts (dt): partitions only, schemas fixed by the stack',
        targets: { catalogTargets: [{ databaseName: GLUE_DATABASE, tables: ['market_events', 'alerts'] }] },
        schedule: { scheduleExpression: 'cron(20 * * * ? *)' },
        schemaChangePolicy: { updateBehavior: 'LOG', deleteBehavior: 'LOG' },
      }),
      reports: crawler('ReportsCrawler', {
        name: `${stack.stackName}-reports`,
        description: 'reports/<query>/dt=YYYY-MM-DD/ CSV outputs of the named queries, one table per query',
        targets: {
          s3Targets: NAMED_QUERY_NAMES.map((q) => ({ path: s3Url(`${LAKE_PREFIXES.reports}${q}/`), exclusions: ['**.json', '**.html'] })),
        },
        schedule: { scheduleExpression: 'cron(30 * * * ? *)' },
        schemaChangePolicy: { updateBehavior: 'UPDATE_IN_DATABASE', deleteBehavior: 'LOG' },
      }),
    };
    this.crawlers.curated.node.addDependency(this.marketEvents);
    this.crawlers.curated.node.addDependency(this.alerts);
  }
}
