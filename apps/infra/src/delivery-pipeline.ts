import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { BuildSpec, ComputeType, LinuxArmBuildImage, PipelineProject } from 'aws-cdk-lib/aws-codebuild';
import { CfnRepository } from 'aws-cdk-lib/aws-codecommit';
import { CfnPipeline, Pipeline } from 'aws-cdk-lib/aws-codepipeline';
import { Rule } from 'aws-cdk-lib/aws-events';
import { CodePipeline as CodePipelineTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeAccessLogs, secureBucketProps } from './lake-bucket';
import { FUNCTION_NAMES } from './surv-stack-props';

/** Props of {@link DeliveryPipeline}. */
export interface DeliveryPipelineProps {
  readonly key: IKey;
  readonly branch: string;
  readonly logRetention: RetentionDays;
}

const NX_ENV = { NX_NO_CLOUD: 'true', NX_DAEMON: 'false', CDK_DISABLE_CLI_TELEMETRY: 'true' };

/** The build: install, lint/test/build what changed, bundle the Lambda apps, synthesize the cloud assembly. */
export const BUILD_SPEC = {
  version: '0.2',
  env: { variables: NX_ENV },
  phases: {
    install: { 'runtime-versions': { nodejs: '22' }, commands: ['npm ci'] },
    build: {
      commands: [
        // The source action hands over a full clone, so affected can diff against the previous commit.
        'npx nx affected -t lint test build --base=HEAD~1 --head=HEAD',
        `npx nx run-many -t build -p ${FUNCTION_NAMES.join(',')}`,
        'npx nx run infra:synth',
      ],
    },
  },
  artifacts: { 'base-directory': 'apps/infra/cdk.out', files: ['**/*'] },
};

/** The deploy: the synthesized assembly (assets included) goes out through the CDK bootstrap roles. */
export const DEPLOY_SPEC = {
  version: '0.2',
  env: { variables: NX_ENV },
  phases: {
    install: { 'runtime-versions': { nodejs: '22' } },
    build: { commands: ['npx --yes aws-cdk@2.1148.1 deploy --app . --all --require-approval never'] },
  },
};

/**
 * CI/CD: the CodeCommit repository, a CodeBuild build (npm ci, `nx affected -t lint test build`, app
 * bundles, `cdk synth`), a CodeBuild deploy, and the CodePipeline source → build → deploy, with artifacts
 * in a dedicated bucket under the data key. Each service has its own role.
 */
export class DeliveryPipeline extends Construct {
  readonly repository: CfnRepository;
  readonly build: PipelineProject;
  readonly deploy: PipelineProject;
  readonly pipeline: CfnPipeline;
  readonly artifacts: Bucket;
  readonly pipelineRole: Role;
  readonly buildRole: Role;
  readonly deployRole: Role;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.repository = new CfnRepository(this, 'Repository', {
      repositoryName: 'surv',
      repositoryDescription: 'surv: real-time trade surveillance',
      kmsKeyId: props.key.keyArn,
    });
    this.artifacts = new Bucket(this, 'Artifacts', {
      ...secureBucketProps(props.key),
      lifecycleRules: [{ id: 'expire-artifacts', expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(7) }],
    });
    acknowledgeAccessLogs(this.artifacts);

    const project = (pid: string, role: Role, spec: object, description: string): PipelineProject => {
      const logGroup = new LogGroup(this, `${pid}Logs`, { retention: props.logRetention, encryptionKey: props.key });
      return new PipelineProject(this, pid, {
        description,
        role,
        encryptionKey: props.key,
        buildSpec: BuildSpec.fromObject(spec),
        environment: { buildImage: LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0, computeType: ComputeType.MEDIUM, privileged: false },
        timeout: Duration.minutes(45),
        logging: { cloudWatch: { logGroup } },
      });
    };

    this.buildRole = new Role(this, 'BuildRole', { assumedBy: new ServicePrincipal('codebuild.amazonaws.com'), description: 'surv CodeBuild build' });
    this.build = project('Build', this.buildRole, BUILD_SPEC, 'surv: npm ci, nx affected lint/test/build, app bundles, cdk synth');
    this.artifacts.grantRead(this.buildRole);
    this.artifacts.grantPut(this.buildRole);
    this.buildRole.addToPrincipalPolicy(new PolicyStatement({ actions: ['codecommit:GitPull'], resources: [this.repository.attrArn] }));

    this.deployRole = new Role(this, 'DeployRole', { assumedBy: new ServicePrincipal('codebuild.amazonaws.com'), description: 'surv CodeBuild deploy (cdk deploy)' });
    this.deploy = project('Deploy', this.deployRole, DEPLOY_SPEC, 'surv: cdk deploy of the synthesized assembly');
    this.artifacts.grantRead(this.deployRole);
    // cdk deploy acts only through the roles `cdk bootstrap` created (deploy, file/image publishing, lookup).
    this.deployRole.addToPrincipalPolicy(new PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [`arn:${stack.partition}:iam::${stack.account}:role/cdk-hnb659fds-*-${stack.account}-${stack.region}`],
    }));

    this.pipelineRole = new Role(this, 'PipelineRole', { assumedBy: new ServicePrincipal('codepipeline.amazonaws.com'), description: 'surv CodePipeline' });
    this.artifacts.grantRead(this.pipelineRole);
    this.artifacts.grantPut(this.pipelineRole);
    this.pipelineRole.addToPrincipalPolicy(new PolicyStatement({
      actions: ['codecommit:GetBranch', 'codecommit:GetCommit', 'codecommit:GetRepository', 'codecommit:UploadArchive', 'codecommit:GetUploadArchiveStatus', 'codecommit:CancelUploadArchive'],
      resources: [this.repository.attrArn],
    }));
    this.pipelineRole.addToPrincipalPolicy(new PolicyStatement({
      actions: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
      resources: [this.build.projectArn, this.deploy.projectArn],
    }));

    const codeBuildAction = (name: string, projectName: string, input: string, output?: string) => ({
      name,
      actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
      configuration: { ProjectName: projectName },
      inputArtifacts: [{ name: input }],
      ...(output === undefined ? {} : { outputArtifacts: [{ name: output }] }),
      runOrder: 1,
    });
    this.pipeline = new CfnPipeline(this, 'Pipeline', {
      pipelineType: 'V2',
      roleArn: this.pipelineRole.roleArn,
      artifactStore: { type: 'S3', location: this.artifacts.bucketName, encryptionKey: { id: props.key.keyArn, type: 'KMS' } },
      stages: [
        {
          name: 'Source',
          actions: [{
            name: 'Source',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: {
              RepositoryName: this.repository.attrName,
              BranchName: props.branch,
              PollForSourceChanges: false,
              OutputArtifactFormat: 'CODEBUILD_CLONE_REF',
            },
            outputArtifacts: [{ name: 'Source' }],
            runOrder: 1,
          }],
        },
        { name: 'Build', actions: [codeBuildAction('Build', this.build.projectName, 'Source', 'Assembly')] },
        { name: 'Deploy', actions: [codeBuildAction('Deploy', this.deploy.projectName, 'Assembly')] },
      ],
    });
    this.pipeline.node.addDependency(this.pipelineRole);

    // Start on every push to the branch (instead of polling).
    const triggerRole = new Role(this, 'TriggerRole', { assumedBy: new ServicePrincipal('events.amazonaws.com'), description: 'surv: starts the pipeline on a push' });
    const pipelineArn = stack.formatArn({ service: 'codepipeline', resource: this.pipeline.ref });
    new Rule(this, 'OnPush', {
      description: `surv: start the pipeline on a push to ${props.branch}`,
      eventPattern: {
        source: ['aws.codecommit'],
        detailType: ['CodeCommit Repository State Change'],
        resources: [this.repository.attrArn],
        detail: { event: ['referenceCreated', 'referenceUpdated'], referenceType: ['branch'], referenceName: [props.branch] },
      },
      targets: [new CodePipelineTarget(Pipeline.fromPipelineArn(this, 'PipelineRef', pipelineArn), { eventRole: triggerRole })],
    });

    Validations.of(this.deployRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-hnb659fds-*-<AWS::AccountId>-<AWS::Region>]',
      reason: 'cdk deploy assumes the four bootstrap roles of this account and region (deploy, file/image publishing, lookup), named by the bootstrap qualifier.',
    });
  }
}
