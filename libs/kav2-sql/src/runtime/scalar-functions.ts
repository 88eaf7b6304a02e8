import { type SqlType, type SqlValue } from '../analyzer/sql-type';
import { ceilTo, extractField, floorTo, isTimestampMs, MAX_TIMESTAMP_MS } from '../datetime/datetime';
import { formatWithPattern, parseWithPattern, patternProblem } from '../datetime/simple-date-format';
import { translateJavaRegex } from '../analyzer/java-regex';
import { RowError, type EvalEnv } from './row';
import { similarSubstringRegex, SqlPatternError } from '../analyzer/sql-patterns';

/** Implementation of a scalar function over already-evaluated arguments. */
export type ScalarImpl = (args: SqlValue[], ctx: { unit?: string; types: readonly SqlType[]; type: SqlType; env: EvalEnv; rowtime: number }) => SqlValue;

const str = (v: SqlValue | undefined): string => v as string;
const num = (v: SqlValue | undefined): number => v as number;
const anyNull = (args: SqlValue[]): boolean => args.some((a) => a === null);
const strict = (f: ScalarImpl): ScalarImpl => (args, ctx) => (anyNull(args) ? null : f(args, ctx));
const isInt = (ty: SqlType): boolean => ['INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT'].includes(ty.name);

const trimChars = (s: string, chars: string, mode: string): string => {
  let start = 0;
  let end = s.length;
  if (mode !== 'TRAILING') while (start < end && chars.includes(s[start]!)) start++;
  if (mode !== 'LEADING') while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
};

const regexCache = new Map<string, RegExp>();
/** A java.util.regex pattern as a cached JavaScript RegExp (Java-only constructs translated or refused). */
const javaRegex = (pattern: string, flags = ''): RegExp => {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      const tr = translateJavaRegex(pattern);
      re = new RegExp(tr.source, `${tr.flags}${flags}`);
    } catch (cause) {
      throw new RowError('INVALID_REGEX', `invalid regular expression '${pattern}': ${(cause as Error).message}`);
    }
    if (regexCache.size > 512) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
};

/** Each replacement text is compiled once (the pattern's RegExp is cached the same way). */
const replacementCache = new Map<string, (m: unknown[]) => string>();
const javaReplacement = (rep: string): ((m: unknown[]) => string) => {
  let f = replacementCache.get(rep);
  if (!f) {
    f = compileReplacement(rep);
    if (replacementCache.size > 512) replacementCache.clear();
    replacementCache.set(rep, f);
  }
  return f;
};
/**
 * java.util.regex.Matcher replacement text: `$n` / `${name}` insert a group, a backslash makes the next
 * character literal (so `\$` is a dollar sign); a group that took no part inserts nothing.
 */
const compileReplacement = (rep: string): ((m: unknown[]) => string) => {
  const parts: (string | number | { name: string })[] = [];
  let lit = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '\\' && i + 1 < rep.length) lit += rep[++i];
    else if (c === '$' && /\d/.test(rep[i + 1] ?? '')) {
      parts.push(lit);
      lit = '';
      parts.push(Number(rep[++i]));
    } else if (c === '$' && rep[i + 1] === '{') {
      const end = rep.indexOf('}', i);
      if (end < 0) throw new RowError('INVALID_ARGUMENT', `REGEX_REPLACE replacement '${rep}' has an unclosed \${`);
      parts.push(lit);
      lit = '';
      parts.push({ name: rep.slice(i + 2, end) });
      i = end;
    } else if (c === '$') throw new RowError('INVALID_ARGUMENT', `REGEX_REPLACE replacement '${rep}' has a '$' without a group number`);
    else lit += c;
  }
  parts.push(lit);
  return (m) => {
    let out = '';
    const groups = m[m.length - 1];
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (typeof p === 'number') out += typeof m[p] === 'string' && p < m.length - 2 ? (m[p] as string) : '';
      else out += typeof groups === 'object' && groups !== null ? ((groups as Record<string, string | undefined>)[p.name] ?? '') : '';
    }
    return out;
  };
};

const sqlRound = (n: number, d: number): number => {
  const f = 10 ** d;
  const r = Math.round(Math.abs(n) * f) / f;
  return n < 0 ? -r : r;
};

/** Scalar function implementations keyed by the bound function name. */
export const SCALAR_IMPLS: Readonly<Record<string, ScalarImpl>> = {
  UPPER: strict(([s]) => str(s).toUpperCase()),
  LOWER: strict(([s]) => str(s).toLowerCase()),
  // "the first character of each space-delimited word is upper-cased, and all other characters are lower-cased"
  // (SQL Reference, INITCAP): a hyphen or a digit does not start a word.
  INITCAP: strict(([s]) => str(s).toLowerCase().replace(/(^|[ ])([^ ])/g, (_m, p: string, c: string) => p + c.toUpperCase())),
  CHAR_LENGTH: strict(([s]) => str(s).length),
  SUBSTRING: strict(([s, from, len], { unit }) => {
    const text = str(s);
    const start = Math.trunc(num(from));
    // The page's "Numeric" examples (SUBSTRING('123456789', 10, 4) is null) and its Parameters ("If start-position
    // is greater than the length of source-string, SUBSTRING returns null"); FROM ... FOR gives the empty string.
    if (unit === ',' && start > text.length) return null;
    if (len === undefined) return text.slice(Math.max(start - 1, 0));
    const l = Math.trunc(num(len));
    if (l < 0) throw new RowError('INVALID_ARGUMENT', `SUBSTRING length ${l} is negative`);
    const end = start + l;
    return text.slice(Math.max(start - 1, 0), Math.max(end - 1, 0));
  }),
  // SUBSTRING(s FROM regex): "the first expression matching the value of regex-expression ... Only the first match
  // is returned"; NULL when nothing matches (SQL Reference, SUBSTRING, FROM Regex examples).
  SUBSTRING_REGEX: strict(([s, pattern]) => javaRegex(str(pattern)).exec(str(s))?.[0] ?? null),
  SUBSTRING_SIMILAR: strict(([s, pattern, escape]) => {
    try {
      return similarSubstringRegex(str(pattern), str(escape)).exec(str(s))?.[1] ?? null;
    } catch (cause) {
      if (cause instanceof SqlPatternError) throw new RowError(cause.errorName, cause.message);
      throw cause;
    }
  }),
  POSITION: strict(([needle, hay, from]) => {
    const start = from === undefined ? 0 : Math.max(Math.trunc(num(from)) - 1, 0);
    return str(hay).indexOf(str(needle), start) + 1;
  }),
  OVERLAY: strict(([s, placing, from, len]) => {
    const text = str(s);
    const p = str(placing);
    const start = Math.trunc(num(from)) - 1;
    const l = len === undefined ? p.length : Math.trunc(num(len));
    // "If the string length is less than zero, an exception is raised" (SQL Reference, OVERLAY).
    if (l < 0) throw new RowError('INVALID_ARGUMENT', `OVERLAY length ${l} is negative`);
    return text.slice(0, Math.max(start, 0)) + p + text.slice(Math.max(start + l, 0));
  }),
  TRIM: strict(([s, chars], { unit }) => {
    const c = chars === undefined ? ' ' : str(chars);
    if (c.length !== 1) throw new RowError('INVALID_ARGUMENT', `TRIM character must be a single character, got '${c}'`);
    return trimChars(str(s), c, unit ?? 'BOTH');
  }),
  LTRIM: strict(([s]) => trimChars(str(s), ' ', 'LEADING')),
  RTRIM: strict(([s]) => trimChars(str(s), ' ', 'TRAILING')),
  LEFT: strict(([s, n]) => str(s).slice(0, Math.max(Math.trunc(num(n)), 0))),
  RIGHT: strict(([s, n]) => {
    const k = Math.max(Math.trunc(num(n)), 0);
    return k === 0 ? '' : str(s).slice(-k);
  }),
  REPLACE: strict(([s, from, to]) => (str(from) === '' ? str(s) : str(s).split(str(from)).join(str(to)))),
  REGEX_REPLACE: strict(([s, pattern, replacement, pos, occurrence]) => {
    const text = str(s);
    const start = pos === undefined ? 1 : Math.trunc(num(pos));
    const occ = occurrence === undefined ? 0 : Math.trunc(num(occurrence));
    // The reference: a start below 1 or a negative occurrence is an error; a start past the end returns the original.
    if (start < 1) throw new RowError('INVALID_ARGUMENT', `REGEX_REPLACE start position ${start} is less than 1`);
    if (occ < 0) throw new RowError('INVALID_ARGUMENT', `REGEX_REPLACE occurrence ${occ} is negative`);
    if (start > text.length) return text;
    const re = javaRegex(str(pattern), 'g');
    const rep = javaReplacement(str(replacement));
    let n = 0;
    const tail = text.slice(start - 1).replace(re, (...m: unknown[]) => {
      n++;
      if (occ !== 0 && n !== occ) return m[0] as string;
      return rep(m);
    });
    return text.slice(0, start - 1) + tail;
  }),
  CONCAT: strict((args) => args.map((a) => String(a)).join('')),
  ROUND: strict(([x, d], { types }) => {
    const r = sqlRound(num(x), d === undefined ? 0 : Math.trunc(num(d)));
    return isInt(types[0]!) ? Math.trunc(r) : r;
  }),
  TRUNCATE: strict(([x, d]) => {
    const f = 10 ** (d === undefined ? 0 : Math.trunc(num(d)));
    return Math.trunc(num(x) * f) / f;
  }),
  MOD: strict(([a, b]) => {
    if (num(b) === 0) throw new RowError('DIVISION_BY_ZERO', 'MOD by zero');
    return num(a) % num(b);
  }),
  CEIL: strict(([x]) => Math.ceil(num(x))),
  FLOOR: strict(([x]) => Math.floor(num(x))),
  FLOOR_TO: strict(([x], { unit, types }) => (types[0]!.name === 'INTERVAL_DT' ? floorInterval(num(x), unit!) : floorTo(num(x), unit!))),
  CEIL_TO: strict(([x], { unit, types }) => (types[0]!.name === 'INTERVAL_DT' ? -floorInterval(-num(x), unit!) : ceilTo(num(x), unit!))),
  // "raises an exception if the base is zero and the exponent is negative, or if the base is negative and the
  // exponent is not a whole number" (SQL Reference, POWER).
  POWER: strict(([a, b]) => {
    const base = num(a);
    const exponent = num(b);
    if (base === 0 && exponent < 0) throw new RowError('INVALID_ARGUMENT', `POWER of 0 to the negative exponent ${exponent}`);
    if (base < 0 && !Number.isInteger(exponent)) throw new RowError('INVALID_ARGUMENT', `POWER of negative ${base} to the fractional exponent ${exponent}`);
    return base ** exponent;
  }),
  SQRT: strict(([x]) => {
    if (num(x) < 0) throw new RowError('INVALID_ARGUMENT', `SQRT of negative number ${num(x)}`);
    return Math.sqrt(num(x));
  }),
  EXP: strict(([x]) => Math.exp(num(x))),
  LN: strict(([x]) => {
    if (num(x) <= 0) throw new RowError('INVALID_ARGUMENT', `LN of non-positive number ${num(x)}`);
    return Math.log(num(x));
  }),
  LOG10: strict(([x]) => {
    if (num(x) <= 0) throw new RowError('INVALID_ARGUMENT', `LOG10 of non-positive number ${num(x)}`);
    return Math.log10(num(x));
  }),
  SIGN: strict(([x]) => Math.sign(num(x))),
  STEP: strict(([x, by], { types }) => {
    const b = num(by);
    if (b <= 0) throw new RowError('INVALID_ARGUMENT', `STEP interval must be positive, got ${b}`);
    if (types[1]!.name === 'INTERVAL_YM') {
      // Month-based steps count calendar months from 1970-01.
      const d = new Date(num(x));
      const months = (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
      const stepped = Math.floor(months / b) * b;
      return Date.UTC(1970 + Math.floor(stepped / 12), ((stepped % 12) + 12) % 12, 1);
    }
    return Math.floor(num(x) / b) * b;
  }),
  EXTRACT: strict(([x], { unit, types }) => {
    const u = unit!;
    if (types[0]!.name === 'INTERVAL_DT') return extractInterval(u, num(x));
    if (types[0]!.name === 'TIME' && (u === 'YEAR' || u === 'MONTH' || u === 'DAY' || u === 'QUARTER' || u === 'WEEK')) {
      throw new RowError('INVALID_ARGUMENT', `EXTRACT(${u} FROM TIME) is not valid`);
    }
    return extractField(u, num(x));
  }),
  // TSDIFF(startTime, endTime) is endTime - startTime: "TSDIFF(s,e) means CAST((e - s) SECOND(10, 3) * 1000
  // AS BIGINT)" (SQL Reference, Temporal Predicates).
  TSDIFF: strict(([s, e]) => num(e) - num(s)),
  CHAR_TO_TIMESTAMP: strict(([fmt, s]) => parseOrFail(str(s), str(fmt), 'TIMESTAMP')),
  CHAR_TO_DATE: strict(([fmt, s]) => {
    const ms = parseOrFail(str(s), str(fmt), 'DATE');
    return Math.floor(ms / 86_400_000) * 86_400_000;
  }),
  CHAR_TO_TIME: strict(([fmt, s]) => ((parseOrFail(str(s), str(fmt), 'TIME') % 86_400_000) + 86_400_000) % 86_400_000),
  // "If the input is null, the output will be the string "null"" (SQL Reference, TIMESTAMP_TO_CHAR).
  TIMESTAMP_TO_CHAR: ([fmt, ts]) => (fmt === null || fmt === undefined ? null : ts === null || ts === undefined ? 'null' : formatOrFail(num(ts), str(fmt))),
  DATE_TO_CHAR: strict(([fmt, ts]) => formatOrFail(num(ts), str(fmt))),
  TIME_TO_CHAR: strict(([fmt, ts]) => formatOrFail(num(ts), str(fmt))),
  TO_TIMESTAMP: strict(([x]) => {
    if (!isTimestampMs(num(x))) throw new RowError('INVALID_ARGUMENT', `TO_TIMESTAMP(${num(x)}): epoch milliseconds beyond ±${MAX_TIMESTAMP_MS} are no timestamp`);
    return num(x);
  }),
  UNIX_TIMESTAMP: strict(([x]) => num(x)),
  CURRENT_ROW_TIMESTAMP: (_a, { env }) => env.now(),
  CURRENT_TIMESTAMP: (_a, { env }) => env.startTime,
  LOCALTIMESTAMP: (_a, { env }) => env.startTime,
  CURRENT_DATE: (_a, { env }) => Math.floor(env.startTime / 86_400_000) * 86_400_000,
  CURRENT_TIME: (_a, { env }) => env.startTime % 86_400_000,
  LOCALTIME: (_a, { env }) => env.startTime % 86_400_000,
  TIME_TO_TIMESTAMP: strict(([x], { env }) => Math.floor(env.startTime / 86_400_000) * 86_400_000 + num(x)),
  ABS: strict(([x]) => Math.abs(num(x))),
  NULLIF: ([a, b]) => (a !== null && b !== null && a === b ? null : a ?? null),
};

const UNIT_MS: Readonly<Record<string, number>> = { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000, MILLISECOND: 1 };

/** FLOOR of a day-time interval to a unit (used by the docs' `FLOOR((ROWTIME - TIMESTAMP ...) MINUTE / 10 TO MINUTE)`). */
const floorInterval = (ms: number, unit: string): number => {
  const u = UNIT_MS[unit];
  if (u === undefined) throw new RowError('INVALID_ARGUMENT', `FLOOR of an interval TO ${unit} is not supported`);
  return Math.floor(ms / u) * u;
};

const extractInterval = (unit: string, ms: number): number => {
  const sign = ms < 0 ? -1 : 1;
  const a = Math.abs(ms);
  switch (unit) {
    case 'DAY': return sign * Math.floor(a / 86_400_000);
    case 'HOUR': return sign * (Math.floor(a / 3_600_000) % 24);
    case 'MINUTE': return sign * (Math.floor(a / 60_000) % 60);
    case 'SECOND': return sign * ((a % 60_000) / 1000);
    case 'MILLISECOND': return sign * (a % 1000);
    default: throw new RowError('INVALID_ARGUMENT', `EXTRACT(${unit} FROM a day-time interval) is not valid`);
  }
};

/** A format computed per row (a constant one is checked when the application compiles) fails only its row. */
const checkFormat = (fmt: string): void => {
  const problem = patternProblem(fmt);
  if (problem) throw new RowError('INVALID_ARGUMENT', problem);
};

const formatOrFail = (ms: number, fmt: string): string => {
  checkFormat(fmt);
  return formatWithPattern(ms, fmt);
};

const parseOrFail = (text: string, fmt: string, what: string): number => {
  checkFormat(fmt);
  const ms = parseWithPattern(text, fmt);
  if (ms === undefined || Number.isNaN(ms)) throw new RowError('PARSE_FAILED', `cannot parse '${text}' as ${what} with format '${fmt}'`);
  return ms;
};
