import { TYPE_NAMES } from '../dialect/keywords';
import { SqlError, unsupported, type SourcePos } from '../errors';
import { type Token } from '../lexer/token';
import { tokenize } from '../lexer/tokenize';
import { patternProblem } from '../datetime/simple-date-format';
import { type BExpr } from './bound';
import { JavaRegexError, translateJavaRegex, type TranslatedRegex } from './java-regex';
import { type Column, type SqlType, type SqlTypeName, formatType, isString, t } from './sql-type';

/**
 * The log-parse functions of the KDA SQL Reference ("Log Parsing Functions"). Each returns a ROW
 * whose fields (COLUMN1..n unless the call names them) are read as `alias.r.COLUMN1` or
 * `(expr).COLUMN1`. The shape of the row depends on constant arguments (the pattern, the format,
 * the column list), so it is worked out here, once, at bind time; the runtime builds its parser
 * from the same spec.
 */
export const LOG_PARSE_FUNCTIONS: ReadonlySet<string> = new Set([
  'REGEX_LOG_PARSE', 'FAST_REGEX_LOG_PARSER', 'FAST_REGEX_LOG_PARSE', 'W3C_LOG_PARSE', 'VARIABLE_COLUMN_LOG_PARSE',
  'FIXED_COLUMN_LOG_PARSE', 'SYS_LOG_PARSE',
]);

/** A field of the parsed row; `format` is a SimpleDateFormat pattern for DATE/TIME/TIMESTAMP fields. */
export interface FieldSpec extends Column {
  readonly format?: string;
  /** FIXED_COLUMN_LOG_PARSE: 0-based start and optional width. */
  readonly start?: number;
  readonly width?: number;
}

/** One step of a FAST_REGEX_LOG_PARSE scan: a sticky regex and, per capture, the output column it feeds. */
export interface FastRegexStep {
  readonly source: string;
  readonly captureColumns: readonly number[];
  readonly last: boolean;
}

/** Everything the runtime needs to parse one value into the row. */
export type LogParseSpec =
  | { kind: 'regex'; regex: TranslatedRegex; fields: readonly FieldSpec[] }
  | { kind: 'fastRegex'; steps: readonly FastRegexStep[]; fields: readonly FieldSpec[] }
  | { kind: 'w3c'; regex: TranslatedRegex; fields: readonly FieldSpec[] }
  | { kind: 'variable'; delimiter: string; escape?: string; quoteBegin?: string; quoteEnd?: string; fields: readonly FieldSpec[] }
  | { kind: 'fixed'; fields: readonly FieldSpec[] }
  | { kind: 'syslog'; fields: readonly FieldSpec[] };

const VARCHAR_1024 = t('VARCHAR', 1024);
const numbered = (n: number): FieldSpec[] => Array.from({ length: n }, (_, i) => ({ name: `COLUMN${i + 1}`, type: VARCHAR_1024 }));

const invalid = (msg: string, pos: SourcePos): SqlError => new SqlError('KAV2_INVALID_ARGUMENT', msg, pos);

/** The value of a constant character argument (the pattern, format, column list, delimiter). */
const constString = (fn: string, args: readonly BExpr[], i: number, what: string, pos: SourcePos): string => {
  const a = args[i];
  if (a?.kind !== 'const' || typeof a.value !== 'string') {
    throw invalid(`argument ${i + 1} of ${fn} (${what}) must be a character literal: the shape of the row it returns is fixed when the application compiles`, pos);
  }
  return a.value;
};

const regexOf = (fn: string, pattern: string, pos: SourcePos): TranslatedRegex => {
  try {
    return translateJavaRegex(pattern);
  } catch (e) {
    if (e instanceof JavaRegexError) {
      throw e.unsupported ? unsupported(`${fn}: ${e.message}`, pos) : invalid(`${fn}: ${e.message}`, pos);
    }
    throw e;
  }
};

const resolveFieldType = (name: string, length: number | undefined, scale: number | undefined): SqlType | undefined => {
  const canonical = TYPE_NAMES[name] as SqlTypeName | undefined;
  if (!canonical || canonical === 'VARBINARY') return undefined;
  if (canonical === 'VARCHAR' || canonical === 'CHAR') return t(canonical, length ?? (canonical === 'CHAR' ? 1 : 1024));
  if (canonical === 'DECIMAL') return t(canonical, length ?? 19, scale ?? 0);
  return t(canonical);
};

/**
 * A column list such as `'COL_1 TYPE VARCHAR(16), TS TYPE TIMESTAMP 'dd/MMM/yyyy:HH:mm:ss', N TYPE INTEGER START 3 FOR 2'`:
 * name, optional TYPE, SQL type, optional NOT NULL, optional date format, and (FIXED_COLUMN_LOG_PARSE) START/FOR.
 */
export const parseColumnList = (fn: string, text: string, pos: SourcePos, positioned: boolean): FieldSpec[] => {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (cause) {
    throw invalid(`${fn}: cannot read the column list '${text}': ${(cause as Error).message}`, pos);
  }
  let i = 0;
  const peek = (): Token => tokens[i]!;
  const fail = (what: string): never => {
    const tk = peek();
    throw invalid(`${fn}: expected ${what} in the column list '${text}' but found ${tk.kind === 'eof' ? 'its end' : `'${tk.value}'`}`, pos);
  };
  const isWord = (w: string): boolean => peek().kind === 'ident' && peek().value === w;
  const integer = (what: string): number => {
    const tk = peek();
    if (tk.kind !== 'number' || !/^\d+$/.test(tk.value)) fail(what);
    i++;
    return Number(tk.value);
  };
  const fields: FieldSpec[] = [];
  do {
    const nameTok = peek();
    if (nameTok.kind !== 'ident' && nameTok.kind !== 'qident') fail('a column name');
    i++;
    if (isWord('TYPE')) i++;
    const typeTok = peek();
    if (typeTok.kind !== 'ident') fail('a SQL type');
    i++;
    if (typeTok.value === 'DOUBLE' && isWord('PRECISION')) i++;
    let length: number | undefined;
    let scale: number | undefined;
    if (peek().kind === 'op' && peek().value === '(') {
      i++;
      length = integer('a type length');
      if (peek().kind === 'op' && peek().value === ',') {
        i++;
        scale = integer('a type scale');
      }
      if (peek().kind !== 'op' || peek().value !== ')') fail("')'");
      i++;
    }
    const type = resolveFieldType(typeTok.value, length, scale);
    if (!type) throw invalid(`${fn}: unknown SQL type '${typeTok.value}' in the column list '${text}'`, pos);
    if (isWord('NOT')) {
      i++;
      if (!isWord('NULL')) fail('NULL');
      i++;
    }
    let format: string | undefined;
    if (peek().kind === 'string') {
      if (type.name !== 'TIMESTAMP' && type.name !== 'DATE' && type.name !== 'TIME') {
        throw invalid(`${fn}: a format string is only valid for DATE, TIME and TIMESTAMP columns, not ${formatType(type)}`, pos);
      }
      format = peek().value;
      const problem = patternProblem(format);
      if (problem) throw invalid(`${fn}: column ${nameTok.value}: ${problem}`, pos);
      i++;
    }
    let start: number | undefined;
    let width: number | undefined;
    if (positioned) {
      if (!isWord('START')) fail('START <position>');
      i++;
      start = integer('a start position');
      if (isWord('FOR')) {
        i++;
        width = integer('a width');
      }
    }
    const field: FieldSpec = { name: nameTok.value, type, ...(format === undefined ? {} : { format }), ...(start === undefined ? {} : { start }), ...(width === undefined ? {} : { width }) };
    if (fields.some((f) => f.name === field.name)) throw invalid(`${fn}: column ${field.name} is listed twice in '${text}'`, pos);
    fields.push(field);
    if (peek().kind === 'op' && peek().value === ',') i++;
    else break;
  } while (peek().kind !== 'eof');
  if (peek().kind !== 'eof') fail("',' or the end");
  return fields;
};

const checkArity = (fn: string, args: readonly BExpr[], min: number, max: number, pos: SourcePos): void => {
  if (args.length < min || args.length > max) {
    throw invalid(`${fn} takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`, pos);
  }
  const first = args[0]!;
  if (!isString(first.type)) throw new SqlError('KAV2_TYPE_MISMATCH', `argument 1 of ${fn} must be a character string, got ${formatType(first.type)}`, pos);
};

/** The row type a log-parse call returns. */
export const logParseRowType = (spec: LogParseSpec): SqlType => ({ name: 'ROW', fields: spec.fields.map((f) => ({ name: f.name, type: f.type })) });

/** Works out a log-parse call's parser and row shape from its (constant) arguments. */
export const logParseSpec = (fn: string, args: readonly BExpr[], pos: SourcePos): LogParseSpec => {
  switch (fn) {
    case 'REGEX_LOG_PARSE': {
      checkArity(fn, args, 2, 3, pos);
      const regex = regexOf(fn, constString(fn, args, 1, 'the regular expression', pos), pos);
      if (regex.groups === 0) throw invalid(`${fn}: the regular expression has no capturing group, so the row would have no columns`, pos);
      let fields = numbered(regex.groups);
      if (args.length === 3) {
        fields = parseColumnList(fn, constString(fn, args, 2, 'the column list', pos), pos, false);
        if (fields.length !== regex.groups) throw invalid(`${fn}: the column list names ${fields.length} columns but the regular expression has ${regex.groups} groups`, pos);
      }
      return { kind: 'regex', regex, fields };
    }
    case 'FAST_REGEX_LOG_PARSER': case 'FAST_REGEX_LOG_PARSE': {
      checkArity(fn, args, 2, 2, pos);
      const { steps, groups } = fastRegexSteps(fn, constString(fn, args, 1, 'the fast regex pattern', pos), pos);
      return { kind: 'fastRegex', steps, fields: numbered(groups) };
    }
    case 'W3C_LOG_PARSE': {
      checkArity(fn, args, 2, 2, pos);
      const { regex, columns } = w3cRegex(fn, constString(fn, args, 1, 'the log format', pos), pos);
      return { kind: 'w3c', regex, fields: numbered(columns) };
    }
    case 'VARIABLE_COLUMN_LOG_PARSE': {
      checkArity(fn, args, 3, 5, pos);
      const cols = args[1]!;
      let fields: FieldSpec[];
      if (cols.kind === 'const' && typeof cols.value === 'number') {
        if (!Number.isInteger(cols.value) || cols.value < 1) throw invalid(`${fn}: the number of columns must be a positive integer, got ${cols.value}`, pos);
        fields = numbered(cols.value);
      } else fields = parseColumnList(fn, constString(fn, args, 1, 'the number of columns or the column list', pos), pos, false);
      const delimiter = constString(fn, args, 2, 'the delimiter', pos);
      if (delimiter === '') throw invalid(`${fn}: the delimiter is empty`, pos);
      const escape = args.length > 3 ? constString(fn, args, 3, 'the escape string', pos) : undefined;
      const quote = args.length > 4 ? constString(fn, args, 4, 'the quote characters', pos) : undefined;
      if (quote !== undefined && (quote.length < 1 || quote.length > 2)) throw invalid(`${fn}: the quote string must be one or two characters, got '${quote}'`, pos);
      return {
        kind: 'variable', delimiter, fields,
        ...(escape ? { escape } : {}),
        ...(quote ? { quoteBegin: quote[0]!, quoteEnd: quote[1] ?? quote[0]! } : {}),
      };
    }
    case 'FIXED_COLUMN_LOG_PARSE': {
      checkArity(fn, args, 2, 2, pos);
      return { kind: 'fixed', fields: parseColumnList(fn, constString(fn, args, 1, 'the column list', pos), pos, true) };
    }
    case 'SYS_LOG_PARSE':
      checkArity(fn, args, 1, 1, pos);
      return { kind: 'syslog', fields: [{ name: 'COLUMN1', type: t('TIMESTAMP') }, { name: 'COLUMN2', type: VARCHAR_1024 }] };
    default:
      throw new SqlError('KAV2_UNKNOWN_FUNCTION', `unknown log-parse function ${fn}`, pos);
  }
};

// ---------------------------------------------------------------------------------------------
// W3C_LOG_PARSE

/** The W3C-predefined formats of the reference page. */
const W3C_FORMATS: Readonly<Record<string, string>> = {
  COMMON: '%h %l %u %t "%r" %>s %b',
  'COMMON WITH VHOST': '%v %h %l %u %t "%r" %>s %b',
  'NCSA EXTENDED': '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"',
  REFERER: '%{Referer}i ---> %U',
  AGENT: '%{User-agent}i',
};
// Specifiers whose value never contains a blank (hosts, numbers, codes); the rest may.
const W3C_TOKEN = new Set(['a', 'A', 'b', 'B', 'D', 'h', 'H', 'l', 'm', 'p', 'P', 's', 'T', 'u', 'U', 'v', 'V', 'X', 'I', 'O', 'q', 'f']);
const W3C_ANY = new Set(['r', 'i', 'o', 'n', 'e', 'C', 't']);

const w3cRegex = (fn: string, format: string, pos: SourcePos): { regex: TranslatedRegex; columns: number } => {
  const spec = W3C_FORMATS[format.trim().toUpperCase().replace(/\s+/g, ' ')] ?? format;
  let source = '^';
  let columns = 0;
  let i = 0;
  while (i < spec.length) {
    const c = spec[i]!;
    if (c !== '%') {
      source += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i++;
      continue;
    }
    // %[!]status,list or < > modifiers, an optional {name} or [name], then the letter.
    const m = /^%(?:!?\d{3}(?:,\d{3})*)?[<>]?(?:\{[^}]*\}|\[[^\]]*\])?([a-zA-Z%])/.exec(spec.slice(i));
    if (!m) throw invalid(`${fn}: cannot read the format specifier at '${spec.slice(i)}' in '${format}'`, pos);
    const letter = m[1]!;
    i += m[0].length;
    if (letter === '%') {
      source += '%';
      continue;
    }
    if (!W3C_TOKEN.has(letter) && !W3C_ANY.has(letter)) throw invalid(`${fn}: unknown format specifier %${letter} in '${format}'`, pos);
    const bracketed = spec[i - m[0].length - 1] === '[';
    // %t is "[day/month/year:time zone]" in CLF; inside a literal [ ] it is the text between them.
    if (letter === 't' && !bracketed) source += '(\\[[^\\]]*\\]|\\S*)';
    else source += W3C_TOKEN.has(letter) ? '(\\S*?)' : '([\\s\\S]*?)';
    columns++;
  }
  source += '$';
  return { regex: { source, flags: '', groups: columns }, columns };
};

// ---------------------------------------------------------------------------------------------
// FAST_REGEX_LOG_PARSE

const NAMED: Readonly<Record<string, string>> = {
  Digit: '[0-9]', Upper: '[A-Z]', Lower: '[a-z]', ASCII: '[\\x00-\\x7F]', Alpha: '[a-zA-Z]', Alnum: '[a-zA-Z0-9]',
  Punct: '[!-\\/:-@\\[-`{-~]', Blank: '[ \\t]', Space: '[ \\t\\n\\f\\r\\x0B]', Cntrl: '[\\x00-\\x1F\\x7F]',
  XDigit: '[0-9a-fA-F]', Print: '[!-~]', Graph: '[!-~]',
};

interface FastElement {
  readonly atom: string;
  /** Matches any character: its repetitions scan lazily (stop at the first chance to go on). */
  readonly anyChar: boolean;
  readonly min: number;
  readonly max: number;
  /** 0-based output column, or -1 outside every group. */
  readonly column: number;
}

const isFixed = (e: FastElement): boolean => e.min === e.max;

/**
 * The reference's algorithm: split the pattern into one expression per group and per run outside
 * groups, move fixed-length heads onto the previous expression, then match the expressions in turn
 * without backtracking between them. Repetitions of "any character" are lazy (they stop at the
 * first place the rest of their expression matches); other repetitions are greedy.
 */
const fastRegexSteps = (fn: string, pattern: string, pos: SourcePos): { steps: FastRegexStep[]; groups: number } => {
  const bad = (what: string): never => {
    throw unsupported(`${fn}: ${what} in the fast regex pattern '${pattern}'`, pos);
  };
  const elements: FastElement[] = [];
  let column = -1;
  let groups = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    let atom: string;
    let anyChar = false;
    if (c === '(') {
      if (column >= 0) bad('a nested group');
      column = groups++;
      i++;
      continue;
    }
    if (c === ')') {
      if (column < 0) throw invalid(`${fn}: unbalanced ')' in the fast regex pattern '${pattern}'`, pos);
      column = -1;
      i++;
      continue;
    }
    if (c === '|' || c === '&' || c === '#' || c === '~') bad(`the operator '${c}'`);
    if (c === '.') {
      atom = '[\\s\\S]';
      anyChar = true;
      i++;
    } else if (c === '@') {
      elements.push({ atom: '[\\s\\S]', anyChar: true, min: 0, max: Infinity, column });
      i++;
      continue;
    } else if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw invalid(`${fn}: the fast regex pattern '${pattern}' ends with a backslash`, pos);
      atom = n.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i += 2;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw invalid(`${fn}: unterminated character class in '${pattern}'`, pos);
      const body = pattern.slice(i + 1, end);
      if (body.includes('[') || body.includes('&')) bad('a nested or intersected character class');
      atom = `[${body}]`;
      i = end + 1;
    } else if (c === '"') {
      const end = pattern.indexOf('"', i + 1);
      if (end < 0) throw invalid(`${fn}: unterminated string in '${pattern}'`, pos);
      atom = `(?:${pattern.slice(i + 1, end).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')})`;
      i = end + 1;
    } else if (c === '<') {
      const end = pattern.indexOf('>', i);
      const name = end < 0 ? '' : pattern.slice(i + 1, end);
      const named = NAMED[name];
      if (named === undefined) bad(`the named pattern <${name}> (only the POSIX names <Digit>, <Alpha>, ... are known)`);
      atom = named!;
      i = end + 1;
    } else {
      atom = c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i++;
    }
    let min = 1;
    let max = 1;
    const q = pattern[i];
    if (q === '?') [min, max] = [0, 1];
    else if (q === '*') [min, max] = [0, Infinity];
    else if (q === '+') [min, max] = [1, Infinity];
    else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) throw invalid(`${fn}: bad repetition in '${pattern}'`, pos);
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      i += m[0].length - 1;
    }
    if (q === '?' || q === '*' || q === '+' || q === '{') i++;
    // x+ is x followed by x*, so the fixed x can serve as a delimiter of what precedes it.
    if (min >= 1 && max !== min) {
      elements.push({ atom, anyChar, min, max: min, column });
      elements.push({ atom, anyChar, min: 0, max: max - min, column });
    } else elements.push({ atom, anyChar, min, max, column });
  }
  if (column >= 0) throw invalid(`${fn}: unbalanced '(' in the fast regex pattern '${pattern}'`, pos);
  if (groups === 0) throw invalid(`${fn}: the fast regex pattern has no group, so the row would have no columns`, pos);
  // One expression per group and per run outside groups.
  const exprs: FastElement[][] = [];
  for (const e of elements) {
    const cur = exprs[exprs.length - 1];
    if (cur && cur[cur.length - 1]!.column === e.column) cur.push(e);
    else exprs.push([e]);
  }
  const merged: FastElement[][] = [];
  for (const ex of exprs) {
    const prev = merged[merged.length - 1];
    let k = 0;
    while (prev && k < ex.length && isFixed(ex[k]!)) k++;
    if (prev) prev.push(...ex.slice(0, k));
    if (k < ex.length) merged.push(ex.slice(k));
  }
  const steps = merged.map((ex, n): FastRegexStep => {
    let source = '';
    const captureColumns: number[] = [];
    let open = -1;
    for (const e of ex) {
      if (e.column !== open) {
        if (open >= 0) source += ')';
        if (e.column >= 0) {
          source += '(';
          captureColumns.push(e.column);
        }
        open = e.column;
      }
      const quant = e.min === 1 && e.max === 1 ? '' : `{${e.min},${e.max === Infinity ? '' : e.max}}`;
      source += `${e.atom}${quant}${quant && e.anyChar ? '?' : ''}`;
    }
    if (open >= 0) source += ')';
    const last = n === merged.length - 1;
    return { source: last ? `${source}$` : source, captureColumns, last };
  });
  return { steps, groups };
};
