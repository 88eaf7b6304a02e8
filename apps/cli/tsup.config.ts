import { cpSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * Workspace libraries read data files next to their sources (`new URL('../sql/', import.meta.url)`:
 * the detection application, the named queries). Bundled into `dist/main.js`, that URL would point
 * into apps/cli. This plugin rewrites each such URL to `./assets/<package>/<path>` and copies the
 * files there (plus `extra` folders), so `dist/` is self-contained.
 */
const libraryAssets = (extra: readonly { from: string; to: string }[]): Plugin => {
  const assets = new Map<string, string>(); // absolute source -> path under dist
  return {
    name: 'surv-library-assets',
    setup(build) {
      build.onLoad({ filter: /[\\/]libs[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const srcIndex = args.path.lastIndexOf(`${sep}src${sep}`);
        const packageRoot = args.path.slice(0, srcIndex);
        const contents = source.replace(/new URL\((['"])(\.\.?\/[^'"]*)\1,\s*import\.meta\.url\)/g, (whole, _q: string, rel: string) => {
          const target = resolve(dirname(args.path), rel);
          if (!target.startsWith(packageRoot + sep)) return whole;
          const out = join('assets', basename(packageRoot), relative(packageRoot, target));
          assets.set(target, out);
          return `new URL(${JSON.stringify(`./${out.split(sep).join('/')}${rel.endsWith('/') ? '/' : ''}`)}, import.meta.url)`;
        });
        return { contents, loader: 'ts' };
      });
      build.onEnd(() => {
        const outdir = build.initialOptions.outdir ?? 'dist';
        for (const [from, to] of assets) cpSync(from, join(outdir, to), { recursive: true });
        for (const { from, to } of extra) cpSync(from, join(outdir, to), { recursive: true });
      });
    },
  };
};

// `@surv/detection` looks for `sql/detection.sql` in the folders above its module: beside dist/main.js.
const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
const EXTRA_ASSETS = [{ from: join(packageDir('@surv/detection'), 'sql'), to: 'sql' }];

// The `surv` bin: one ESM file. Workspace packages are bundled from their sources (the `@surv/source`
// condition), so the bin does not need the libraries built first; real npm dependencies stay external
// and resolve from node_modules at run time (DuckDB's native binding cannot be bundled at all).
export default defineConfig({
  // The local runtime runs detection on a worker thread that loads `./detection-worker.js` beside the
  // module that starts it: here, beside main.js.
  entry: { main: 'src/main.ts', 'detection-worker': join(packageDir('@surv/local-runtime'), 'src/detection-worker.ts') },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: false,
  clean: true,
  sourcemap: true,
  splitting: false,
  banner: { js: '#!/usr/bin/env node' },
  noExternal: [/^@surv\//],
  external: [/^(?!@surv\/)[^./]/, '@duckdb/node-api'],
  esbuildPlugins: [libraryAssets(EXTRA_ASSETS)],
  esbuildOptions(options) {
    options.conditions = ['@surv/source', 'import', 'node'];
  },
});
