import { Duration } from 'aws-cdk-lib';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props of {@link EventStreams}. */
export interface EventStreamsProps {
  readonly key: IKey;
}

/** The market-event stream (2 shards, partition key = symbol) and the alerts stream (1 shard), both SSE-KMS. */
export class EventStreams extends Construct {
  readonly market: Stream;
  readonly alerts: Stream;

  constructor(scope: Construct, id: string, props: EventStreamsProps) {
    super(scope, id);
    const common = {
      streamMode: StreamMode.PROVISIONED,
      encryption: StreamEncryption.KMS,
      encryptionKey: props.key,
      // A day of replay room for every consumer after an outage.
      retentionPeriod: Duration.hours(24),
    };
    this.market = new Stream(this, 'Market', { ...common, shardCount: 2 });
    this.alerts = new Stream(this, 'Alerts', { ...common, shardCount: 1 });
  }
}
