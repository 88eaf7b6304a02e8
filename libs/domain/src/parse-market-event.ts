import { type MarketEvent, MarketEventSchema, MAX_RECORD_BYTES, EVENT_TYPES } from './market-event';
import { parseIsoTimestamp } from './timestamps';
import { fastValidateMarketEvent } from './fast-validate';

/** Why a record was refused; stable codes for metrics and quarantine partitions. */
export type RejectionCode =
  | 'EMPTY_RECORD'
  | 'RECORD_TOO_LARGE'
  | 'INVALID_UTF8'
  | 'INVALID_JSON'
  | 'NOT_AN_OBJECT'
  | 'UNKNOWN_EVENT_TYPE'
  | 'SCHEMA_VIOLATION'
  | 'NON_FINITE_NUMBER'
  | 'INVALID_TIMESTAMP'
  | 'TIMESTAMP_OUT_OF_RANGE';

/** A valid event plus its event time as epoch milliseconds (fractional for µs inputs). */
export interface AcceptedEvent {
  readonly ok: true;
  readonly event: MarketEvent;
  readonly eventTimeMs: number;
}

/** A refused record: the reason and the original text, so nothing is lost. */
export interface RejectedRecord {
  readonly ok: false;
  readonly code: RejectionCode;
  readonly reason: string;
  readonly raw: string;
}

export type ParseResult = AcceptedEvent | RejectedRecord;

export interface ParseOptions {
  /** "Now" for the future-timestamp check, epoch ms. @default Date.now() */
  readonly nowMs?: number;
  /** How far ahead of now an event time may be. @default 86_400_000 (one day) */
  readonly maxFutureMs?: number;
  /** Largest record accepted, in bytes. @default 1 MiB */
  readonly maxBytes?: number;
}

const DAY_MS = 86_400_000;
const decoder = new TextDecoder('utf-8', { fatal: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

const reject = (code: RejectionCode, reason: string, raw: string): RejectedRecord => ({ ok: false, code, reason, raw });

/** Finds a non-finite number (1e999 parses to Infinity) anywhere in the top-level object. */
const firstNonFinite = (o: Record<string, unknown>): string | undefined => {
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && !Number.isFinite(v)) return k;
  return undefined;
};

/** The offset of the first byte that is not UTF-8 (of a character left open, its first byte). */
const firstBadByte = (bytes: Uint8Array): number => {
  const fails = (n: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return false;
    } catch {
      return true;
    }
  };
  // A streaming decoder refuses a prefix from the first byte that cannot continue the text on.
  let lo = 1, hi = bytes.length;
  if (!fails(hi, true)) lo = hi + 1; // nothing refused: the text ends inside a character
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid, true)) hi = mid;
    else lo = mid + 1;
  }
  let at = lo - 1;
  // When the text before that byte leaves a character open, the fault is that character.
  if (at > 0 && fails(at, false)) {
    at--;
    while (at > 0 && ((bytes[at] ?? 0) & 0xc0) === 0x80) at--;
  }
  return at;
};

/** Bytes as text, or undefined when they are not UTF-8 (JSON's encoding between systems, RFC 8259 §8.1). */
const utf8Text = (bytes: Uint8Array): string | undefined => {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
};

/**
 * Turns one stream record (text or bytes) into a typed market event or a typed rejection.
 * Never throws: every failure becomes a `RejectedRecord` carrying the original text.
 */
export const parseMarketEvent = (input: string | Uint8Array, options: ParseOptions = {}): ParseResult => {
  const maxBytes = options.maxBytes ?? MAX_RECORD_BYTES;
  const byteLength = typeof input === 'string' ? (input.length * 3 > maxBytes ? encoder.encode(input).length : input.length) : input.length;
  if (byteLength > maxBytes) {
    return reject('RECORD_TOO_LARGE', `record is ${byteLength} bytes, above the ${maxBytes}-byte limit`, typeof input === 'string' ? input : decoder.decode(input));
  }
  // Reading other bytes as U+FFFD would change the data silently: 'M\xfcller' and 'M\xf6ller' would be one owner.
  const raw = typeof input === 'string' ? input : utf8Text(input);
  if (raw === undefined) {
    const at = firstBadByte(input as Uint8Array);
    const byte = (input as Uint8Array)[at] ?? 0;
    return reject('INVALID_UTF8', `record is not UTF-8 text: byte 0x${byte.toString(16).padStart(2, '0')} at offset ${at} (raw shows it as U+FFFD)`, decoder.decode(input as Uint8Array));
  }
  if (raw.trim() === '') return reject('EMPTY_RECORD', 'record is empty', raw);

  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return reject('INVALID_JSON', `invalid JSON: ${(e as Error).message}`, raw);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('NOT_AN_OBJECT', `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`, raw);
  }
  return validateMarketEvent(value as Record<string, unknown>, raw, options);
};

/** Validates an already-parsed object against the event contract (used where JSON was parsed upstream). */
export const validateMarketEvent = (obj: Record<string, unknown>, raw: string, options: ParseOptions = {}): ParseResult => {
  const eventType = obj['event_type'];
  if (typeof eventType === 'string' && !(EVENT_TYPES as readonly string[]).includes(eventType)) {
    return reject('UNKNOWN_EVENT_TYPE', `unknown event_type '${eventType}'; expected one of ${EVENT_TYPES.join(', ')}`, raw);
  }
  let event = fastValidateMarketEvent(obj);
  if (event === undefined) {
    const nonFinite = firstNonFinite(obj);
    if (nonFinite) return reject('NON_FINITE_NUMBER', `${nonFinite} is not a finite number`, raw);
    const parsed = MarketEventSchema.safeParse(obj);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        // zod calls an absent field "expected string, received undefined"; say what it is.
        .map((i) => `${i.path.join('.') || '(record)'}: ${i.path.length === 1 && !(String(i.path[0]) in obj) ? 'required field is missing' : i.message}`)
        .join('; ');
      return reject('SCHEMA_VIOLATION', issues, raw);
    }
    event = parsed.data;
  }
  const eventTimeMs = parseIsoTimestamp(event.event_time);
  if (eventTimeMs === undefined) {
    return reject('INVALID_TIMESTAMP', `event_time '${event.event_time}' is not an ISO-8601 UTC timestamp`, raw);
  }
  const now = options.nowMs ?? Date.now();
  const maxFuture = options.maxFutureMs ?? DAY_MS;
  if (eventTimeMs < 0) return reject('TIMESTAMP_OUT_OF_RANGE', `event_time '${event.event_time}' is before 1970`, raw);
  if (eventTimeMs > now + maxFuture) {
    return reject('TIMESTAMP_OUT_OF_RANGE', `event_time '${event.event_time}' is more than ${maxFuture / 3_600_000}h in the future`, raw);
  }
  return { ok: true, event, eventTimeMs };
};
