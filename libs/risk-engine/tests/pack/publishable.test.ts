import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Packs the built packages, installs the tarballs into a project outside the workspace (offline:
// zod comes from the workspace's own copy) and imports them the way a user would.
const here = dirname(fileURLToPath(import.meta.url));
const libs = resolve(here, '../../..');
const workspace = resolve(libs, '..');
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

const event = {
  event_id: 'e-1', event_type: 'TRADE', event_time: '2024-03-05T15:00:00.000Z', symbol: 'ACME', venue: 'SGMA',
  account_id: 'A1', trader_id: 'T1', beneficial_owner: 'BO1', order_id: 'O1', side: 'BUY', price: 100, quantity: 300,
  counterparty_beneficial_owner: 'BO1', trade_id: 'X1',
};

describe('@surv/risk-engine as a published package', () => {
  let project: string;

  beforeAll(() => {
    for (const pkg of ['domain', 'risk-engine']) {
      if (!existsSync(join(libs, pkg, 'dist/index.js'))) throw new Error(`build ${pkg} first (nx run ${pkg}:build)`);
    }
    project = mkdtempSync(join(tmpdir(), 'surv-pack-'));
    const tarballs = ['domain', 'risk-engine'].map((pkg) => {
      const out = npm(['pack', '--pack-destination', project, '--silent'], join(libs, pkg)).trim().split('\n').pop()!;
      return join(project, out);
    });
    writeFileSync(join(project, 'package.json'), JSON.stringify({
      name: 'consumer', version: '1.0.0', private: true,
      dependencies: {
        '@surv/domain': `file:${tarballs[0]}`,
        '@surv/risk-engine': `file:${tarballs[1]}`,
        zod: `file:${join(workspace, 'node_modules/zod')}`,
      },
    }));
    npm(['install', '--offline', '--no-package-lock', '--ignore-scripts', '--silent'], project);
  }, 120_000);

  afterAll(() => project && rmSync(project, { recursive: true, force: true }));

  it('ships only dist and package metadata', () => {
    const files = readdirSync(join(project, 'node_modules/@surv/risk-engine'));
    expect(files).toContain('dist');
    expect(files).not.toContain('src');
    expect(files).not.toContain('tests');
  });

  it.each([
    ['ESM', 'mjs', `import { score } from '@surv/risk-engine';\nconsole.log(JSON.stringify(score(${JSON.stringify(event)})));`],
    ['CommonJS', 'cjs', `const { score } = require('@surv/risk-engine');\nconsole.log(JSON.stringify(score(${JSON.stringify(event)})));`],
  ])('imports from %s and scores an event', (_kind, ext, code) => {
    const file = join(project, `use.${ext}`);
    writeFileSync(file, code);
    const result = JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }));
    expect(result.venueCategory).toBe('DARK_POOL');
    expect(result.flags).toEqual(expect.arrayContaining(['DARK_VENUE', 'SELF_MATCH']));
    expect(result.score).toBeGreaterThan(0);
  });

  it('ships type declarations for both module systems', () => {
    const dist = readdirSync(join(project, 'node_modules/@surv/risk-engine/dist'));
    expect(dist).toEqual(expect.arrayContaining(['index.d.ts', 'index.d.cts', 'index.js', 'index.cjs']));
  });
});
