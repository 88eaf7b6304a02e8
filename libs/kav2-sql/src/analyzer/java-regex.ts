/**
 * KDA's regular expressions are java.util.regex patterns; the engine runs them as JavaScript
 * RegExps. This translates the constructs whose spelling differs and rejects, by name, the ones
 * JavaScript cannot express, so a pattern never silently means something else.
 */

/** A translated pattern: JavaScript source and flags, and how many capturing groups it has. */
export interface TranslatedRegex {
  readonly source: string;
  readonly flags: string;
  readonly groups: number;
}

/** Why a Java pattern cannot run here; `unsupported` names a Java construct JavaScript lacks. */
export class JavaRegexError extends Error {
  constructor(readonly unsupported: boolean, message: string) {
    super(message);
  }
}

// POSIX classes of java.util.regex (US-ASCII only), as character-class bodies.
const POSIX: Readonly<Record<string, string>> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
  javaLowerCase: 'a-z', javaUpperCase: 'A-Z', javaWhitespace: ' \\t\\n\\x0B\\f\\r\\x1C-\\x1F',
};
const HSPACE = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';
const VSPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';

const escapeLiteral = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const hex4 = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

/** Translates a java.util.regex pattern; throws JavaRegexError for what JavaScript cannot run. */
export const translateJavaRegex = (pattern: string): TranslatedRegex => {
  const unsupported = (what: string): never => {
    throw new JavaRegexError(true, `${what} in the regular expression '${pattern}'`);
  };
  let flags = '';
  let i = 0;
  // Leading inline flags, e.g. (?i) or (?is); flags later in the pattern have no JavaScript form.
  const lead = /^\(\?([idmsux]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'x') unsupported('the COMMENTS flag (?x)');
      if ((f === 'i' || f === 'm' || f === 's') && !flags.includes(f)) flags += f;
    }
    i = lead[0].length;
  }
  let out = '';
  let groups = 0;
  let inClass = 0;
  const multiline = flags.includes('m');
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw new JavaRegexError(false, `the regular expression '${pattern}' ends with a backslash`);
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const lit = pattern.slice(i + 2, end < 0 ? pattern.length : end);
        out += inClass ? lit.replace(/[\]\\^-]/g, '\\$&') : escapeLiteral(lit);
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if (n === 'p' || n === 'P') {
        const m = /^\{(?:Is)?([A-Za-z]+)\}/.exec(pattern.slice(i + 2));
        const body = m ? POSIX[m[1]!] : undefined;
        if (!m || body === undefined) unsupported(`the character property \\${n}${m ? m[0] : ''}`);
        if (inClass && n === 'P') unsupported(`a negated property \\P${m![0]} inside a character class`);
        out += inClass ? body : `[${n === 'P' ? '^' : ''}${body}]`;
        i += 2 + m![0].length;
        continue;
      }
      if (n === 'x' && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i + 3);
        const code = Number.parseInt(pattern.slice(i + 3, end), 16);
        if (end < 0 || !Number.isFinite(code) || code > 0xffff) unsupported(`the code point escape ${pattern.slice(i, end + 1)}`);
        out += hex4(code);
        i = end + 1;
        continue;
      }
      if (n === '0') {
        const m = /^[0-7]{1,3}/.exec(pattern.slice(i + 2));
        if (!m) throw new JavaRegexError(false, `invalid octal escape in the regular expression '${pattern}'`);
        out += hex4(Number.parseInt(m[0], 8));
        i += 2 + m[0].length;
        continue;
      }
      switch (n) {
        case 'A': out += '(?<![\\s\\S])'; break;
        case 'z': out += '(?![\\s\\S])'; break;
        case 'Z': out += '(?=\\n?(?![\\s\\S]))'; break;
        case 'h': out += inClass ? HSPACE : `[${HSPACE}]`; break;
        case 'H': if (inClass) unsupported('\\H inside a character class'); out += `[^${HSPACE}]`; break;
        case 'v': out += inClass ? VSPACE : `[${VSPACE}]`; break;
        case 'V': if (inClass) unsupported('\\V inside a character class'); out += `[^${VSPACE}]`; break;
        case 'e': out += '\\x1B'; break;
        case 'a': out += '\\x07'; break;
        case 'G': case 'R': case 'X': unsupported(`\\${n}`); break;
        default: out += `\\${n}`;
      }
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[') unsupported('a nested character class (union)');
      if (c === '&' && pattern[i + 1] === '&') unsupported('character class intersection (&&)');
      if (c === ']') inClass = 0;
      out += c;
      i++;
      continue;
    }
    switch (c) {
      case '[':
        inClass = 1;
        out += c;
        i++;
        // A ']' right after '[' or '[^' is a literal in Java.
        if (pattern[i] === '^') out += pattern[i++];
        if (pattern[i] === ']') {
          out += '\\]';
          i++;
        }
        continue;
      case '(':
        if (pattern[i + 1] === '?') {
          const rest = pattern.slice(i + 2);
          if (rest.startsWith('>')) unsupported('an atomic group (?>...)');
          if (/^[idmsux-]+[:)]/.test(rest)) unsupported('inline flags after the start of the pattern');
          if (rest.startsWith('<') && rest[1] !== '=' && rest[1] !== '!') groups++;
        } else groups++;
        out += c;
        i++;
        continue;
      case '*': case '+': case '?':
        out += c;
        i++;
        if (pattern[i] === '+') unsupported(`a possessive quantifier ${c}+`);
        continue;
      case '{': {
        const m = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
        if (!m) break;
        out += m[0];
        i += m[0].length;
        if (pattern[i] === '+') unsupported(`a possessive quantifier ${m[0]}+`);
        continue;
      }
      case '$':
        // Java's $ also matches before a final line terminator.
        out += multiline ? '$' : '(?=\\n?(?![\\s\\S]))';
        i++;
        continue;
      default:
        break;
    }
    out += c;
    i++;
  }
  try {
    new RegExp(out, flags);
  } catch (cause) {
    throw new JavaRegexError(false, `invalid regular expression '${pattern}': ${(cause as Error).message}`);
  }
  return { source: out, flags, groups };
};
