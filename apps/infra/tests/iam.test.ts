import { describe, expect, it } from 'vitest';
import { NAMED_QUERIES } from '@surv/pipeline';
import { ACCOUNT, REGION, arnFor, arnForLogicalId, identityPolicies, roleLogicalId, simulate, type PolicyDoc } from './support/iam';
import { RUNTIMES, resourcesOf, synth, type Synthesized } from './support/synth';

/** One request and the decision the role's policies must give it. */
interface Check { readonly action: string; readonly resource: string; readonly allowed: boolean }
interface RoleCase { readonly role: string; readonly roleId: string; readonly checks: readonly Check[] }

const allow = (action: string, resource: string): Check => ({ action, resource, allowed: true });
const deny = (action: string, resource: string): Check => ({ action, resource, allowed: false });

/** Per-role allowed and denied requests, from the resources of one synthesized stack. */
const roleCases = (s: Synthesized): RoleCase[] => {
  const st = s.stack;
  const market = arnFor(s, st.streams.market);
  const alerts = arnFor(s, st.streams.alerts);
  const lake = arnFor(s, st.lake.bucket);
  const artifacts = arnFor(s, st.delivery.artifacts);
  const topic = arnFor(s, st.topic);
  const key = arnFor(s, st.key);
  const obj = (k: string) => `${lake}/${k}`;
  const workgroup = `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/${st.analytics.workGroup.name}`;
  const glueTable = (t: string) => `arn:aws:glue:${REGION}:${ACCOUNT}:table/surv/${t}`;
  const otherGlueTable = `arn:aws:glue:${REGION}:${ACCOUNT}:table/finance/ledger`;
  const buildProject = arnFor(s, st.delivery.build);
  const deployProject = arnFor(s, st.delivery.deploy);
  const repo = arnForLogicalId(s, st.getLogicalId(st.delivery.repository));
  const pipeline = `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${st.getLogicalId(st.delivery.pipeline).toLowerCase()}`;
  const cdkDeployRole = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-${REGION}`;
  const curatedKey = 'curated/market_events/dt=2026-11-25/hour=07/shardId-000000000000-1-9.parquet';
  const fnRole = (name: 'producer' | 'enricher' | 'alert-publisher' | 'report-generator' | 'detector') => roleLogicalId(st.functions[name]!.role);

  const cases: RoleCase[] = [
    {
      role: 'producer', roleId: fnRole('producer'), checks: [
        allow('kinesis:PutRecords', market), allow('kinesis:PutRecord', market), allow('kms:GenerateDataKey', key),
        deny('s3:GetObject', obj('raw/year=2026/month=11/day=25/hour=07/x.jsonl')), deny('s3:ListBucket', lake),
        deny('kinesis:PutRecords', alerts), deny('kinesis:GetRecords', market), deny('sns:Publish', topic),
        deny('kms:Decrypt', key), deny('s3:PutObject', obj(curatedKey)),
      ],
    },
    {
      role: 'enricher', roleId: fnRole('enricher'), checks: [
        allow('kinesis:GetRecords', market), allow('kinesis:GetShardIterator', market), allow('s3:PutObject', obj(curatedKey)),
        allow('s3:PutObject', obj('quarantine/dt=2026-11-25/shardId-000000000000-1-9.jsonl')),
        deny('s3:DeleteObject', obj(curatedKey)), deny('s3:PutObject', obj('raw/year=2026/month=11/day=25/hour=07/x.jsonl')),
        deny('s3:PutObject', obj('alerts/dt=2026-11-25/a.json')), deny('s3:GetObject', obj('raw/year=2026/month=11/day=25/hour=07/x.jsonl')),
        deny('kinesis:PutRecords', market), deny('kinesis:GetRecords', alerts), deny('sns:Publish', topic),
      ],
    },
    {
      role: 'alert publisher', roleId: fnRole('alert-publisher'), checks: [
        allow('kinesis:GetRecords', alerts), allow('sns:Publish', topic), allow('s3:PutObject', obj('alerts/dt=2026-11-25/a.json')),
        allow('s3:GetObject', obj('alerts/dt=2026-11-25/a.json')),
        deny('kinesis:PutRecords', market), deny('kinesis:PutRecords', alerts), deny('kinesis:GetRecords', market),
        deny('s3:DeleteObject', obj('alerts/dt=2026-11-25/a.json')), deny('s3:PutObject', obj(curatedKey)),
        deny('s3:GetObject', obj(curatedKey)), deny('athena:StartQueryExecution', workgroup),
      ],
    },
    {
      role: 'report generator', roleId: fnRole('report-generator'), checks: [
        allow('athena:StartQueryExecution', workgroup), allow('athena:GetQueryResults', workgroup), allow('glue:GetTable', glueTable('market_events')),
        allow('s3:GetObject', obj(curatedKey)), allow('s3:PutObject', obj(`reports/${NAMED_QUERIES[0]!.name}/dt=2026-11-25/x.csv`)),
        allow('s3:PutObject', obj('athena-results/q-1.csv')),
        deny('s3:DeleteObject', obj(`reports/${NAMED_QUERIES[0]!.name}/dt=2026-11-25/x.csv`)), deny('s3:DeleteObject', obj('athena-results/q-1.csv')),
        deny('s3:DeleteObject', obj(curatedKey)), deny('s3:PutObject', obj(curatedKey)),
        deny('athena:StartQueryExecution', `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/primary`),
        deny('glue:DeleteTable', glueTable('market_events')), deny('glue:GetTable', otherGlueTable),
        deny('kinesis:PutRecords', market), deny('sns:Publish', topic),
      ],
    },
    {
      role: 'Firehose', roleId: roleLogicalId(st.rawArchive.role), checks: [
        allow('kinesis:GetRecords', market), allow('s3:PutObject', obj('raw/year=2026/month=11/day=25/hour=07/x.jsonl')),
        allow('s3:PutObject', obj('quarantine/firehose/processing-failed/year=2026/month=11/day=25/hour=07/x')),
        deny('s3:PutObject', obj(curatedKey)), deny('s3:DeleteObject', obj('raw/year=2026/month=11/day=25/hour=07/x.jsonl')),
        deny('s3:GetObject', obj(curatedKey)), deny('kinesis:PutRecords', market), deny('kinesis:GetRecords', alerts),
        deny('sns:Publish', topic),
      ],
    },
    {
      role: 'Glue crawler', roleId: roleLogicalId(st.catalog.role), checks: [
        allow('s3:GetObject', obj('raw/year=2026/month=11/day=25/hour=07/x.jsonl')), allow('s3:GetObject', obj(curatedKey)),
        allow('glue:CreatePartition', glueTable('market_events')), allow('glue:CreateTable', `arn:aws:glue:${REGION}:${ACCOUNT}:database/surv`),
        deny('s3:PutObject', obj('raw/year=2026/month=11/day=25/hour=07/x.jsonl')), deny('s3:DeleteObject', obj(curatedKey)),
        deny('s3:GetObject', obj('quarantine/dt=2026-11-25/x.jsonl')), deny('glue:DeleteTable', glueTable('market_events')),
        deny('glue:CreatePartition', otherGlueTable), deny('kinesis:GetRecords', market),
      ],
    },
    {
      role: 'CodeBuild build', roleId: roleLogicalId(st.delivery.buildRole), checks: [
        allow('codecommit:GitPull', repo), allow('s3:PutObject', `${artifacts}/Surv-Pipeline/Assembly/x.zip`),
        deny('codecommit:GitPush', repo), deny('s3:DeleteObject', `${artifacts}/Surv-Pipeline/Assembly/x.zip`),
        deny('s3:GetObject', obj(curatedKey)), deny('sts:AssumeRole', cdkDeployRole), deny('kinesis:PutRecords', market),
      ],
    },
    {
      role: 'CodeBuild deploy', roleId: roleLogicalId(st.delivery.deployRole), checks: [
        allow('sts:AssumeRole', cdkDeployRole), allow('s3:GetObject', `${artifacts}/Surv-Pipeline/Assembly/x.zip`),
        deny('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/Admin`), deny('sts:AssumeRole', `arn:aws:iam::444455556666:role/cdk-hnb659fds-deploy-role-444455556666-${REGION}`),
        deny('s3:PutObject', `${artifacts}/Surv-Pipeline/Assembly/x.zip`), deny('iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/x`),
        deny('codecommit:GitPull', repo), deny('s3:GetObject', obj(curatedKey)),
      ],
    },
    {
      role: 'CodePipeline', roleId: roleLogicalId(st.delivery.pipelineRole), checks: [
        allow('codebuild:StartBuild', buildProject), allow('codebuild:StartBuild', deployProject), allow('codecommit:GetBranch', repo),
        deny('codebuild:StartBuild', `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/other`), deny('codecommit:GitPush', repo),
        deny('s3:GetObject', obj(curatedKey)), deny('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/x`),
        deny('sts:AssumeRole', cdkDeployRole), deny('s3:DeleteObject', `${artifacts}/x.zip`),
      ],
    },
    {
      role: 'pipeline trigger', roleId: st.getLogicalId(st.delivery.node.findChild('TriggerRole').node.defaultChild as never), checks: [
        allow('codepipeline:StartPipelineExecution', pipeline),
        deny('codepipeline:StartPipelineExecution', `arn:aws:codepipeline:${REGION}:${ACCOUNT}:other`), deny('codepipeline:DeletePipeline', pipeline),
        deny('codepipeline:UpdatePipeline', pipeline), deny('codebuild:StartBuild', buildProject), deny('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/x`),
        deny('codecommit:GitPull', repo),
      ],
    },
  ];
  if (st.options.detectorRuntime === 'lambda') {
    cases.push({
      role: 'detector', roleId: fnRole('detector'), checks: [
        allow('kinesis:GetRecords', market), allow('kinesis:PutRecords', alerts),
        deny('kinesis:PutRecords', market), deny('kinesis:GetRecords', alerts), deny('s3:GetObject', obj(curatedKey)),
        deny('s3:PutObject', obj('alerts/dt=2026-11-25/a.json')), deny('sns:Publish', topic), deny('athena:StartQueryExecution', workgroup),
      ],
    });
  } else {
    cases.push({
      role: 'KAV2', roleId: roleLogicalId(st.kav2!.role), checks: [
        allow('kinesis:GetRecords', market), allow('kinesis:PutRecords', alerts),
        deny('kinesis:PutRecords', market), deny('kinesis:GetRecords', alerts), deny('s3:GetObject', obj(curatedKey)),
        deny('s3:PutObject', obj('alerts/dt=2026-11-25/a.json')), deny('sns:Publish', topic), deny('kinesis:DeleteStream', market),
      ],
    });
  }
  return cases;
};

/** Actions that AWS cannot scope to a resource, the only ones allowed on "*". */
const UNSCOPABLE = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

describe.each(RUNTIMES)('IAM with detector=%s', (runtime) => {
  const s = synth(runtime);
  const cases = roleCases(s);

  it('covers every role in the template with at least 5 denied checks each', () => {
    const roleIds = resourcesOf(s, 'AWS::IAM::Role').map(([id]) => id);
    const covered = new Set(cases.map((c) => c.roleId));
    expect(roleIds.filter((id) => !covered.has(id))).toEqual([]);
    for (const c of cases) expect(c.checks.filter((k) => !k.allowed).length, c.role).toBeGreaterThanOrEqual(5);
  });

  it('gives every function its own role', () => {
    const roles = resourcesOf(s, 'AWS::Lambda::Function').map(([, f]) => JSON.stringify(f.Properties!.Role));
    expect(new Set(roles).size).toBe(roles.length);
    expect(roles.length).toBe(runtime === 'lambda' ? 5 : 4);
  });

  it('uses no managed policies, no wildcard actions and no "*" resource except for unscopable actions', () => {
    for (const [id, role] of resourcesOf(s, 'AWS::IAM::Role')) {
      expect(role.Properties!.ManagedPolicyArns, id).toBeUndefined();
      for (const { name, policy } of identityPolicies(s, id)) {
        for (const st of (policy as PolicyDoc).Statement) {
          const actions = [st.Action].flat();
          const resources = [st.Resource].flat();
          for (const a of actions) expect(a === '*' || /^[a-z0-9-]+:\*$/.test(a), `${name}: ${a}`).toBe(false);
          if (resources.includes('*')) for (const a of actions) expect(UNSCOPABLE.has(a), `${name}: ${a} on *`).toBe(true);
        }
      }
    }
  });

  it('denies a request without TLS even when the role may make it (bucket policy)', async () => {
    const enricher = roleLogicalId(s.stack.functions.enricher!.role);
    const object = `${arnFor(s, s.stack.lake.bucket)}/curated/market_events/dt=2026-11-25/hour=07/x.parquet`;
    expect(await simulate(s, enricher, 's3:PutObject', object)).toBe('Allowed');
    expect(await simulate(s, enricher, 's3:PutObject', object, { secureTransport: false })).toBe('ExplicitlyDenied');
  });

  for (const c of cases) {
    it(`${c.role}: ${c.checks.filter((k) => k.allowed).length} allowed and ${c.checks.filter((k) => !k.allowed).length} denied requests`, async () => {
      const got = await Promise.all(c.checks.map(async (k) => ({ ...k, decision: await simulate(s, c.roleId, k.action, k.resource) })));
      const wrong = got.filter((g) => (g.decision === 'Allowed') !== g.allowed);
      expect(wrong.map((w) => `${w.allowed ? 'expected allowed' : 'expected denied'}: ${w.action} on ${w.resource} -> ${w.decision}`)).toEqual([]);
    });
  }
});
