/**
 * Output names of the deployed surv stack: `apps/infra` declares them, `cdk deploy --outputs-file` writes them
 * under the stack name, and `surv --target aws` reads them. One list, so the two sides cannot drift apart.
 */
export const STACK_OUTPUTS = {
  /** The stack's region. */
  region: 'Region',
  /** The market-event stream (2 shards, partition key = symbol). */
  marketStream: 'MarketStreamName',
  /** The alerts stream (1 shard). */
  alertStream: 'AlertStreamName',
  /** The lake bucket (raw/, curated/, alerts/, reports/, athena-results/, quarantine/). */
  lakeBucket: 'LakeBucketName',
  /** ARN of the customer-managed key that encrypts everything. */
  dataKey: 'DataKeyArn',
  /** The Athena workgroup of the named queries (results location and encryption enforced). */
  athenaWorkGroup: 'AthenaWorkGroupName',
  /** The Glue database of the lake tables. */
  glueDatabase: 'GlueDatabaseName',
  /** The SNS topic alerts are published to. */
  alertTopic: 'AlertTopicArn',
} as const;
export type StackOutput = keyof typeof STACK_OUTPUTS;
