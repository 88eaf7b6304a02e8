/** Options of {@link compareRows}. */
export interface CompareOptions {
  /** Compare as multisets. @default false */
  readonly orderInsensitive?: boolean;
  /** Relative tolerance for numbers (|a-e| <= tol * max(1, |e|)). @default 0 */
  readonly numericTolerance?: number;
}

/**
 * An expected value may be a matcher, for values that are random or long by nature (anomaly scores, JSON
 * text): `{"$range": [lo, hi]}` is a number from lo to hi; `{"$regex": "..."}` a string matching the
 * pattern; `{"$json": e}` a string holding JSON that matches e, where objects need the same keys (in any
 * order), arrays the same length, and matchers apply at any depth. Any other value is compared as before.
 */
const MATCHERS = new Set(['$range', '$regex', '$json']);

const matcherOf = (expected: unknown): [string, unknown] | undefined => {
  if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) return undefined;
  const entries = Object.entries(expected);
  return entries.length === 1 && MATCHERS.has(entries[0]![0]) ? entries[0] : undefined;
};

const applyMatcher = (actual: unknown, [kind, arg]: [string, unknown], tol: number): boolean => {
  switch (kind) {
    case '$range': {
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'number' || typeof arg[1] !== 'number') throw new Error(`$range needs [lo, hi], got ${JSON.stringify(arg)}`);
      return typeof actual === 'number' && actual >= arg[0] && actual <= arg[1];
    }
    case '$regex':
      if (typeof arg !== 'string') throw new Error(`$regex needs a pattern string, got ${JSON.stringify(arg)}`);
      return typeof actual === 'string' && new RegExp(arg).test(actual);
    default: {
      if (typeof actual !== 'string') return false;
      let parsed: unknown;
      try {
        parsed = JSON.parse(actual);
      } catch {
        return false;
      }
      return deepMatch(parsed, arg, tol);
    }
  }
};

/** Structural match inside `$json`: same keys and lengths, matchers anywhere. */
const deepMatch = (actual: unknown, expected: unknown, tol: number): boolean => {
  const m = matcherOf(expected);
  if (m) return applyMatcher(actual, m, tol);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => deepMatch(actual[i], e, tol));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length
      && keys.every((k) => Object.hasOwn(actual, k) && deepMatch((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], tol));
  }
  return valuesMatch(actual, expected, tol);
};

const valuesMatch = (actual: unknown, expected: unknown, tol: number): boolean => {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Object.is(actual, expected)) return true;
    return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
  }
  const m = matcherOf(expected);
  if (m) return applyMatcher(actual, m, tol);
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
