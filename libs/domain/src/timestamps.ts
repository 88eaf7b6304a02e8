import { DomainError } from './surv-error';

// ISO-8601 date-time with optional fraction (up to ns) and an optional zone; no zone means UTC,
// as the event contract's timestamps are UTC.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO-8601 timestamp into epoch milliseconds, keeping sub-millisecond precision as a
 * fraction (µs timestamps give e.g. `1700000000123.456`). Returns `undefined` when unparsable or
 * when a field is out of range (month 13, Feb 30, hour 25, ...).
 */
export const parseIsoTimestamp = (text: string): number | undefined => parseCanonicalUtc(text) ?? parseIsoWithRegex(text);

/** The general parser: any shape ISO_RE accepts. */
export const parseIsoWithRegex = (text: string): number | undefined => {
  const m = ISO_RE.exec(text);
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m as unknown as string[];
  const y = Number(ys), mo = Number(mos), d = Number(ds), h = Number(hs), mi = Number(mis), s = Number(ss);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const base = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls Feb 30 into March: detect by reading the day back.
  if (new Date(base).getUTCDate() !== d) return undefined;
  let offsetMin = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return undefined;
    offsetMin = sign * (oh * 60 + om);
  }
  const fracMs = frac ? Number(`0.${frac}`) * 1000 : 0;
  return base - offsetMin * 60_000 + fracMs;
};

// `Number('0.xyz') * 1000` for every 3-digit fraction, so the common shape needs no string.
const MILLIS = Array.from({ length: 1000 }, (_, n) => Number(`0.${String(n).padStart(3, '0')}`) * 1000);

const digit = (text: string, at: number): number => {
  const c = text.charCodeAt(at) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
const two = (text: string, at: number): number => digit(text, at) * 10 + digit(text, at + 1);

// Date.UTC reads years 0-99 as 1900-1999.
const daysInMonth = (y: number, mo: number): number => {
  const year = y <= 99 ? 1900 + y : y;
  if (mo === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
};

/**
 * The shape every producer of ours writes, `YYYY-MM-DDTHH:MM:SS[.mmm]Z`, read without the regex
 * (its match array and substrings were most of the parser's garbage). Gives exactly what
 * `parseIsoWithRegex` gives, or `undefined` for any other shape or any out-of-range field, which
 * the regex then decides.
 */
const parseCanonicalUtc = (text: string): number | undefined => {
  const n = text.length;
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const y = two(text, 0) * 100 + two(text, 2), mo = two(text, 5), d = two(text, 8), h = two(text, 11), mi = two(text, 14), s = two(text, 17);
  let millis = 0;
  if (n === 24) {
    if (text.charCodeAt(19) !== 46 /* . */) return undefined;
    millis = digit(text, 20) * 100 + two(text, 21);
  }
  // NaN (a non-digit) fails every comparison below, so it falls through to the regex too.
  if (!(mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && s <= 59 && millis >= 0 && y >= 0)) return undefined;
  if (d > daysInMonth(y, mo)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s) + (n === 24 ? MILLIS[millis]! : 0);
};

/** Formats epoch milliseconds as ISO-8601 UTC with milliseconds (`2018-06-13T14:11:00.000Z`). */
export const toIsoUtc = (epochMs: number): string => {
  if (!Number.isFinite(epochMs)) throw new DomainError('DOMAIN_INVALID_TIMESTAMP', `cannot format non-finite time ${epochMs}`);
  return new Date(Math.floor(epochMs)).toISOString();
};

/** `YYYY-MM-DD` of an epoch-ms instant, in UTC. */
export const utcDate = (epochMs: number): string => toIsoUtc(epochMs).slice(0, 10);

/** Two-digit UTC hour of an epoch-ms instant. */
export const utcHour = (epochMs: number): string => toIsoUtc(epochMs).slice(11, 13);
