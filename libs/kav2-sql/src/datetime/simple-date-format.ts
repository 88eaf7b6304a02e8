import { SqlError } from '../errors';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Part = { kind: 'lit'; text: string } | { kind: 'field'; letter: string; count: number };

const cache = new Map<string, Part[]>();

/** Splits a Java SimpleDateFormat pattern ("yyyy-MM-dd'T'HH:mm:ss.SSS") into literal and field parts. */
const compilePattern = (pattern: string): Part[] => {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const parts: Part[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        parts.push({ kind: 'lit', text: "'" });
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = '';
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      parts.push({ kind: 'lit', text });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!'GyYMLdHhkKmsSEaZzXuDwWF'.includes(c)) {
        throw new SqlError('KAV2_INVALID_ARGUMENT', `unsupported date format letter '${c}' in '${pattern}'`);
      }
      let j = i;
      while (pattern[j] === c) j++;
      parts.push({ kind: 'field', letter: c, count: j - i });
      i = j;
      continue;
    }
    parts.push({ kind: 'lit', text: c });
    i++;
  }
  if (cache.size > 256) cache.clear();
  cache.set(pattern, parts);
  return parts;
};

/**
 * Why `pattern` is not a valid SimpleDateFormat pattern (an unknown letter, as Java's "Illegal pattern character"),
 * or undefined when it is; lets a constant format be refused where it is written.
 */
export const patternProblem = (pattern: string): string | undefined => {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (e) {
    return e instanceof SqlError ? e.message : String(e);
  }
};

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

const DAY_MS = 86_400_000;

/**
 * The week-based fields of a UTC instant as java.util.GregorianCalendar counts them in the US locale KDA formats
 * with (weeks start on Sunday; week 1 of a year or month is the one holding its first day): week year (Y), week in
 * year (w), week in month (W) and day of week in month (F).
 */
const weekFields = (d: Date): { weekYear: number; weekInYear: number; weekInMonth: number; dayOfWeekInMonth: number } => {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const firstWeekStart = (year: number): number => {
    const jan1 = Date.UTC(year, 0, 1);
    return jan1 - new Date(jan1).getUTCDay() * DAY_MS;
  };
  const next = firstWeekStart(d.getUTCFullYear() + 1);
  const weekYear = day >= next ? d.getUTCFullYear() + 1 : d.getUTCFullYear();
  const weekInYear = Math.floor((day - firstWeekStart(weekYear)) / (7 * DAY_MS)) + 1;
  const firstOfMonthDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).getUTCDay();
  const dayOfMonth = d.getUTCDate();
  return {
    weekYear,
    weekInYear,
    weekInMonth: Math.floor((dayOfMonth - 1 + firstOfMonthDay) / 7) + 1,
    dayOfWeekInMonth: Math.floor((dayOfMonth - 1) / 7) + 1,
  };
};

/** A year field: two letters print its last two digits, any other count the whole year (SimpleDateFormat "Year"). */
const formatYear = (y: number, n: number): string => (n === 2 ? pad(y % 100, 2) : pad(y, n));

/** Formats epoch ms (UTC) with a Java SimpleDateFormat pattern, as TIMESTAMP_TO_CHAR does. */
export const formatWithPattern = (ms: number, pattern: string): string => {
  const d = new Date(ms);
  let out = '';
  for (const p of compilePattern(pattern)) {
    if (p.kind === 'lit') {
      out += p.text;
      continue;
    }
    const n = p.count;
    switch (p.letter) {
      case 'G': out += d.getUTCFullYear() > 0 ? 'AD' : 'BC'; break;
      case 'y': out += formatYear(d.getUTCFullYear(), n); break;
      // SQL Reference, Datetime Conversion Functions: Y "Week year", w "Week in year", W "Week in month",
      // F "Day of week in month", u "Day number of week (1 = Monday, ..., 7 = Sunday)".
      case 'Y': out += formatYear(weekFields(d).weekYear, n); break;
      case 'w': out += pad(weekFields(d).weekInYear, n); break;
      case 'W': out += pad(weekFields(d).weekInMonth, n); break;
      case 'F': out += pad(weekFields(d).dayOfWeekInMonth, n); break;
      case 'u': out += pad(d.getUTCDay() || 7, n); break;
      case 'M': case 'L':
        out += n >= 4 ? MONTHS[d.getUTCMonth()] : n === 3 ? MONTHS[d.getUTCMonth()]!.slice(0, 3) : pad(d.getUTCMonth() + 1, n); break;
      case 'd': out += pad(d.getUTCDate(), n); break;
      case 'H': out += pad(d.getUTCHours(), n); break;
      case 'k': out += pad(d.getUTCHours() || 24, n); break;
      case 'K': out += pad(d.getUTCHours() % 12, n); break;
      case 'h': out += pad(d.getUTCHours() % 12 || 12, n); break;
      case 'm': out += pad(d.getUTCMinutes(), n); break;
      case 's': out += pad(d.getUTCSeconds(), n); break;
      case 'S': out += pad(d.getUTCMilliseconds(), n); break;
      case 'E': out += n >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()]!.slice(0, 3); break;
      case 'a': out += d.getUTCHours() < 12 ? 'AM' : 'PM'; break;
      case 'Z': out += '+0000'; break;
      case 'X': out += 'Z'; break;
      case 'z': out += n >= 4 ? 'Coordinated Universal Time' : 'UTC'; break;
      case 'D': out += pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, n); break;
      default: throw new SqlError('KAV2_INVALID_ARGUMENT', `format letter '${p.letter}' is not supported for output`);
    }
  }
  return out;
};

const NUMERIC_LETTERS = 'yYuMLdHhkKmsSDwWF';
const isNumericField = (p: Part | undefined): boolean => p?.kind === 'field' && NUMERIC_LETTERS.includes(p.letter) && !((p.letter === 'M' || p.letter === 'L') && p.count >= 3);

/** The longest name of `names` (or its three-letter form) that `text` has at `at`, ignoring case: its index and length. */
const matchName = (text: string, at: number, names: readonly string[]): [number, number] | undefined => {
  let best: [number, number] | undefined;
  const lower = text.toLowerCase();
  names.forEach((name, idx) => {
    for (const form of [name, name.slice(0, 3)]) {
      if (lower.startsWith(form.toLowerCase(), at) && (!best || form.length > best[1])) best = [idx, form.length];
    }
  });
  return best;
};

const ZONE_RE: Readonly<Record<string, RegExp>> = {
  Z: /[+-]\d{4}|Z/y,
  X: /Z|[+-]\d{2}(?::?\d{2})?/y,
  z: /[A-Za-z]+(?:[+-]\d{1,2}(?::?\d{2})?)?/y,
};

/** A two-digit year as java.text.SimpleDateFormat reads it: within 80 years before and 20 after the current year. */
const expandTwoDigitYear = (yy: number): number => {
  const limit = new Date().getUTCFullYear() + 20;
  const y = Math.floor(limit / 100) * 100 + yy;
  return y > limit ? y - 100 : y;
};

/**
 * Parses text with a Java SimpleDateFormat pattern into epoch ms (UTC unless the text carries a zone), as
 * CHAR_TO_TIMESTAMP does: fields and literals are read left to right from the start of the text, spaces before a
 * field are skipped, a number field reads all its digits unless another number field follows it directly (then
 * exactly its letter count), and text after the last pattern element is ignored. Fields the pattern leaves out keep
 * their defaults (1970-01-01 00:00:00). Returns undefined when the text does not match or names an invalid date.
 * SQL Reference, "Template Strings to Create Specific Output Timestamps": 'yyyy-mm' reads '2011-02-08 07:23:19' as
 * 2011-01-01 00:02:00, 'MMM dd,' reads 'March 7, 2010' as 1970-03-07.
 */
export const parseWithPattern = (text: string, pattern: string): number | undefined => {
  const parts = compilePattern(pattern);
  let at = 0;
  let year = 1970, month = 0, day = 1, hour = 0, minute = 0, second = 0, milli = 0, pm: boolean | undefined, offsetMin = 0, hour12 = false;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    if (p.kind === 'lit') {
      if (!text.startsWith(p.text, at)) return undefined;
      at += p.text.length;
      continue;
    }
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (isNumericField(p)) {
      const abutting = isNumericField(parts[k + 1]);
      const m = (abutting ? new RegExp(`\\d{${p.count}}`, 'y') : /\d+/y);
      m.lastIndex = at;
      const hit = m.exec(text);
      if (!hit) return undefined;
      at += hit[0].length;
      const v = Number(hit[0]);
      switch (p.letter) {
        case 'y': case 'Y': year = p.count === 2 && hit[0].length === 2 ? expandTwoDigitYear(v) : v; break;
        case 'M': case 'L': month = v - 1; break;
        case 'd': day = v; break;
        case 'H': hour = v; break;
        case 'k': hour = v === 24 ? 0 : v + (v > 24 ? 100 : 0); break;
        case 'h': hour = v === 12 ? 0 : v + (v > 12 ? 100 : 0); hour12 = true; break;
        case 'K': hour = v + (v > 11 ? 100 : 0); hour12 = true; break;
        case 'm': minute = v; break;
        case 's': second = v; break;
        case 'S': milli = p.count === 3 || hit[0].length === 3 ? v : Math.round(Number(`0.${hit[0]}`) * 1000); break;
        default: break;
      }
      continue;
    }
    switch (p.letter) {
      case 'M': case 'L': {
        const hit = matchName(text, at, MONTHS);
        if (!hit) return undefined;
        month = hit[0];
        at += hit[1];
        break;
      }
      case 'E': {
        const hit = matchName(text, at, DAYS);
        if (!hit) return undefined;
        at += hit[1];
        break;
      }
      case 'a': {
        const hit = matchName(text, at, ['AM', 'PM']);
        if (!hit) return undefined;
        pm = hit[0] === 1;
        at += hit[1];
        break;
      }
      case 'G': {
        const hit = matchName(text, at, ['AD', 'BC']);
        if (!hit) return undefined;
        at += hit[1];
        break;
      }
      default: {
        const re = ZONE_RE[p.letter]!;
        re.lastIndex = at;
        const hit = re.exec(text);
        if (!hit) return undefined;
        at += hit[0].length;
        const z = /([+-])(\d{2}):?(\d{2})?/.exec(hit[0]);
        if (z) offsetMin = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
      }
    }
  }
  if (hour12 && pm) hour += 12;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (month < 0 || month > 11 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  const d = new Date(Date.UTC(2000, month, day, hour, minute, second, milli));
  d.setUTCFullYear(year);
  return d.getTime() - offsetMin * 60_000;
};
