import { parseExpression, SqlError, tokenize } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';

const expr = (sql: string) => parseExpression(tokenize(sql));
const errorOf = (sql: string): SqlError => {
  try {
    expr(sql);
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('parsed');
};

describe('IN (subquery) and EXISTS (subquery)', () => {
  it('parses x IN (SELECT ...) with the subquery as a query', () => {
    expect(expr('ticker_symbol IN (SELECT ticker FROM "CompanyWatchlist")')).toMatchObject({
      kind: 'inQuery', negated: false,
      operands: [{ kind: 'ident', parts: ['TICKER_SYMBOL'] }],
      query: { kind: 'select', stream: false, from: { kind: 'stream', name: 'CompanyWatchlist' }, items: [{ kind: 'expr', expr: { kind: 'ident', parts: ['TICKER'] } }] },
      pos: { line: 1, column: 15 },
    });
  });

  it('parses the operator page\'s row form (col1, col2) IN (select a, b from my_table), and NOT IN', () => {
    expect(expr('(col1, col2) IN (\n    select a, b from my_table\n    )')).toMatchObject({
      kind: 'inQuery', negated: false,
      operands: [{ kind: 'ident', parts: ['COL1'] }, { kind: 'ident', parts: ['COL2'] }],
      query: { kind: 'select', from: { kind: 'stream', name: 'MY_TABLE' } },
    });
    expect(expr('(a, b + 1) NOT IN (SELECT x, y FROM t WHERE x > 0)')).toMatchObject({
      kind: 'inQuery', negated: true, operands: [{ kind: 'ident' }, { kind: 'binary', op: '+' }], query: { where: { kind: 'binary', op: '>' } },
    });
    expect(expr('a NOT IN (SELECT x FROM t)')).toMatchObject({ kind: 'inQuery', negated: true });
  });

  it('keeps IN (list) a list, and a parenthesized expression before IN a scalar', () => {
    expect(expr("a IN ('A', 'B')")).toMatchObject({ kind: 'in', list: [{ value: 'A' }, { value: 'B' }] });
    expect(expr('(a + 1) IN (SELECT x FROM t)')).toMatchObject({ kind: 'inQuery', operands: [{ kind: 'binary', op: '+' }] });
  });

  it('parses EXISTS and NOT EXISTS, and combines them like any predicate', () => {
    expect(expr('EXISTS (SELECT * FROM "Companies" c WHERE c.ticker = s.ticker_symbol)')).toMatchObject({
      kind: 'exists', pos: { line: 1, column: 1 },
      query: { items: [{ kind: 'star' }], from: { name: 'Companies', alias: 'C' }, where: { kind: 'binary', op: '=' } },
    });
    expect(expr('NOT EXISTS (SELECT 1 FROM t) AND x IN (SELECT y FROM u)')).toMatchObject({
      kind: 'binary', op: 'AND', left: { kind: 'unary', op: 'NOT', operand: { kind: 'exists' } }, right: { kind: 'inQuery' },
    });
    expect(expr('CASE WHEN EXISTS (SELECT 1 FROM t) THEN 1 ELSE 0 END')).toMatchObject({ kind: 'case', whens: [{ when: { kind: 'exists' } }] });
  });

  it('reads (a, b) [NOT] IN ((1, 2), ...) as the rows\' field-by-field equality, ORed', () => {
    expect(expr("x = 1 OR (a, b) IN ((1, 'p'), (2, 'q'))")).toMatchObject({
      kind: 'binary', op: 'OR',
      right: {
        kind: 'binary', op: 'OR',
        left: { kind: 'binary', op: 'AND', left: { op: '=', left: { parts: ['A'] }, right: { value: 1 } }, right: { op: '=', left: { parts: ['B'] }, right: { value: 'p' } } },
        right: { kind: 'binary', op: 'AND', left: { op: '=', right: { value: 2 } }, right: { op: '=', right: { value: 'q' } } },
      },
    });
    expect(expr('(a, b) NOT IN ((1, 2))')).toMatchObject({ kind: 'unary', op: 'NOT', operand: { kind: 'binary', op: 'AND' } });
  });

  it('refuses a row of the wrong width in an IN list, a scalar subquery, and EXISTS without a query, where they are written', () => {
    expect(errorOf('(a, b) IN ((1, 2), (3))')).toMatchObject({ code: 'KAV2_TYPE_MISMATCH', line: 1, column: 20 });
    expect(errorOf('(a, b) IN ((1, 2), (3))').message).toMatch(/IN tests a row of 2 values but this row of its list has 1/);
    expect(errorOf('(a, b) IN (1, 2)')).toMatchObject({ code: 'KAV2_PARSE_UNEXPECTED', line: 1, column: 12 });
    expect(errorOf('x + (SELECT y FROM t)')).toMatchObject({ code: 'KAV2_UNSUPPORTED', column: 6 });
    expect(errorOf('x + (SELECT y FROM t)').message).toMatch(/a scalar subquery is not supported/);
    expect(errorOf('EXISTS (1)')).toMatchObject({ code: 'KAV2_PARSE_UNEXPECTED', line: 1, column: 9 });
    expect(errorOf('EXISTS x')).toMatchObject({ code: 'KAV2_PARSE_UNEXPECTED', column: 8 });
  });

  it('refuses, where IN is written, a row list that would copy its row value past the limit (nested lists grow exponentially)', () => {
    // Each row is `a = x AND b = y`, so each repeats the row value: ten rows over a row value holding a list of ten
    // rows copy it a hundred times, and so on, level after level.
    let e = 'v = 1';
    for (let i = 0; i < 8; i++) e = `(${e}, v) IN (${Array.from({ length: 10 }, (_, j) => `(${j % 2 ? 'TRUE' : 'FALSE'}, ${j})`).join(', ')})`;
    const err = errorOf(e);
    expect(err).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 1 });
    expect(err.message).toMatch(/IN list of 10 rows repeats its row value/);
    // A long list over plain columns stays well inside the limit.
    expect(() => expr(`(a, b) IN (${Array.from({ length: 5000 }, (_, j) => `(${j}, ${j})`).join(', ')})`)).not.toThrow();
  });

  it('names the opening parenthesis when a subquery is not closed', () => {
    const e = errorOf('x IN (SELECT y FROM t\n  WHERE y > 1');
    expect(e).toMatchObject({ code: 'KAV2_PARSE_UNEXPECTED', line: 2, column: 14 });
    expect(e.message).toMatch(/expected '\)' to close the subquery opened at line 1, column 6 but found end of input/);
  });
});
