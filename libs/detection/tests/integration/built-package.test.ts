import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'tsup';

const root = join(__dirname, '..', '..');
const outDir = join(root, 'tmp', 'built-package-test', 'dist');

describe('the built package', () => {
  afterAll(() => rmSync(join(root, 'tmp', 'built-package-test'), { recursive: true, force: true }));

  it('loads the application from sql/ in both its ESM and CJS builds', async () => {
    await build({
      entry: { index: join(root, 'src', 'index.ts') }, outDir, format: ['esm', 'cjs'], shims: true, dts: false,
      silent: true, target: 'node20', platform: 'node', tsconfig: join(root, 'tsconfig.json'),
      // Bundle the workspace packages from source: their dist/ may not be built in a test run.
      noExternal: [/^@surv\//],
      esbuildOptions(o) { o.conditions = ['@surv/source']; },
    });
    const probe = (code: string) => execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
    const esm = probe(`const m = await import(${JSON.stringify(join(outDir, 'index.js'))}); const a = m.loadDetectionApplication(); console.log(JSON.stringify([a.sql.length, a.inputSchema.RecordColumns.length, a.outputSchema.Columns.length, a.batch.spoofing.length > 0]));`);
    const cjs = probe(`import { createRequire } from 'node:module'; const m = createRequire(import.meta.url)(${JSON.stringify(join(outDir, 'index.cjs'))}); const a = m.loadDetectionApplication(); console.log(JSON.stringify([a.sql.length, a.inputSchema.RecordColumns.length, a.outputSchema.Columns.length, a.batch.spoofing.length > 0]));`);
    const { loadDetectionApplication } = await import('@surv/detection');
    const src = loadDetectionApplication();
    const expected = JSON.stringify([src.sql.length, 15, src.outputSchema.Columns.length, true]);
    expect(esm.trim()).toBe(expected);
    expect(cjs.trim()).toBe(expected);
  }, 60_000);
});
