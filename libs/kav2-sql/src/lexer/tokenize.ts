import { SqlError, unsupported } from '../errors';
import { type Token, type TokenKind } from './token';

const TWO_CHAR_OPS = new Set(['<>', '<=', '>=', '!=', '||']);
const ONE_CHAR_OPS = new Set(['(', ')', ',', '.', ';', '+', '-', '*', '/', '%', '=', '<', '>']);

const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$#]/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** The text of a U&'...' literal with its escapes replaced. */
const unicodeEscapes = (text: string, escape: string, pos: { line: number; column: number }): string => {
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (ch !== escape) {
      out += ch;
      continue;
    }
    if (text[k + 1] === escape) {
      out += escape;
      k++;
      continue;
    }
    const six = text[k + 1] === '+';
    const hex = six ? text.slice(k + 2, k + 8) : text.slice(k + 1, k + 5);
    if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== (six ? 6 : 4)) {
      throw new SqlError('KAV2_LEX_INVALID', `invalid Unicode escape '${text.slice(k, k + (six ? 8 : 5))}' in U& literal (write ${escape} and four hex digits, ${escape}+ and six, or ${escape}${escape})`, pos);
    }
    out += String.fromCodePoint(parseInt(hex, 16));
    k += six ? 7 : 4;
  }
  return out;
};

/**
 * Splits KDA SQL text into tokens. Unquoted identifiers and keywords are upper-cased (KDA folds
 * them); quoted identifiers keep their case. `--` and `/* *\/` comments are skipped, and so is `//` to the end
 * of the line: the SQL Reference's CREATE PUMP example annotates its pump with `//note ...` lines, and `//` can
 * never start valid SQL (`/` needs an operand on its right), so no valid text changes meaning.
 */
export const tokenize = (sql: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const push = (kind: TokenKind, value: string, start: number, startLine: number, startLineStart: number): void => {
    tokens.push({ kind, value, line: startLine, column: start - startLineStart + 1 });
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '/')) {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const startPos = { line, column: i - lineStart + 1 };
      i += 2;
      while (i < sql.length && !(sql[i] === '*' && sql[i + 1] === '/')) {
        if (sql[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= sql.length) throw new SqlError('KAV2_LEX_INVALID', 'unterminated /* comment', startPos);
      i += 2;
      continue;
    }
    const start = i;
    const startLine = line;
    const startLineStart = lineStart;
    if ((c === 'X' || c === 'x') && sql[i + 1] === "'") {
      // SQL:2008's binary string literal X'0AFF': values of the BINARY type (SQL Reference, Data Types),
      // which this engine does not have. No valid text has a name directly followed by a string.
      const end = sql.indexOf("'", i + 2);
      const text = end < 0 ? sql.slice(i) : sql.slice(i, end + 1);
      throw unsupported(`binary string literal ${text.length > 24 ? `${text.slice(0, 21)}...` : text} (BINARY values)`, { line, column: i - lineStart + 1 });
    }
    const unicode = (c === 'U' || c === 'u') && sql[i + 1] === '&' && sql[i + 2] === "'";
    if (unicode) i += 2;
    if (unicode || c === "'" || c === '"') {
      const q = unicode ? "'" : c;
      let value = '';
      i++;
      for (;;) {
        if (i >= sql.length) {
          throw new SqlError(
            'KAV2_LEX_INVALID',
            c === "'" ? 'unterminated string literal' : 'unterminated quoted identifier',
            { line: startLine, column: start - startLineStart + 1 },
          );
        }
        const d = sql[i]!;
        if (d === q) {
          if (sql[i + 1] === q) {
            value += q;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += d;
        i++;
      }
      if (unicode) {
        // `U&'...' [UESCAPE 'c']` (SQL Reference, Expressions and Literals): escapes are the escape character and
        // four hex digits (or '+' and six), and the escape character twice stands for itself.
        let escape = '\\';
        const m = /^\s*UESCAPE\s*'([^'])'/i.exec(sql.slice(i));
        if (m) {
          escape = m[1]!;
          i += m[0].length;
        }
        value = unicodeEscapes(value, escape, { line: startLine, column: start - startLineStart + 1 });
      }
      push(q === "'" ? 'string' : 'qident', value, start, startLine, startLineStart);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(sql[i + 1] ?? ''))) {
      while (i < sql.length && isDigit(sql[i]!)) i++;
      if (sql[i] === '.' && isDigit(sql[i + 1] ?? '')) {
        i++;
        while (i < sql.length && isDigit(sql[i]!)) i++;
      } else if (sql[i] === '.' && !isIdentStart(sql[i + 1] ?? '')) {
        i++;
      }
      if ((sql[i] === 'e' || sql[i] === 'E') && /[0-9+-]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < sql.length && isDigit(sql[i]!)) i++;
      }
      push('number', sql.slice(start, i), start, startLine, startLineStart);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < sql.length && isIdentPart(sql[i]!)) i++;
      push('ident', sql.slice(start, i).toUpperCase(), start, startLine, startLineStart);
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      i += 2;
      push('op', two === '!=' ? '<>' : two, start, startLine, startLineStart);
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      i++;
      push('op', c, start, startLine, startLineStart);
      continue;
    }
    throw new SqlError('KAV2_LEX_INVALID', `unexpected character '${c}'`, {
      line,
      column: i - lineStart + 1,
    });
  }
  tokens.push({ kind: 'eof', value: '', line, column: i - lineStart + 1 });
  return tokens;
};
