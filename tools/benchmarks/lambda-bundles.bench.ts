import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { FUNCTION_NAMES, LAMBDA_ASSET_EXCLUDES } from '@surv/infra';
import { report } from './bench-report';

// Size of each Lambda app's deployment zip: the files of apps/<name>/dist that `cdk deploy` ships
// (LAMBDA_ASSET_EXCLUDES left out), each deflated as a zip entry is. The AWS SDK v3 is external.
const apps = resolve(import.meta.dirname, '../../apps');
const excluded = LAMBDA_ASSET_EXCLUDES.map((glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));

const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
  d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]);

for (const name of FUNCTION_NAMES) {
  const dist = join(apps, name, 'dist');
  if (!existsSync(join(dist, 'index.mjs'))) {
    console.log(`lambda-bundles ${name} not built (npx nx run ${name}:build)`);
    continue;
  }
  const shipped = filesUnder(dist).filter((f) => !excluded.some((re) => re.test(relative(dist, f).split('/').pop()!)));
  const raw = shipped.reduce((n, f) => n + statSync(f).size, 0);
  const zipped = shipped.reduce((n, f) => n + deflateRawSync(readFileSync(f), { level: 9 }).length, 0);
  report('lambda-bundles', name, {
    files: shipped.length,
    bundle_kib: Math.round(statSync(join(dist, 'index.mjs')).size / 1024),
    unzipped_kib: Math.round(raw / 1024),
    zip_kib: Math.round(zipped / 1024),
    aws_sdk: 'external (runtime-provided)',
  });
}
