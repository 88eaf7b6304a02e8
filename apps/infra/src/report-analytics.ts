import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Stack } from 'aws-cdk-lib';
import { LAKE_PREFIXES } from '@surv/domain';
import type { NamedQuery } from '@surv/pipeline';
import { Construct } from 'constructs';

/** Props of {@link ReportAnalytics}. */
export interface ReportAnalyticsProps {
  readonly bucket: IBucket;
  readonly key: IKey;
  readonly database: string;
  /** The named queries, read from `libs/pipeline/queries/*.sql`. */
  readonly queries: readonly NamedQuery[];
  /** Per-query bytes-scanned cutoff. */
  readonly bytesScannedCutoff: number;
}

/**
 * The Athena workgroup (results to `athena-results/`, SSE-KMS with the data key, configuration enforced so
 * clients cannot override it, per-query scan cutoff) and the named surveillance queries.
 */
export class ReportAnalytics extends Construct {
  readonly workGroup: CfnWorkGroup;
  readonly namedQueries: readonly CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: ReportAnalyticsProps) {
    super(scope, id);
    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: `${Stack.of(this).stackName}-reports`,
      description: 'surv report queries',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.bucket.bucketName}/${LAKE_PREFIXES.athenaResults}`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.key.keyArn },
        },
      },
    });
    this.namedQueries = props.queries.map((q) => {
      const named = new CfnNamedQuery(this, `Query-${q.name}`, {
        name: q.name,
        description: q.description.slice(0, 1024),
        database: props.database,
        queryString: q.sql,
        workGroup: this.workGroup.name,
      });
      named.node.addDependency(this.workGroup);
      return named;
    });
  }
}
