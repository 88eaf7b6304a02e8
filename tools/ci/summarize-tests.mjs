#!/usr/bin/env node
// Totals every package's vitest JSON report into one closing line: "tests: N passed, N failed, N skipped".
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0, failed = 0, skipped = 0, packages = 0;
for (const group of ['libs', 'apps', 'tools']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'tmp/vitest-report.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    packages++;
    passed += r.numPassedTests ?? 0;
    // A suite that fails to load has no failed tests of its own: count it, so it cannot pass unseen.
    const failedTests = r.numFailedTests ?? 0;
    failed += failedTests > 0 ? failedTests : (r.numFailedTestSuites ?? 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
}
console.log(`packages with tests: ${packages}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
