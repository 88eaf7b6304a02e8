import { describe, expect, it } from 'vitest';
import { SqlError, tokenize } from '@surv/kav2-sql';

const stringOf = (sql: string): string => {
  const [t] = tokenize(sql);
  expect(t!.kind).toBe('string');
  return t!.value;
};

describe('U& Unicode character literals (SQL Reference, Expressions and Literals)', () => {
  it('reads a plain one like a character literal, doubled quotes included', () => {
    expect(stringOf("u&'foo'")).toBe('foo');
    expect(stringOf("U&'can''t'")).toBe("can't");
  });

  it('turns a backslash and four hex digits into that character', () => {
    expect(stringOf("u&'\\0009'")).toBe('\t');
    expect(stringOf("u&'caf\\00e9'")).toBe('café');
  });

  it('turns a backslash, a plus and six hex digits into that character', () => {
    expect(stringOf("u&'\\+01F600'")).toBe('😀');
  });

  it('reads a doubled escape character as itself', () => {
    expect(stringOf("u&'back\\\\slash'")).toBe('back\\slash');
  });

  it('takes another escape character from UESCAPE', () => {
    expect(stringOf("u&'!0009' uescape '!'")).toBe('\t');
    expect(stringOf("u&'!0009!!' UESCAPE '!'")).toBe('\t!');
    expect(tokenize("u&'a' uescape '!' x").map((t) => t.kind)).toEqual(['string', 'ident', 'eof']);
  });

  it('refuses an escape without four hex digits, with its position', () => {
    let err: unknown;
    try {
      tokenize("SELECT\n  u&'\\00'");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqlError);
    expect((err as SqlError).code).toBe('KAV2_LEX_INVALID');
    expect([(err as SqlError).line, (err as SqlError).column]).toEqual([2, 3]);
  });

  it('leaves an identifier named U before a character literal alone', () => {
    expect(tokenize("u||'x'").map((t) => t.kind)).toEqual(['ident', 'op', 'string', 'eof']);
  });
});
