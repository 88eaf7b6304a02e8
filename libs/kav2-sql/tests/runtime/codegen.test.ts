import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOf, type SqlValue } from '@surv/kav2-sql';
import { type BExpr } from '../../src/analyzer/bound';
import { generateEvaluator, generateMultiEvaluator } from '../../src/runtime/codegen';
import { compileExpr } from '../../src/runtime/compile-expr';
import { type Row, RowError } from '../../src/runtime/row';
import { jsonSchema } from '../helpers';

// Generated functions must mean exactly what the closure compiler (the reference) means: same
// value, or the same RowError, for every row, NULLs included.
const SCHEMA = jsonSchema([['N', 'INTEGER'], ['M', 'INTEGER'], ['S', 'VARCHAR(8)'], ['D', 'DOUBLE'], ['B', 'BOOLEAN'], ['TS', 'TIMESTAMP']]);
const env = { now: () => 0, startTime: 0 };

const EXPRESSIONS = [
  "N = M", "N <> M", "N < M", "D >= 1.5", "S = 'BUY'", "S > 'M'", "B = TRUE", "NOT B",
  "N = 1 AND S = 'BUY'", "N = 1 OR S IS NULL", "(N > M AND D < 0) OR NOT (S <> 'SELL')",
  "CASE WHEN S = 'BUY' AND N > 0 THEN D ELSE 0.0 END", "CASE WHEN S = 'BUY' THEN 1 END",
  "CASE WHEN N > 0 THEN N WHEN D > 0 THEN D ELSE NULL END", "CASE WHEN B THEN N ELSE M END",
  "N + M", "N - M", "N * M", "D / N", "D + D * 2", "-D", "-N",
  "COALESCE(S, 'none')", "COALESCE(N, M, 0)", "NVL(D, -1.0)",
  "N IN (1, 2, 3)", "S IN ('BUY', 'SELL')", "N IN (1, M)", "N BETWEEN 0 AND M",
  "CAST(N AS DOUBLE)", "CAST(D AS INTEGER)", "CAST(S AS INTEGER)", "CAST(N AS VARCHAR(3))",
  "N IS NULL", "S IS NOT NULL", "B IS TRUE", "B IS NOT FALSE",
  "TS > TIMESTAMP '2020-01-01 00:00:00'", "TS + INTERVAL '1' MINUTE", "STEP(TS BY INTERVAL '1' MINUTE)",
  "UPPER(S) || 'x'", "S LIKE 'B%'", "CHAR_LENGTH(S) + N", "ROWTIME",
];

const expressionOf = (text: string): BExpr => {
  const plan = planOf(`CREATE STREAM "DESTINATION_SQL_STREAM" (R VARCHAR(64));
    CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${text} AS R FROM "SOURCE_SQL_STREAM_001";`, SCHEMA);
  const project = plan.pumps[0]!.nodes.find((n) => n.kind === 'project');
  if (project?.kind !== 'project') throw new Error(`no projection for ${text}`);
  return project.outputs[0]!.expr;
};

const outcome = (f: () => SqlValue): { value: SqlValue } | { error: string } => {
  try {
    return { value: f() };
  } catch (e) {
    if (e instanceof RowError) return { error: e.errorName };
    throw e;
  }
};

const rowArb = fc.record({
  N: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  M: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  S: fc.option(fc.constantFrom('BUY', 'SELL', 'M', '', 'Zq', '12'), { nil: null }),
  D: fc.option(fc.constantFrom(0, 1.5, -2.25, 1e9), { nil: null }),
  B: fc.option(fc.boolean(), { nil: null }),
  TS: fc.option(fc.integer({ min: 1_500_000_000_000, max: 1_700_000_000_000 }), { nil: null }),
});

const toRow = (r: { N: number | null; M: number | null; S: string | null; D: number | null; B: boolean | null; TS: number | null }): Row => ({
  rowtime: r.TS ?? 1_600_000_000_000,
  values: [r.N, r.M, r.S, r.D, r.B, r.TS],
});

describe('generated expression functions', () => {
  it.each(EXPRESSIONS)('%s: same value or error as the closure compiler for every row', (text) => {
    const e = expressionOf(text);
    const reference = compileExpr(e, env);
    const generated = generateEvaluator(e, env);
    fc.assert(fc.property(rowArb, (r) => {
      const row = toRow(r);
      expect(outcome(() => generated(row))).toEqual(outcome(() => reference(row)));
    }), { numRuns: 300 });
  });

  it('evaluates many expressions into one output array in order, TRUE for a missing argument', () => {
    const exprs = [expressionOf('N + 1'), undefined, expressionOf("S || '!'")];
    const out: SqlValue[] = [null, null, null];
    generateMultiEvaluator(exprs, env)(toRow({ N: 2, M: null, S: 'a', D: null, B: null, TS: null }), out);
    expect(out).toEqual([3, true, 'a!']);
  });

  it('keeps string literals inert: quotes and backslashes in SQL text are data, never code', () => {
    const e = expressionOf(`S = 'it''s \\"}; throw 1; //'`);
    const f = generateEvaluator(e, env);
    expect(f(toRow({ N: null, M: null, S: `it's \\"}; throw 1; //`, D: null, B: null, TS: null }))).toBe(true);
  });

  it('does not evaluate a CASE branch that is not taken (no division by zero)', () => {
    const e = expressionOf('CASE WHEN N <> 0 THEN D / N ELSE 0.0 END');
    expect(generateEvaluator(e, env)(toRow({ N: 0, M: null, S: null, D: 1, B: null, TS: null }))).toBe(0);
  });

  // A multi-evaluator computes a subexpression its expressions share once, whichever branch uses it.
  const SHARING = [
    ["CASE WHEN S = 'BUY' AND N > 0 THEN D ELSE 0.0 END", "CASE WHEN S = 'BUY' AND N > 0 THEN 1 END", "CASE WHEN S = 'SELL' AND N > 0 THEN D END"],
    ["CASE WHEN N <> 0 THEN D / N END", "CASE WHEN D > 0 THEN COALESCE(N, M) + 1 END", "COALESCE(N, M) + 1", "N <> 0 OR S IS NULL"],
    ["CASE WHEN B THEN N * M ELSE 0 END", "CASE WHEN NOT B THEN N * M END", "N * M > 2 AND S IN ('BUY', 'M')", "S IN ('BUY', 'M')"],
    ["CASE WHEN N > 0 THEN N > 0 AND S = 'BUY' ELSE S = 'BUY' END", "CAST(N AS VARCHAR(3))", "CASE WHEN S = 'BUY' THEN CAST(S AS INTEGER) END"],
  ];

  it.each(SHARING)('shared subexpressions (%s, ...): same values or first error as evaluating each expression alone', (...texts) => {
    const exprs = texts.map(expressionOf);
    const references = exprs.map((e) => compileExpr(e, env));
    const generated = generateMultiEvaluator(exprs, env);
    fc.assert(fc.property(rowArb, (r) => {
      const row = toRow(r);
      const expected: SqlValue[] = [];
      const expectedError = outcome(() => (references.forEach((f) => expected.push(f(row))), null));
      const out: SqlValue[] = exprs.map(() => null);
      expect(outcome(() => (generated(row, out), null))).toEqual(expectedError);
      if ('value' in expectedError) expect(out).toEqual(expected);
    }), { numRuns: 400 });
  });

  it('compares a shared condition once per row, not once per expression using it', () => {
    const exprs = ["CASE WHEN S = 'BUY' AND N > 0 THEN D END", "CASE WHEN S = 'BUY' AND N < 0 THEN D END", "CASE WHEN S = 'BUY' THEN 1 END"].map(expressionOf);
    const source = String(generateMultiEvaluator(exprs, env));
    expect(source.split('=== "BUY"').length - 1).toBe(1);
    expect(source.split('r.values[').length - 1).toBe(3);
  });
});
