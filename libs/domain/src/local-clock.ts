/** Local weekday (0 = Sunday) and minute of day of an instant in an IANA time zone. */
export interface LocalClock {
  readonly weekday: number;
  readonly minuteOfDay: number;
}

const BUCKET_MS = 15 * 60_000; // every IANA offset change falls on a quarter hour
const MAX_CACHE = 50_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
// Hot path: most callers ask about the same quarter hour again and again.
const lastByZone = new Map<string, { bucket: number; offset: number }>();

const formatter = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
};

/** UTC offset in minutes of `timeZone` at the instant, via Intl (slow: cached per quarter hour). */
const offsetMinutes = (timeZone: string, epochMs: number): number => {
  if (timeZone === 'UTC') return 0;
  const bucket = Math.floor(epochMs / BUCKET_MS);
  const last = lastByZone.get(timeZone);
  if (last !== undefined && last.bucket === bucket) return last.offset;
  const offset = offsetForBucket(timeZone, bucket);
  if (last) {
    last.bucket = bucket;
    last.offset = offset;
  } else lastByZone.set(timeZone, { bucket, offset });
  return offset;
};

const offsetForBucket = (timeZone: string, bucket: number): number => {
  const key = `${timeZone}|${bucket}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const parts = formatter(timeZone).formatToParts(new Date(bucket * BUCKET_MS));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offset = Math.round((asUtc - bucket * BUCKET_MS) / 60_000);
  if (offsets.size >= MAX_CACHE) offsets.clear();
  offsets.set(key, offset);
  return offset;
};

/** The local clock of an instant in a time zone; daylight saving comes from the platform's tz data. */
export const utcLocalClock = (timeZone: string, epochMs: number): LocalClock => {
  const local = epochMs + offsetMinutes(timeZone, epochMs) * 60_000;
  const dayMs = 86_400_000;
  const days = Math.floor(local / dayMs);
  const minuteOfDay = Math.floor((local - days * dayMs) / 60_000);
  // 1970-01-01 was a Thursday (4).
  const weekday = (((days + 4) % 7) + 7) % 7;
  return { weekday, minuteOfDay };
};
