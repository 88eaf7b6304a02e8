#!/usr/bin/env node
// Creates a package skeleton that follows CONVENTIONS §1: `node tools/scaffold/new-package.mjs libs/foo type:engine "what it is"`.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';

const [dir, tag, description = ''] = process.argv.slice(2);
if (!dir || !tag) {
  console.error('usage: new-package.mjs <libs/name|apps/name> <type:tag> [description]');
  process.exit(2);
}
const name = basename(dir);
const isApp = dir.startsWith('apps/');
const write = (file, text) => {
  const path = join(dir, file);
  if (!existsSync(path)) writeFileSync(path, text);
};
mkdirSync(join(dir, 'src'), { recursive: true });
mkdirSync(join(dir, 'tests'), { recursive: true });
write('package.json', JSON.stringify({
  name: `@surv/${name}`,
  version: '0.1.0',
  description,
  license: 'Apache-2.0',
  ...(isApp ? { private: true } : {}),
  type: 'module',
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      '@surv/source': './src/index.ts',
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  files: ['dist'],
  sideEffects: false,
  scripts: {
    build: 'tsup',
    test: 'vitest run',
    lint: 'eslint .',
    typecheck: 'tsc -p tsconfig.json --noEmit',
  },
  dependencies: {},
}, null, 2) + '\n');
write('project.json', JSON.stringify({ name, $schema: '../../node_modules/nx/schemas/project-schema.json', tags: [tag] }, null, 2) + '\n');
write('tsconfig.json', JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'tests', '*.ts'] }, null, 2) + '\n');
write('tsup.config.ts', `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
`);
write('vitest.config.ts', `import { survVitestConfig } from '../../vitest.shared';

export default survVitestConfig();
`);
