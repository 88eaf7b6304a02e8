import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// One flat config for the workspace; each package runs `eslint .` from its own folder.
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/cdk.out/**', '**/.nx/**', '**/tmp/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: "ThrowStatement > NewExpression[callee.name='Error']", message: 'Throw a typed error from the package errors.ts (CONVENTIONS §4).' },
        { selector: 'ThrowStatement > Literal', message: 'Never throw a string: throw a typed error.' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:engine', 'type:domain'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:feature', 'type:engine', 'type:domain'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:adapter', 'type:feature', 'type:engine', 'type:domain'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Build and test configs share the root presets by path.
    files: ['**/*.config.ts', '**/*.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Tests, benchmarks and scripts may throw plain errors and use non-null assertions freely.
    // Tests import their own package by name, through its public API, like any user would.
    files: ['**/tests/**', 'tools/**', '**/*.config.ts', '**/scripts/**'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off', '@nx/enforce-module-boundaries': 'off' },
  },
);
