/** Options of {@link compareRows}. */
export interface CompareOptions {
  /** Compare as multisets. @default false */
  readonly orderInsensitive?: boolean;
  /** Relative tolerance for numbers (|a-e| <= tol * max(1, |e|)). @default 0 */
  readonly numericTolerance?: number;
}

const valuesMatch = (actual: unknown, expected: unknown, tol: number): boolean => {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Object.is(actual, expected)) return true;
    return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
  }
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  return JSON.stringify(actual) === JSON.stringify(expected);
};

/** Why one actual row differs from one expected row, or undefined when they match (same keys, matching values). */
export const rowMismatch = (actual: Record<string, unknown>, expected: Record<string, unknown>, tol = 0): string | undefined => {
  const aKeys = Object.keys(actual).sort();
  const eKeys = Object.keys(expected).sort();
  if (aKeys.join(',') !== eKeys.join(',')) return `columns differ: got [${aKeys.join(', ')}], expected [${eKeys.join(', ')}]`;
  for (const k of eKeys) {
    if (!valuesMatch(actual[k], expected[k], tol)) return `${k}: got ${JSON.stringify(actual[k])}, expected ${JSON.stringify(expected[k])}`;
  }
  return undefined;
};

/**
 * Compares produced rows with documented rows; returns the list of differences (empty when they agree).
 * Each difference names the row and the column, so a failing conformance case reads like a diff.
 */
export const compareRows = (
  actual: readonly Record<string, unknown>[],
  expected: readonly Record<string, unknown>[],
  options: CompareOptions = {},
): string[] => {
  const tol = options.numericTolerance ?? 0;
  const problems: string[] = [];
  if (actual.length !== expected.length) problems.push(`row count: got ${actual.length}, expected ${expected.length}`);
  if (!options.orderInsensitive) {
    const n = Math.min(actual.length, expected.length);
    for (let i = 0; i < n; i++) {
      const why = rowMismatch(actual[i]!, expected[i]!, tol);
      if (why) problems.push(`row ${i + 1}: ${why}`);
    }
    return problems;
  }
  const unused = actual.map((_, i) => i);
  expected.forEach((e, i) => {
    const at = unused.findIndex((j) => rowMismatch(actual[j]!, e, tol) === undefined);
    if (at < 0) problems.push(`expected row ${i + 1} not produced: ${JSON.stringify(e)}`);
    else unused.splice(at, 1);
  });
  for (const j of unused) problems.push(`unexpected row: ${JSON.stringify(actual[j])}`);
  return problems;
};
