import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, type Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from './surv-stack-props';

/** Props of {@link SurvFunction}. */
export interface SurvFunctionProps {
  /** The app folder name (`apps/<name>`); also the Powertools service name. */
  readonly name: FunctionName;
  readonly code: Code;
  readonly key: IKey;
  readonly logRetention: RetentionDays;
  /** Environment the app's `src/env.ts` parses. */
  readonly environment: Readonly<Record<string, string>>;
  /** @default 60 seconds */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Handler inside the bundle (`dist/index.mjs` exporting `handler`). @default 'index.handler' */
  readonly handler?: string;
}

/**
 * One surv Lambda: nodejs22.x on arm64, its own role (no managed policies: logging is granted on
 * its own log group only), its own KMS-encrypted log group with retention, X-Ray tracing.
 */
export class SurvFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SurvFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, encryptionKey: props.key });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `surv ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.fn = new LambdaFunction(this, 'Function', {
      description: `surv ${props.name}`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: props.handler ?? 'index.handler',
      code: props.code,
      role: this.role,
      logGroup: this.logGroup,
      timeout: props.timeout ?? Duration.seconds(60),
      memorySize: props.memorySize ?? 512,
      tracing: Tracing.ACTIVE,
      environmentEncryption: props.key,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: 'surv',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The surv apps are bundled and tested for nodejs22.x (the brief fixes the runtime); moving to a newer runtime is a deliberate upgrade.',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; the role holds no other action on *.',
    });
  }
}
