/**
 * LIKE and SIMILAR TO patterns (SQL Reference, String Operators) as JavaScript RegExps. A pattern that cannot be
 * read throws SqlPatternError: the binder reports a constant one where it is written, the runtime sends the row of a
 * computed one to error_stream.
 */

/** Why a pattern cannot be read; `errorName` is the error_stream name a row with it gets. */
export class SqlPatternError extends Error {
  constructor(readonly errorName: 'INVALID_PATTERN' | 'INVALID_ESCAPE', message: string) {
    super(message);
  }
}

const escapeRegex = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** SQL LIKE pattern (with optional escape character) to a RegExp. */
export const likeToRegex = (pattern: string, escape?: string): RegExp => {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape) {
      const n = pattern[++i];
      if (n === undefined) throw new SqlPatternError('INVALID_ESCAPE', `LIKE pattern '${pattern}' ends with the escape character`);
      re += escapeRegex(n);
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += escapeRegex(c);
  }
  return new RegExp(`^${re}$`);
};

/**
 * A SIMILAR TO bracket expression starting at `pattern[start]` ('['): its regex source and the index after its ']'.
 * "[seq]" matches a character in seq, "[^seq]" one not in seq, "[seq ^ seq]" one in the first seq and not in the
 * second (rule 4); a parenthesis inside is refused, as the page's '[^(a-e)]d' is INVALID.
 */
const bracket = (pattern: string, start: number, escape: string | undefined, what: string): [string, number] => {
  const parts: string[] = [''];
  let negated = false;
  let i = start + 1;
  if (pattern[i] === '^') {
    negated = true;
    i++;
  }
  for (; i < pattern.length && pattern[i] !== ']'; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape) parts[parts.length - 1] += escapeRegex(pattern[++i] ?? '');
    else if (c === '^') parts.push('');
    else if (c === '(' || c === ')') throw new SqlPatternError('INVALID_PATTERN', `invalid ${what} pattern '${pattern}': '${c}' inside [...] (escape it to match it)`);
    else if (c === '\\' || c === ']' || c === '[') parts[parts.length - 1] += `\\${c}`;
    else parts[parts.length - 1] += c;
  }
  if (i >= pattern.length) throw new SqlPatternError('INVALID_PATTERN', `invalid ${what} pattern '${pattern}': '[' without ']'`);
  if (parts.length > 2) throw new SqlPatternError('INVALID_PATTERN', `invalid ${what} pattern '${pattern}': more than one '^' inside [...]`);
  const [include, exclude] = parts as [string, string | undefined];
  const set = `[${negated ? '^' : ''}${include}]`;
  return [exclude === undefined ? set : `(?:(?![${exclude}])${set})`, i + 1];
};

/** A SIMILAR TO pattern as unanchored JavaScript regex source (% and _ wildcards, regex alternation/classes/quantifiers). */
const similarSource = (pattern: string, escape: string | undefined, what: string): string => {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape) re += escapeRegex(pattern[++i] ?? '');
    else if (c === '[') {
      const [set, next] = bracket(pattern, i, escape, what);
      re += set;
      i = next - 1;
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else if (c === '.' || c === '^' || c === '$' || c === '\\' || c === '/') re += `\\${c}`;
    else re += c;
  }
  try {
    new RegExp(re);
  } catch {
    throw new SqlPatternError('INVALID_PATTERN', `invalid ${what} pattern '${pattern}'`);
  }
  return re;
};

/** SQL SIMILAR TO pattern to a RegExp matching the whole value. */
export const similarToRegex = (pattern: string, escape?: string): RegExp =>
  new RegExp(`^(?:${similarSource(pattern, escape, 'SIMILAR TO')})$`);

/**
 * The pattern of `SUBSTRING(s SIMILAR pattern ESCAPE e)` as a RegExp whose group 1 is the result: three SIMILAR TO
 * patterns separated by `e"`, "the string to find before the returned substring, the returned substring, the
 * string to find after" (SQL Reference, SUBSTRING), found anywhere in s, as the page's
 * SUBSTRING('123456789' SIMILAR '23#"456#"78' ESCAPE '#') = '456' shows.
 */
export const similarSubstringRegex = (pattern: string, escape: string): RegExp => {
  if (escape.length !== 1) throw new SqlPatternError('INVALID_ESCAPE', `SUBSTRING ... ESCAPE needs one character, got '${escape}'`);
  const parts: string[] = [''];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === escape && pattern[i + 1] === '"') {
      parts.push('');
      i++;
      continue;
    }
    const taken = c === escape && i + 1 < pattern.length ? c + pattern[++i]! : c;
    parts[parts.length - 1] = `${parts[parts.length - 1]!}${taken}`;
  }
  if (parts.length !== 3) {
    throw new SqlPatternError('INVALID_PATTERN', `SUBSTRING ... SIMILAR pattern '${pattern}' needs two ${escape}" separators around the part it returns`);
  }
  const [before, middle, after] = parts.map((x) => similarSource(x, escape, 'SUBSTRING ... SIMILAR')) as [string, string, string];
  return new RegExp(`(?:${before})(${middle})(?:${after})`);
};
