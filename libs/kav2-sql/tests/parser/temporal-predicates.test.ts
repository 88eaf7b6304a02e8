import { describe, expect, it } from 'vitest';
import { type Expr, parse, tokenize } from '@surv/kav2-sql';
import { compileErrorOf, evalSql, jsonSchema } from '../helpers';

const SCHEMA = jsonSchema([['S', 'TIMESTAMP'], ['E', 'TIMESTAMP'], ['N', 'INTEGER'], ['V', 'VARCHAR(8)']]);
const sql = (cond: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (S TIMESTAMP);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM "S" FROM "SOURCE_SQL_STREAM_001" WHERE ${cond};`;
const at = (text: string, needle: string): [number, number] => {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return [line + 1, lines[line]!.indexOf(needle) + 1];
};
const where = (cond: string): Expr => {
  const stmt = parse(tokenize(sql(cond)))[1]!;
  if (stmt.kind !== 'createPump' || stmt.query.kind !== 'select' || !stmt.query.where) throw new Error('no WHERE');
  return stmt.query.where;
};
/** The tree without positions, as nested arrays: ['temporal', predicate, ...operands] / ['AND', l, r] / names. */
const shape = (e: Expr): unknown => {
  if (e.kind === 'temporal') return [e.predicate, ...e.operands.map(shape)];
  if (e.kind === 'binary') return [e.op, shape(e.left), shape(e.right)];
  if (e.kind === 'ident') return e.parts.join('.');
  if (e.kind === 'unary') return [e.op, shape(e.operand)];
  return e.kind;
};

describe('temporal predicates: syntax (SQL Reference, Temporal Predicates, Syntax)', () => {
  it.each([
    'EQUALS', 'CONTAINS', 'OVERLAPS', 'PRECEDES', 'SUCCEEDS', 'LEADS', 'LAGS',
    'STRICTLY CONTAINS', 'STRICTLY OVERLAPS', 'STRICTLY PRECEDES', 'STRICTLY SUCCEEDS', 'STRICTLY LEADS', 'STRICTLY LAGS',
    'IMMEDIATELY PRECEDES', 'IMMEDIATELY SUCCEEDS', 'IMMEDIATELY LEADS', 'IMMEDIATELY LAGS',
  ])('reads (s1, e1) %s (s2, e2)', (p) => {
    expect(shape(where(`(S, E) ${p} PERIOD (S, E)`))).toEqual([p, 'S', 'E', 'S', 'E']);
    expect(shape(where(`(S, E) ${p.toLowerCase()} (S, E)`))).toEqual([p, 'S', 'E', 'S', 'E']);
  });

  it('reads compact chaining as the predicates ANDed, each right period the next one\'s left', () => {
    expect(shape(where('(A, B) PRECEDES (C, D) IMMEDIATELY PRECEDES PERIOD(F, G) CONTAINS T'))).toEqual(
      ['AND', ['AND', ['PRECEDES', 'A', 'B', 'C', 'D'], ['IMMEDIATELY PRECEDES', 'C', 'D', 'F', 'G']], ['CONTAINS', 'F', 'G', 'T']],
    );
  });

  it('binds tighter than AND and OR, and NOT covers the whole predicate', () => {
    expect(shape(where('X AND (A, B) OVERLAPS (C, D) OR Y'))).toEqual(['OR', ['AND', 'X', ['OVERLAPS', 'A', 'B', 'C', 'D']], 'Y']);
    expect(shape(where('NOT PERIOD(A, B) CONTAINS T + I'))).toEqual(['NOT', ['CONTAINS', 'A', 'B', ['+', 'T', 'I']]]);
  });

  it('keeps the predicate words usable as names (they are not reserved words)', () => {
    const s = jsonSchema([['CONTAINS', 'INTEGER'], ['LEADS', 'INTEGER'], ['PERIOD', 'INTEGER'], ['STRICTLY', 'INTEGER']]);
    expect(evalSql('CONTAINS + LEADS + PERIOD + STRICTLY', 'INTEGER', { CONTAINS: 1, LEADS: 2, PERIOD: 3, STRICTLY: 4 }, s)).toBe(10);
  });

  it('leaves parenthesised expressions and (e - s) SECOND(10, 3) alone', () => {
    expect(evalSql('(1 + 2) * (3)', 'INTEGER')).toBe(9);
    expect(evalSql("CAST((TIMESTAMP '2020-01-01 00:00:01.5' - TIMESTAMP '2020-01-01 00:00:00') SECOND(10, 3) * 1000 AS BIGINT)", 'BIGINT')).toBe(1500);
  });
});

describe('temporal predicates: positioned errors', () => {
  it.each([
    ['(S, E) IMMEDIATELY CONTAINS (S, E)', 'IMMEDIATELY', 'IMMEDIATELY CONTAINS is not a temporal predicate'],
    ['(S, E) STRICTLY EQUALS (S, E)', 'STRICTLY', 'STRICTLY EQUALS is not a temporal predicate'],
    ['(S, E) IMMEDIATELY OVERLAPS (S, E)', 'IMMEDIATELY', 'IMMEDIATELY OVERLAPS'],
    ['(S, E) STRICTLY BEFORE (S, E)', 'BEFORE', 'a temporal predicate after STRICTLY'],
    ['(S, E) OVERLAPS S', 'S;', 'only CONTAINS and STRICTLY CONTAINS take a single TIMESTAMP'],
    ['(S, E) LEADS S + INTERVAL \'1\' SECOND', "S + INTERVAL '1' SECOND;", 'only CONTAINS and STRICTLY CONTAINS'],
    ['PERIOD(S, E) IS NULL', 'IS NULL', 'a temporal predicate'],
    ['PERIOD(S, E, S) OVERLAPS (S, E)', ', S)', 'a period has two bounds'],
    ['PERIOD(S) OVERLAPS (S, E)', ') OVERLAPS', "expected ','"],
    ['N = PERIOD(S, E) OVERLAPS (S, E)', 'PERIOD', 'a period only begins a temporal predicate'],
  ])('refuses %s at %s', (cond, needle, message) => {
    const text = sql(cond);
    const e = compileErrorOf(text, SCHEMA);
    expect([e.code, e.line, e.column]).toEqual(['KAV2_PARSE_UNEXPECTED', ...at(text, needle)]);
    expect(e.message).toContain(message);
  });

  it.each([
    ['(N, E) OVERLAPS (S, E)', 'N, E', 'INTEGER'],
    ['(S, E) OVERLAPS (S, V)', 'V)', 'VARCHAR(8)'],
    ["(S, E) CONTAINS DATE '2020-01-01'", "DATE '2020-01-01'", 'DATE'],
    ["(S, E) STRICTLY CONTAINS '2020-01-01 00:00:00'", "'2020-01-01 00:00:00'", 'VARCHAR'],
    ['(S, E) PRECEDES (S, E) PRECEDES (E, N)', 'N)', 'INTEGER'],
  ])('refuses a bound that is not a TIMESTAMP: %s, at the bound', (cond, needle, type) => {
    const text = sql(cond);
    const e = compileErrorOf(text, SCHEMA);
    expect([e.code, e.line, e.column]).toEqual(['KAV2_TYPE_MISMATCH', ...at(text, needle)]);
    expect(e.message).toContain(`compares TIMESTAMP bounds, got ${type}`);
  });

  it('refuses a row value that no temporal predicate follows as a row value, at its parenthesis', () => {
    const text = sql('("S", "E") IS NULL');
    const e = compileErrorOf(text, SCHEMA);
    expect([e.code, e.line, e.column]).toEqual(['KAV2_UNSUPPORTED', ...at(text, '("S", "E")')]);
    expect(e.message).toContain('a row value (a, b) is not supported');
  });
});
