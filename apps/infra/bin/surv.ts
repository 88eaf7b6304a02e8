/**
 * The CDK app entry (`cdk synth|diff|deploy`): `-c detector=lambda|kav2` picks the detector runtime.
 * Lambda code comes from each app's own build (`apps/<name>/dist`, built by `nx run <name>:build`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { createSurvApp, FUNCTION_NAMES, functionCode, InfraError, LAMBDA_ASSET_EXCLUDES, parseDetectorRuntime, type FunctionName } from '../src/index';

// One App only: a second one would also synthesize on exit (the CLI sets autoSynth) and overwrite the manifest.
const app = new App();
const context = app.node;
const detectorRuntime = parseDetectorRuntime(context.tryGetContext('detector'));
// `-c appsDir=...` points at another checkout's apps/ folder (each app's bundle is <appsDir>/<name>/dist).
const appsDirContext: unknown = context.tryGetContext('appsDir');
const appsDir = typeof appsDirContext === 'string' && appsDirContext !== ''
  ? resolve(appsDirContext)
  : resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const needed = FUNCTION_NAMES.filter((name) => name !== 'detector' || detectorRuntime === 'lambda');

const code = functionCode((name: FunctionName) => {
  const dist = join(appsDir, name, 'dist');
  if (needed.includes(name) && !existsSync(join(dist, 'index.mjs'))) {
    throw new InfraError('INFRA_SOURCE_MISSING', `Lambda bundle ${join(dist, 'index.mjs')} not found: run 'npx nx run ${name}:build' first`);
  }
  // Source maps and esbuild's metafile are build by-products: they would triple the zip Lambda loads.
  return Code.fromAsset(dist, { exclude: [...LAMBDA_ASSET_EXCLUDES] });
});

createSurvApp({ app, code, detectorRuntime });
app.synth();
