import { Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';
import { CfnApplication, CfnApplicationOutput } from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import type { DetectionApplication } from '@surv/detection';
import { Construct } from 'constructs';

/** Props of {@link Kav2Detector}. */
export interface Kav2DetectorProps {
  readonly source: IStream;
  readonly destination: IStream;
  /** The detection application (SQL, input schema, output schema) from `@surv/detection`. */
  readonly application: DetectionApplication;
}

/** In-application stream prefix: KAV2 names the first input `SOURCE_SQL_STREAM_001`, as the SQL expects. */
export const KAV2_INPUT_PREFIX = 'SOURCE_SQL_STREAM';

/**
 * The detection rules as a Kinesis Data Analytics SQL-1_0 application (for emulators that still run it:
 * AWS stopped creating SQL applications on 2025-10-15). Reads the market stream, writes JSON alert rows
 * from `DESTINATION_SQL_STREAM` to the alerts stream.
 */
export class Kav2Detector extends Construct {
  readonly application: CfnApplication;
  readonly output: CfnApplicationOutput;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: Kav2DetectorProps) {
    super(scope, id);
    const { inputSchema, outputSchema, sql } = props.application;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('kinesisanalytics.amazonaws.com'),
      description: 'surv KAV2 SQL detector: reads the market stream, writes the alerts stream',
    });
    props.source.grantRead(this.role);
    props.destination.grantWrite(this.role);

    this.application = new CfnApplication(this, 'Application', {
      applicationName: `${Stack.of(this).stackName}-detection`,
      applicationDescription: 'surv detection rules (wash trades, spoofing bursts), KDA SQL-1_0',
      runtimeEnvironment: 'SQL-1_0',
      serviceExecutionRole: this.role.roleArn,
      applicationConfiguration: {
        applicationCodeConfiguration: { codeContentType: 'PLAINTEXT', codeContent: { textContent: sql } },
        sqlApplicationConfiguration: {
          inputs: [{
            namePrefix: KAV2_INPUT_PREFIX,
            kinesisStreamsInput: { resourceArn: props.source.streamArn },
            inputParallelism: { count: 1 },
            inputSchema: {
              recordEncoding: inputSchema.RecordEncoding,
              recordFormat: {
                recordFormatType: inputSchema.RecordFormat.RecordFormatType,
                mappingParameters: { jsonMappingParameters: { recordRowPath: inputSchema.RecordFormat.MappingParameters.JSONMappingParameters.RecordRowPath } },
              },
              recordColumns: inputSchema.RecordColumns.map((c) => ({ name: c.Name, mapping: c.Mapping, sqlType: c.SqlType })),
            },
          }],
        },
      },
    });
    // The service validates its role on creation: the grants must exist first.
    this.application.node.addDependency(this.role);

    this.output = new CfnApplicationOutput(this, 'AlertsOutput', {
      applicationName: this.application.ref,
      output: {
        name: outputSchema.Name,
        destinationSchema: { recordFormatType: outputSchema.DestinationSchema.RecordFormatType },
        kinesisStreamsOutput: { resourceArn: props.destination.streamArn },
      },
    });
  }
}
