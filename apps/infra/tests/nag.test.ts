import { describe, expect, it } from 'vitest';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { RUNTIMES, synth } from './support/synth';

/** Every acknowledgement recorded on the construct tree, as [path, rule id, reason]. */
const acknowledgements = (root: IConstruct): [string, string, string][] =>
  root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([rule, reason]) => [c.node.path, rule, reason] as [string, string, string])));

describe.each(RUNTIMES)('cdk-nag AwsSolutions with detector=%s', (runtime) => {
  const s = synth(runtime);

  it('reports no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    const findings = report.violations.map((v) => `${v.ruleName} ${v.severity ?? ''}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a reason', () => {
    const acks = acknowledgements(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const [path, rule, reason] of acks) expect(reason.length, `${path} ${rule}`).toBeGreaterThan(40);
  });
});

describe('cdk-nag check itself', () => {
  it('fails an unencrypted queue without a DLQ or TLS policy, so a clean surv report means something', () => {
    const app = new App();
    new Queue(new Stack(app, 'Bad'), 'Plain', { encryption: undefined });
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
