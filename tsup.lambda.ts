import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

// The Lambda bundle of every function app (not a library build); each app's tsup.config.ts is
// `export default survLambdaBundle()`, run from the app's folder.
const LIBS = resolve(__dirname, 'libs');

// Libs find their data files (SQL, schemas) through `new URL('../sql/', import.meta.url)`. In one bundle
// every module shares one import.meta.url, so give each lib module its own URL under dist/assets/<lib>/src/
// and copy the lib's data folders beside it: the same relative paths then work inside the bundle.
const relocateLibAssets = (assetPackages: Set<string>): Plugin => ({
  name: 'surv-relocate-lib-assets',
  setup(build) {
    build.onLoad({ filter: /[\\/]libs[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const rel = relative(LIBS, args.path).split('\\').join('/');
      assetPackages.add(rel.split('/')[0] as string);
      const url = `new URL(${JSON.stringify(`./assets/${rel}`)}, import.meta.url).href`;
      return { contents: source.split('import.meta.url').join(url), loader: 'ts', resolveDir: dirname(args.path) };
    });
  },
});

const copyAssetsAndReport = async (assetPackages: ReadonlySet<string>): Promise<void> => {
  for (const pkg of assetPackages) {
    const manifest = JSON.parse(readFileSync(join(LIBS, pkg, 'package.json'), 'utf8')) as { files?: string[] };
    for (const folder of manifest.files ?? []) {
      const from = join(LIBS, pkg, folder);
      if (folder !== 'dist' && existsSync(from)) cpSync(from, join('dist/assets', pkg, folder), { recursive: true });
    }
  }
  const meta = JSON.parse(readFileSync('dist/metafile-esm.json', 'utf8')) as { inputs: Record<string, unknown> };
  const duck = Object.keys(meta.inputs).find((p) => p.includes('@duckdb'));
  if (duck !== undefined) throw new Error(`the Lambda bundle must not need @duckdb/node-api, but includes ${duck}`);
  const kib = (statSync('dist/index.mjs').size / 1024).toFixed(1);
  console.log(`bundle dist/index.mjs ${kib} KiB${assetPackages.size > 0 ? `, assets of ${[...assetPackages].join(', ')}` : ''}`);
};

/**
 * `src/handler.ts` -> `dist/index.mjs`, ESM for nodejs22.x. `@aws-sdk/*` stays external (the runtime
 * provides it); `@surv/*`, Powertools and the rest are bundled.
 */
export const survLambdaBundle = () => {
  const assetPackages = new Set<string>();
  return defineConfig({
    entry: { index: 'src/handler.ts' },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node22',
    bundle: true,
    splitting: false,
    minify: true,
    sourcemap: true,
    metafile: true,
    dts: false,
    clean: true,
    external: [/^@aws-sdk\//],
    noExternal: [/^(?!@aws-sdk\/)/],
    // Bundled CommonJS modules call require() for Node built-ins; ESM has none, so provide one.
    banner: { js: "import { createRequire as __survCreateRequire } from 'node:module'; const require = __survCreateRequire(import.meta.url);" },
    esbuildPlugins: [relocateLibAssets(assetPackages)],
    esbuildOptions(options) {
      // Bundle the libs from their TypeScript sources: no lib build is needed before an app build.
      options.conditions = ['@surv/source', 'module', 'import'];
      options.mainFields = ['module', 'main'];
    },
    onSuccess: () => copyAssetsAndReport(assetPackages),
  });
};
