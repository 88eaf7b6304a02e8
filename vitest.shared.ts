import { defineConfig } from 'vitest/config';

/** One test config for every package: tests run against sources via the `@surv/source` export condition, so no build is needed first. */
export const survVitestConfig = (overrides: { testTimeout?: number; include?: string[] } = {}) =>
  defineConfig({
    resolve: { conditions: ['@surv/source'] },
    ssr: { resolve: { conditions: ['@surv/source'] } },
    test: {
      include: overrides.include ?? ['tests/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 20_000,
      pool: 'forks',
      // The JSON report feeds the one-line total that .ci/run prints (tools/ci/summarize-tests.mjs).
      reporters: ['default', ['json', { outputFile: 'tmp/vitest-report.json' }]],
    },
  });
