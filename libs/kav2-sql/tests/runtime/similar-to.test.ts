import { describe, expect, it } from 'vitest';
import { compileErrorOf, evalSql, jsonSchema } from '../helpers';

const schema = jsonSchema([['S', 'VARCHAR(32)']]);
const app = (expr: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (R BOOLEAN);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM ${expr} AS R FROM "SOURCE_SQL_STREAM_001";`;

// SQL Reference, String Operators, SIMILAR TO: rule 4, "[seq ^ seq] Matches any single character in seq and not in
// seq" ('cd' SIMILAR TO '[a-e^c]d' is FALSE), and '[^(a-e)]d' is INVALID; rule 16, special characters are matched
// through the ESCAPE character.
describe('SIMILAR TO bracket expressions', () => {
  it.each([
    ["'cd' SIMILAR TO '[a-e^c]d'", false],
    ["'bd' SIMILAR TO '[a-e^c]d'", true],
    ["'fd' SIMILAR TO '[^a-e]d'", true],
    ["'cd' SIMILAR TO '[^a-e]d'", false],
    ["'(d' SIMILAR TO '[\\(x]d' ESCAPE '\\'", true],
  ])('%s is %s', (expr, want) => {
    expect(evalSql(expr as string, 'BOOLEAN')).toBe(want);
  });

  it('refuses a constant pattern with a parenthesis inside [...] where it is written', () => {
    const e = compileErrorOf(app("'cd' SIMILAR TO '[^(a-e)]d'"), schema);
    expect(e.code).toBe('KAV2_INVALID_ARGUMENT');
    expect(e.message).toContain("invalid SIMILAR TO pattern '[^(a-e)]d': '(' inside [...]");
    expect([e.line, e.column]).toEqual([3, 33]);
  });

  it('sends the row of a computed pattern that cannot be read to error_stream', () => {
    expect(() => evalSql("'cd' SIMILAR TO S", 'BOOLEAN', { S: '[^(a-e)]d' }, schema)).toThrow(/INVALID_PATTERN/);
  });

  it('refuses a constant LIKE pattern that ends with its escape character where it is written', () => {
    const e = compileErrorOf(app("'a' LIKE 'a!' ESCAPE '!'"), schema);
    expect(e.code).toBe('KAV2_INVALID_ARGUMENT');
    expect(e.message).toContain('ends with the escape character');
  });
});
