import { isSurvError, type SurvError } from '@surv/domain';
import { tokenize } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';

const values = (sql: string) => tokenize(sql).map((t) => `${t.kind}:${t.value}`);

describe('tokenize', () => {
  it('upper-cases unquoted identifiers and keeps quoted identifiers as written', () => {
    expect(values('select Ticker_Symbol, "mixedCase" from s')).toEqual([
      'ident:SELECT', 'ident:TICKER_SYMBOL', 'op:,', 'qident:mixedCase', 'ident:FROM', 'ident:S', 'eof:',
    ]);
  });

  it('reads string literals with doubled quotes and quoted identifiers with doubled double quotes', () => {
    expect(values(`'it''s' "a""b"`)).toEqual(['string:it\'s', 'qident:a"b', 'eof:']);
  });

  it('reads integers, decimals and exponents', () => {
    expect(values('1 2.50 .5 1e3 7.')).toEqual(['number:1', 'number:2.50', 'number:.5', 'number:1e3', 'number:7.', 'eof:']);
  });

  it('reads two-character operators and normalises != to <>', () => {
    expect(values('a<>b <= >= || !=')).toEqual(['ident:A', 'op:<>', 'ident:B', 'op:<=', 'op:>=', 'op:||', 'op:<>', 'eof:']);
  });

  it('skips -- and /* */ comments and tracks line and column across them', () => {
    const toks = tokenize('-- header\nSELECT /* multi\nline */ x');
    expect(toks.map((t) => [t.value, t.line, t.column])).toEqual([
      ['SELECT', 2, 1], ['X', 3, 9], ['', 3, 10],
    ]);
  });

  it('skips // line comments (the CREATE PUMP page annotates its pump with them) but keeps / and // in strings', () => {
    const toks = tokenize("INSERT INTO s (a)\n//note that this list matches\nSELECT STREAM a / 2, '//x' FROM t");
    expect(toks.map((t) => [t.kind, t.value, t.line])).toEqual([
      ['ident', 'INSERT', 1], ['ident', 'INTO', 1], ['ident', 'S', 1], ['op', '(', 1], ['ident', 'A', 1], ['op', ')', 1],
      ['ident', 'SELECT', 3], ['ident', 'STREAM', 3], ['ident', 'A', 3], ['op', '/', 3], ['number', '2', 3], ['op', ',', 3],
      ['string', '//x', 3], ['ident', 'FROM', 3], ['ident', 'T', 3], ['eof', '', 3],
    ]);
  });

  it('reports an unterminated string at its opening quote', () => {
    try {
      tokenize("SELECT\n  'abc");
      expect.unreachable();
    } catch (e) {
      expect(isSurvError(e)).toBe(true);
      expect((e as SurvError).code).toBe('KAV2_LEX_INVALID');
      expect(e).toMatchObject({ line: 2, column: 3 });
    }
  });

  it('refuses a binary string literal X\'...\' by name, at its X', () => {
    expect(() => tokenize("SELECT\n  X'0AFF' FROM t")).toThrow(/binary string literal X'0AFF' \(BINARY values\) is not supported \(line 2, column 3\)/);
    expect(() => tokenize("x'1'")).toThrow(expect.objectContaining({ code: 'KAV2_UNSUPPORTED' }));
    // A name ending in X before a string is two tokens, not a binary literal.
    expect(tokenize("MAX 'a'").map((t) => t.kind)).toEqual(['ident', 'string', 'eof']);
  });

  it('rejects unknown characters and unterminated block comments with positions', () => {
    expect(() => tokenize('a ? b')).toThrow(/unexpected character '\?' \(line 1, column 3\)/);
    expect(() => tokenize('/* open')).toThrow(/unterminated \/\* comment \(line 1, column 1\)/);
  });
});
