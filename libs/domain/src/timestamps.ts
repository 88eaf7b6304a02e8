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
export const parseIsoTimestamp = (text: string): number | undefined => {
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

/** Formats epoch milliseconds as ISO-8601 UTC with milliseconds (`2018-06-13T14:11:00.000Z`). */
export const toIsoUtc = (epochMs: number): string => {
  if (!Number.isFinite(epochMs)) throw new DomainError('DOMAIN_INVALID_TIMESTAMP', `cannot format non-finite time ${epochMs}`);
  return new Date(Math.floor(epochMs)).toISOString();
};

/** `YYYY-MM-DD` of an epoch-ms instant, in UTC. */
export const utcDate = (epochMs: number): string => toIsoUtc(epochMs).slice(0, 10);

/** Two-digit UTC hour of an epoch-ms instant. */
export const utcHour = (epochMs: number): string => toIsoUtc(epochMs).slice(11, 13);
