import { type IntervalQualifier } from '../analyzer/sql-type';
import { SqlError } from '../errors';

const MS = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 604_800_000 } as const;

const pad = (n: number, w = 2): string => String(Math.abs(Math.trunc(n))).padStart(w, '0');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Two ASCII digits at i as a number, or NaN. */
const digits2 = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
};

/**
 * The shape nearly every feed sends, 'YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z', read without a regex; NaN
 * for anything else, which then takes the general parser.
 */
const parseIsoUtcFast = (s: string): number => {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84
    || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  const sec = digits2(s, 17);
  let ms = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 /* . */ || n > 30) return NaN;
    for (let i = 20; i < n - 1; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return NaN;
      if (i < 23) ms += c * (i === 20 ? 100 : i === 21 ? 10 : 1);
    }
    if (n === 21) return NaN;
  } else if (s.charCodeAt(19) !== 90) return NaN;
  if (!(sec <= 59)) return NaN;
  const minute = s.startsWith(lastMinute) ? lastMinuteMs : minuteOf(s);
  return minute + sec * 1000 + ms;
};

// Consecutive timestamps of a feed mostly share their minute: the last 'YYYY-MM-DDTHH:MM:' read and its epoch ms.
let lastMinute = '\u0000';
let lastMinuteMs = NaN;

/** Epoch ms of the minute `s` starts with (its first 17 characters, separators already checked); NaN when invalid. */
const minuteOf = (s: string): number => {
  const y = digits2(s, 0) * 100 + digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  const h = digits2(s, 11);
  const mi = digits2(s, 14);
  // NaN from any non-digit makes every comparison false, so it falls through to the general parser.
  if (!(mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && y >= 1000)) return NaN;
  if (d > (mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!)) return NaN;
  lastMinute = s.slice(0, 17);
  lastMinuteMs = Date.UTC(y, mo - 1, d, h, mi);
  return lastMinuteMs;
};

/** The epoch ms a TIMESTAMP or ROWTIME may hold: a JavaScript Date's range (years -271821 to 275760), where timestamps can still be formatted and windows still move. */
export const MAX_TIMESTAMP_MS = 8.64e15;

/** True when `ms` is a usable TIMESTAMP or ROWTIME (finite, within MAX_TIMESTAMP_MS of the epoch). */
export const isTimestampMs = (ms: unknown): ms is number => typeof ms === 'number' && ms >= -MAX_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS;

/** Parses 'YYYY-MM-DD[ T]HH:MM[:SS[.fff]][Z|±hh:mm]' or 'YYYY-MM-DD' as UTC epoch ms; NaN when malformed. */
export const parseTimestampText = (text: string): number => {
  const fast = parseIsoUtcFast(text);
  if (fast === fast) return fast;
  const m = /^\s*(-?\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
  const mon = Number(mo);
  const day = Number(d);
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return NaN;
  let ms = Date.UTC(Number(y), mon - 1, day, Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0').slice(0, 3)));
  if (new Date(ms).getUTCDate() !== day) return NaN;
  if (tz && tz.toUpperCase() !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
};

/** Parses 'HH:MM[:SS[.fff]]' as ms since midnight; NaN when malformed. */
export const parseTimeText = (text: string): number => {
  const m = /^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?\s*$/.exec(text);
  if (!m) return NaN;
  const [, h, mi, s = '0', frac = ''] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return NaN;
  return Number(h) * MS.HOUR + Number(mi) * MS.MINUTE + Number(s) * 1000 + Number(frac.padEnd(3, '0').slice(0, 3));
};

/** Formats epoch ms as KDA prints a TIMESTAMP: 'YYYY-MM-DD HH:MM:SS.fff'. */
export const formatTimestampSql = (ms: number): string => {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
};
/** Formats epoch ms as 'YYYY-MM-DD'. */
export const formatDateSql = (ms: number): string => formatTimestampSql(ms).slice(0, 10);
/** Formats ms since midnight as 'HH:MM:SS'. */
export const formatTimeSql = (ms: number): string => formatTimestampSql(ms).slice(11, 19);

/** An interval value: day-time intervals in ms, year-month intervals in months. */
export type IntervalValue = { kind: 'ms'; value: number } | { kind: 'months'; value: number };

/** Evaluates an interval literal such as INTERVAL '10' SECOND or INTERVAL '1 02:03' DAY TO MINUTE. */
export const parseIntervalLiteral = (text: string, unit: string, toUnit: string | undefined, negative: boolean): IntervalValue | undefined => {
  let s = text.trim();
  let sign = negative ? -1 : 1;
  if (s.startsWith('-')) {
    sign = -sign;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (unit === 'YEAR' || unit === 'MONTH' || unit === 'QUARTER') {
    if (unit === 'YEAR' && toUnit === 'MONTH') {
      const m = /^(\d+)-(\d+)$/.exec(s);
      return m ? { kind: 'months', value: sign * (Number(m[1]) * 12 + Number(m[2])) } : undefined;
    }
    if (!/^\d+$/.test(s)) return undefined;
    const n = Number(s);
    return { kind: 'months', value: sign * (unit === 'YEAR' ? n * 12 : unit === 'QUARTER' ? n * 3 : n) };
  }
  if (!toUnit) {
    if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
    const n = Number(s);
    const mult = unit === 'MILLISECOND' ? 1 : MS[unit as keyof typeof MS];
    return mult === undefined ? undefined : { kind: 'ms', value: sign * Math.round(n * mult) };
  }
  // Multi-field: DAY TO HOUR '1 02', HOUR TO SECOND '1:02:03.5', etc.
  const order = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
  const from = order.indexOf(unit);
  const to = order.indexOf(toUnit);
  if (from < 0 || to < from) return undefined;
  // DAY is set off by a space, HOUR, MINUTE and SECOND by ':' ('1 02:03' DAY TO MINUTE); only SECOND has a fraction.
  const parts: string[] = [];
  let rest = s;
  for (let k = from; k <= to; k++) {
    const m = (k === to && order[k] === 'SECOND' ? /^\d+(\.\d+)?/ : /^\d+/).exec(rest);
    if (!m) return undefined;
    parts.push(m[0]);
    rest = rest.slice(m[0].length);
    if (k < to) {
      const sep = order[k] === 'DAY' ? ' ' : ':';
      if (!rest.startsWith(sep)) return undefined;
      rest = rest.slice(1);
    }
  }
  if (rest !== '') return undefined;
  let ms = 0;
  parts.forEach((p, k) => {
    ms += Number(p) * MS[order[from + k] as keyof typeof MS];
  });
  return { kind: 'ms', value: sign * Math.round(ms) };
};

/** Adds months to epoch ms (calendar arithmetic, clamping the day of month). */
export const addMonths = (ms: number, months: number): number => {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
};

/** Rounds epoch ms down to the start of its unit (FLOOR(ts TO unit)). */
export const floorTo = (ms: number, unit: string): number => {
  const fixed = unit === 'MILLISECOND' ? 1 : MS[unit as keyof typeof MS];
  if (unit === 'WEEK') {
    // Weeks start on Sunday, as in Java's default calendar; 1970-01-04 was a Sunday.
    const base = 3 * MS.DAY;
    return Math.floor((ms - base) / MS.WEEK) * MS.WEEK + base;
  }
  if (fixed !== undefined) return Math.floor(ms / fixed) * fixed;
  const d = new Date(ms);
  if (unit === 'MONTH') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (unit === 'QUARTER') return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
  if (unit === 'YEAR') return Date.UTC(d.getUTCFullYear(), 0, 1);
  throw new SqlError('KAV2_INVALID_ARGUMENT', `unknown time unit ${unit}`);
};

/** Rounds epoch ms up to a unit boundary (CEIL(ts TO unit)). */
export const ceilTo = (ms: number, unit: string): number => {
  const f = floorTo(ms, unit);
  if (f === ms) return ms;
  if (unit === 'MONTH') return addMonths(f, 1);
  if (unit === 'QUARTER') return addMonths(f, 3);
  if (unit === 'YEAR') return addMonths(f, 12);
  if (unit === 'WEEK') return f + MS.WEEK;
  return f + (unit === 'MILLISECOND' ? 1 : MS[unit as keyof typeof MS]);
};

/** EXTRACT(unit FROM ts). */
export const extractField = (unit: string, ms: number): number => {
  const d = new Date(ms);
  switch (unit) {
    case 'YEAR': return d.getUTCFullYear();
    case 'QUARTER': return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'MONTH': return d.getUTCMonth() + 1;
    case 'WEEK': return isoWeek(d);
    case 'DAY': return d.getUTCDate();
    case 'HOUR': return d.getUTCHours();
    case 'MINUTE': return d.getUTCMinutes();
    // DECIMAL(5,3) with the milliseconds (SQL Reference, EXTRACT).
    case 'SECOND': return (d.getUTCSeconds() * 1000 + d.getUTCMilliseconds()) / 1000;
    case 'MILLISECOND': return d.getUTCMilliseconds();
    default: throw new SqlError('KAV2_INVALID_ARGUMENT', `EXTRACT does not support unit ${unit}`);
  }
};

const isoWeek = (d: Date): number => {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / MS.DAY + 1) / 7);
};

export const DAY_MS = MS.DAY;

/** Milliseconds in one unit of each day-time field. */
export const FIELD_MS: Readonly<Record<'DAY' | 'HOUR' | 'MINUTE' | 'SECOND', number>> = { DAY: MS.DAY, HOUR: MS.HOUR, MINUTE: MS.MINUTE, SECOND: MS.SECOND };
const DAY_TIME_FIELDS = ['DAY', 'HOUR', 'MINUTE', 'SECOND'] as const;
const FIELD_MODULO: Readonly<Record<'DAY' | 'HOUR' | 'MINUTE' | 'SECOND', number>> = { DAY: Infinity, HOUR: 24, MINUTE: 60, SECOND: 60 };

/**
 * An interval as SQL:2008 casts it to text: a sign, the leading field unpadded, each later field of the qualifier
 * as two digits (a space before HOUR after DAY, ':' before MINUTE and SECOND, '-' before MONTH), and milliseconds
 * after the seconds only when there are some. The Reference's Date, Timestamp, and Interval Operators page prints
 * `(TIME '12:03:34' - TIME '11:57:23') MINUTE TO SECOND` as '+6:11' and INTERVAL '3 4' DAY TO HOUR plus one day
 * as '+4 04'.
 */
export const formatIntervalSql = (value: number, q: IntervalQualifier, yearMonth: boolean): string => {
  const sign = value < 0 ? '-' : '+';
  const a = Math.abs(value);
  if (yearMonth) {
    if (q.start === 'MONTH') return `${sign}${a}`;
    const years = Math.floor(a / 12);
    return q.end === 'YEAR' ? `${sign}${years}` : `${sign}${years}-${pad(a % 12)}`;
  }
  const from = DAY_TIME_FIELDS.indexOf(q.start as 'DAY');
  const to = DAY_TIME_FIELDS.indexOf(q.end as 'DAY');
  let out = sign;
  for (let k = from; k <= to; k++) {
    const f = DAY_TIME_FIELDS[k]!;
    const n = Math.floor(a / FIELD_MS[f]);
    if (k === from) out += String(n);
    else out += (f === 'HOUR' ? ' ' : ':') + pad(n % FIELD_MODULO[f]);
  }
  const ms = a % 1000;
  if (q.end === 'SECOND' && ms !== 0) out += `.${pad(ms, 3)}`;
  return out;
};
