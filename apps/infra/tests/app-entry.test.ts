import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const infraDir = resolve(import.meta.dirname, '..');
const tsx = resolve(infraDir, '../../node_modules/.bin/tsx');
const work = mkdtempSync(join(tmpdir(), 'surv-infra-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A stand-in apps/ folder whose bundles are tiny ESM handlers (the real ones come from each app's build). */
const fakeApps = (names: readonly string[]): string => {
  const dir = mkdtempSync(join(work, 'apps-'));
  for (const n of names) {
    mkdirSync(join(dir, n, 'dist'), { recursive: true });
    writeFileSync(join(dir, n, 'dist', 'index.mjs'), `export const handler = async () => ({ app: '${n}' });\n`);
    writeFileSync(join(dir, n, 'dist', 'index.mjs.map'), '{"version":3,"sources":[],"mappings":""}');
    writeFileSync(join(dir, n, 'dist', 'metafile-esm.json'), '{}');
  }
  return dir;
};

let lastOutdir = '';

/** Files of every staged Lambda asset of the last synthesis (what each zip will hold). */
const stagedFiles = (): string[] => readdirSync(lastOutdir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name.startsWith('asset.'))
  .flatMap((d) => readdirSync(join(lastOutdir, d.name)));

/** Runs bin/surv.ts the way the CDK CLI does (context and outdir through the environment), offline. */
const synthEntry = (context: Record<string, string>) => {
  const outdir = mkdtempSync(join(work, 'out-'));
  return run(tsx, ['--conditions=@surv/source', 'bin/surv.ts'], {
    cwd: infraDir,
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_DISABLE_CLI_TELEMETRY: 'true' },
  }).then(() => {
    lastOutdir = outdir;
    return JSON.parse(readFileSync(join(outdir, 'Surv.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
  });
};

const types = (t: { Resources: Record<string, { Type: string }> }) => Object.values(t.Resources).map((r) => r.Type);

describe('bin/surv.ts', () => {
  it('synthesizes the default (lambda) detector from the app bundles, offline', async () => {
    const t = await synthEntry({ appsDir: fakeApps(['producer', 'enricher', 'alert-publisher', 'report-generator', 'detector']) });
    expect(types(t).filter((x) => x === 'AWS::Lambda::Function')).toHaveLength(5);
    expect(types(t)).not.toContain('AWS::KinesisAnalyticsV2::Application');
    // The zips hold the bundle only: no source maps, no esbuild metafile.
    const files = stagedFiles();
    expect(files.filter((f) => f === 'index.mjs').length).toBeGreaterThanOrEqual(1);
    expect(files.filter((f) => f.endsWith('.map') || f.startsWith('metafile-'))).toEqual([]);
  });

  it('synthesizes -c detector=kav2 without a detector bundle', async () => {
    const t = await synthEntry({ detector: 'kav2', appsDir: fakeApps(['producer', 'enricher', 'alert-publisher', 'report-generator']) });
    expect(types(t)).toContain('AWS::KinesisAnalyticsV2::Application');
    expect(types(t).filter((x) => x === 'AWS::Lambda::Function')).toHaveLength(4);
  });

  it('stops with the build command to run when a bundle is missing', async () => {
    const err = await synthEntry({ appsDir: fakeApps(['producer', 'enricher']) }).then(() => undefined, (e: { stderr: string }) => e);
    expect(err?.stderr).toContain("run 'npx nx run alert-publisher:build' first");
  });
});
