import { Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { createSurvApp, functionCode, type DetectorRuntime, type FunctionCode, type SurvStack } from '@surv/infra';
import type { App } from 'aws-cdk-lib';

export interface Synthesized {
  readonly app: App;
  readonly stack: SurvStack;
  readonly template: Template;
  readonly json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }> };
}

/** Inline handlers stand in for the app bundles: the template does not depend on their content. */
export const inlineCode = (): FunctionCode => functionCode((n) => Code.fromInline(`exports.handler = async () => ({ app: '${n}' });`));

const cache = new Map<DetectorRuntime, Synthesized>();

/** Synthesizes the stack once per detector runtime per test file (vitest forks isolate files). */
export const synth = (detectorRuntime: DetectorRuntime): Synthesized => {
  let s = cache.get(detectorRuntime);
  if (!s) {
    const { app, stack } = createSurvApp({ code: inlineCode(), detectorRuntime, nag: false });
    const template = Template.fromStack(stack);
    s = { app, stack, template, json: template.toJSON() as Synthesized['json'] };
    cache.set(detectorRuntime, s);
  }
  return s;
};

export const RUNTIMES: readonly DetectorRuntime[] = ['lambda', 'kav2'];

/** Resources of a type, as [logicalId, resource]. */
export const resourcesOf = (s: Synthesized, type: string) =>
  Object.entries(s.json.Resources).filter(([, r]) => r.Type === type);
