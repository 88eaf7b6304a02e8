import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SurvStack } from './surv-stack';
import type { DetectorRuntime, FunctionCode, SurvStackProps } from './surv-stack-props';

/** Options of {@link createSurvApp}. */
export interface CreateSurvAppOptions extends Omit<SurvStackProps, 'code' | 'detectorRuntime'> {
  readonly code: FunctionCode;
  /** @default 'lambda' */
  readonly detectorRuntime?: DetectorRuntime;
  /** Name of the stack. @default 'Surv' */
  readonly stackName?: string;
  /** Register cdk-nag's AwsSolutions pack as a validation plugin, so synth fails on unacknowledged findings. @default true */
  readonly nag?: boolean;
  /** The app to add the stack to (the CLI entry passes the one that read the context). @default new App(appProps) */
  readonly app?: App;
  /** Props of a new app (context, outdir), when `app` is not given. @default {} */
  readonly appProps?: AppProps;
}

/** The surv CDK app: one environment-agnostic stack, checked by cdk-nag on synth. */
export const createSurvApp = (options: CreateSurvAppOptions): { app: App; stack: SurvStack } => {
  const { stackName = 'Surv', nag = true, appProps = {}, app = new App(appProps), ...stackProps } = options;
  const stack = new SurvStack(app, stackName, { description: 'surv: real-time trade surveillance', ...stackProps });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
};
