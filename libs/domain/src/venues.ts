import { utcLocalClock } from './local-clock';

/** Venue categories the risk engine and reports group by. */
export const VENUE_CATEGORIES = ['LIT_EXCHANGE', 'DARK_POOL', 'OTC', 'CRYPTO', 'FUTURES', 'UNKNOWN'] as const;
export type VenueCategory = (typeof VENUE_CATEGORIES)[number];

/** A regular trading interval in the venue's local time; `close` before `open` crosses midnight. */
export interface SessionInterval {
  readonly open: string; // HH:MM local
  readonly close: string; // HH:MM local
}

export interface Venue {
  /** ISO 10383 market identifier code (segment or operating MIC). */
  readonly mic: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 country, or `ZZ` for venues without one. */
  readonly country: string;
  readonly category: VenueCategory;
  /** IANA time zone the session times are expressed in. */
  readonly timeZone: string;
  /** Regular (continuous) session intervals on trading days; empty means always open (24/7). */
  readonly sessions: readonly SessionInterval[];
  /** Trading days, 0 = Sunday ... 6 = Saturday. For sessions crossing midnight, the day the session opens. */
  readonly tradingDays: readonly number[];
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const s = (open: string, close: string): SessionInterval => ({ open, close });
const v = (
  mic: string, name: string, country: string, category: VenueCategory, timeZone: string,
  sessions: readonly SessionInterval[], tradingDays: readonly number[] = WEEKDAYS,
): Venue => ({ mic, name, country, category, timeZone, sessions, tradingDays });

const US_EQ = [s('09:30', '16:00')];
const EU_EQ = [s('09:00', '17:30')];
const CME_GLOBEX = [s('17:00', '16:00')]; // Sunday-Thursday 17:00 CT to next day 16:00 CT

/**
 * Reference table of ISO 10383 MICs surv knows, with category and regular session.
 * Sessions are the continuous trading hours (no auctions, no holidays); extend with `registerVenue`.
 * Crypto trading platforms rarely hold MICs; the entries below use the codes their feeds publish
 * under the ISO 10383 CASP category where one exists — verify against the current ISO list before
 * relying on them for regulatory output.
 */
export const VENUES: readonly Venue[] = [
  // United States: lit exchanges
  v('XNYS', 'New York Stock Exchange', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  v('XNAS', 'Nasdaq (all markets)', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  v('XNGS', 'Nasdaq Global Select Market', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  v('ARCX', 'NYSE Arca', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  v('XASE', 'NYSE American', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  v('BATS', 'Cboe BZX Exchange', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  v('EDGX', 'Cboe EDGX Exchange', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  v('IEXG', 'Investors Exchange', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  v('MEMX', 'Members Exchange', 'US', 'LIT_EXCHANGE', 'America/New_York', US_EQ),
  // United States: ATS / dark pools
  v('UBSA', 'UBS ATS', 'US', 'DARK_POOL', 'America/New_York', US_EQ),
  v('SGMA', 'Goldman Sachs Sigma X2', 'US', 'DARK_POOL', 'America/New_York', US_EQ),
  v('MSPL', 'Morgan Stanley MS Pool', 'US', 'DARK_POOL', 'America/New_York', US_EQ),
  v('JPMX', 'JPM-X', 'US', 'DARK_POOL', 'America/New_York', US_EQ),
  v('LEVL', 'Level ATS', 'US', 'DARK_POOL', 'America/New_York', US_EQ),
  // United States: OTC
  v('XOFF', 'Off-exchange (OTC)', 'ZZ', 'OTC', 'UTC', []),
  v('XXXX', 'No market (OTC)', 'ZZ', 'OTC', 'UTC', []),
  v('OTCM', 'OTC Markets Group', 'US', 'OTC', 'America/New_York', US_EQ),
  v('XADF', 'FINRA Alternative Display Facility', 'US', 'OTC', 'America/New_York', US_EQ),
  v('SINT', 'Systematic internaliser', 'ZZ', 'OTC', 'UTC', []),
  // Europe: lit exchanges and MTFs
  v('XLON', 'London Stock Exchange', 'GB', 'LIT_EXCHANGE', 'Europe/London', [s('08:00', '16:30')]),
  v('XPAR', 'Euronext Paris', 'FR', 'LIT_EXCHANGE', 'Europe/Paris', EU_EQ),
  v('XAMS', 'Euronext Amsterdam', 'NL', 'LIT_EXCHANGE', 'Europe/Amsterdam', EU_EQ),
  v('XBRU', 'Euronext Brussels', 'BE', 'LIT_EXCHANGE', 'Europe/Brussels', EU_EQ),
  v('XETR', 'Xetra', 'DE', 'LIT_EXCHANGE', 'Europe/Berlin', EU_EQ),
  v('XSWX', 'SIX Swiss Exchange', 'CH', 'LIT_EXCHANGE', 'Europe/Zurich', [s('09:00', '17:20')]),
  v('XMIL', 'Borsa Italiana', 'IT', 'LIT_EXCHANGE', 'Europe/Rome', [s('09:00', '17:30')]),
  v('XMAD', 'Bolsa de Madrid', 'ES', 'LIT_EXCHANGE', 'Europe/Madrid', EU_EQ),
  v('XSTO', 'Nasdaq Stockholm', 'SE', 'LIT_EXCHANGE', 'Europe/Stockholm', [s('09:00', '17:25')]),
  v('XCSE', 'Nasdaq Copenhagen', 'DK', 'LIT_EXCHANGE', 'Europe/Copenhagen', [s('09:00', '16:55')]),
  v('XOSL', 'Oslo Bors', 'NO', 'LIT_EXCHANGE', 'Europe/Oslo', [s('09:00', '16:20')]),
  v('CHIX', 'Cboe Europe CXE (lit)', 'NL', 'LIT_EXCHANGE', 'Europe/London', [s('08:00', '16:30')]),
  v('BATE', 'Cboe Europe BXE (lit)', 'NL', 'LIT_EXCHANGE', 'Europe/London', [s('08:00', '16:30')]),
  v('AQXE', 'Aquis Exchange', 'GB', 'LIT_EXCHANGE', 'Europe/London', [s('08:00', '16:30')]),
  v('TRQX', 'Turquoise (lit)', 'GB', 'LIT_EXCHANGE', 'Europe/London', [s('08:00', '16:30')]),
  // Europe: dark books
  v('CHID', 'Cboe Europe CXE dark', 'NL', 'DARK_POOL', 'Europe/London', [s('08:00', '16:30')]),
  v('BATD', 'Cboe Europe BXE dark', 'NL', 'DARK_POOL', 'Europe/London', [s('08:00', '16:30')]),
  v('TRQM', 'Turquoise Plato (dark)', 'GB', 'DARK_POOL', 'Europe/London', [s('08:00', '16:30')]),
  // Asia-Pacific: lit exchanges (lunch breaks split the sessions)
  v('XTKS', 'Tokyo Stock Exchange', 'JP', 'LIT_EXCHANGE', 'Asia/Tokyo', [s('09:00', '11:30'), s('12:30', '15:30')]),
  v('XHKG', 'Hong Kong Exchanges', 'HK', 'LIT_EXCHANGE', 'Asia/Hong_Kong', [s('09:30', '12:00'), s('13:00', '16:00')]),
  v('XSHG', 'Shanghai Stock Exchange', 'CN', 'LIT_EXCHANGE', 'Asia/Shanghai', [s('09:30', '11:30'), s('13:00', '15:00')]),
  v('XSHE', 'Shenzhen Stock Exchange', 'CN', 'LIT_EXCHANGE', 'Asia/Shanghai', [s('09:30', '11:30'), s('13:00', '15:00')]),
  v('XSES', 'Singapore Exchange', 'SG', 'LIT_EXCHANGE', 'Asia/Singapore', [s('09:00', '12:00'), s('13:00', '17:00')]),
  v('XASX', 'ASX', 'AU', 'LIT_EXCHANGE', 'Australia/Sydney', [s('10:00', '16:00')]),
  v('XKRX', 'Korea Exchange', 'KR', 'LIT_EXCHANGE', 'Asia/Seoul', [s('09:00', '15:30')]),
  v('XNSE', 'National Stock Exchange of India', 'IN', 'LIT_EXCHANGE', 'Asia/Kolkata', [s('09:15', '15:30')]),
  v('XBOM', 'BSE', 'IN', 'LIT_EXCHANGE', 'Asia/Kolkata', [s('09:15', '15:30')]),
  // Futures
  v('XCME', 'CME Globex', 'US', 'FUTURES', 'America/Chicago', CME_GLOBEX, [0, 1, 2, 3, 4]),
  v('XCBT', 'CBOT', 'US', 'FUTURES', 'America/Chicago', CME_GLOBEX, [0, 1, 2, 3, 4]),
  v('XNYM', 'NYMEX', 'US', 'FUTURES', 'America/Chicago', CME_GLOBEX, [0, 1, 2, 3, 4]),
  v('XEUR', 'Eurex', 'DE', 'FUTURES', 'Europe/Berlin', [s('01:10', '22:00')]),
  v('IFEU', 'ICE Futures Europe', 'GB', 'FUTURES', 'Europe/London', [s('01:00', '23:00')]),
  v('IFUS', 'ICE Futures U.S.', 'US', 'FUTURES', 'America/New_York', [s('20:00', '18:00')], [0, 1, 2, 3, 4]),
  // Crypto trading platforms (24/7)
  v('COIN', 'Coinbase Exchange', 'US', 'CRYPTO', 'UTC', [], ALL_DAYS),
  v('KRKN', 'Kraken', 'US', 'CRYPTO', 'UTC', [], ALL_DAYS),
  v('BSTP', 'Bitstamp', 'LU', 'CRYPTO', 'UTC', [], ALL_DAYS),
  v('GMNI', 'Gemini', 'US', 'CRYPTO', 'UTC', [], ALL_DAYS),
  v('LMAX', 'LMAX Digital', 'GB', 'CRYPTO', 'UTC', [], ALL_DAYS),
];

interface CompiledVenue {
  readonly venue: Venue;
  readonly intervals: readonly { open: number; close: number }[];
  /** Bit d set when weekday d is a trading day. */
  readonly dayMask: number;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const compile = (venue: Venue): CompiledVenue => ({
  venue,
  intervals: venue.sessions.map((iv) => ({ open: minutes(iv.open), close: minutes(iv.close) })),
  dayMask: venue.tradingDays.reduce((m, d) => m | (1 << d), 0),
});
const byMic = new Map<string, CompiledVenue>(VENUES.map((x) => [x.mic, compile(x)]));
const lookup = (mic: string): CompiledVenue | undefined => byMic.get(mic) ?? byMic.get(mic.toUpperCase());

/** Adds or replaces a venue at run time (a firm's internal crossing engine, a new MIC). */
export const registerVenue = (venue: Venue): void => {
  byMic.set(venue.mic.toUpperCase(), compile(venue));
};

/** The venue for a MIC (case-insensitive), or `undefined` when surv does not know it. */
export const findVenue = (mic: string): Venue | undefined => lookup(mic)?.venue;

/** Category of a MIC; unknown MICs map to `UNKNOWN` and never throw. */
export const venueCategory = (mic: string): VenueCategory => lookup(mic)?.venue.category ?? 'UNKNOWN';

/**
 * Whether `epochMs` falls inside the venue's regular session, in the venue's own time zone
 * (daylight saving included). `undefined` when it cannot be said: unknown MIC, or a venue
 * without a session (24/7 platforms, off-exchange reporting codes).
 */
export const isInRegularSession = (mic: string, epochMs: number): boolean | undefined => {
  const compiled = lookup(mic);
  if (!compiled || compiled.intervals.length === 0) return undefined;
  const { weekday, minuteOfDay } = utcLocalClock(compiled.venue.timeZone, epochMs);
  const today = (compiled.dayMask >> weekday) & 1;
  const yesterday = (compiled.dayMask >> ((weekday + 6) % 7)) & 1;
  for (const { open, close } of compiled.intervals) {
    if (open < close) {
      if (today && minuteOfDay >= open && minuteOfDay < close) return true;
    } else {
      // Crosses midnight: the evening part belongs to a trading day, the morning part to the next day.
      if (today && minuteOfDay >= open) return true;
      if (yesterday && minuteOfDay < close) return true;
    }
  }
  return false;
};
