/**
 * The 17 temporal predicates of the SQL Reference's Temporal Predicates page: what the grammar accepts and what each
 * one means over two periods. A period is `startTime <= time < endTime` (the page, and SQLstream's Temporal
 * Predicates page it comes from); bounds are epoch milliseconds here, already checked to be non-NULL and in order.
 */

/** Predicate words; the qualifiers the page's `<period-predicate>` production allows before each. */
export const TEMPORAL_WORDS: ReadonlyMap<string, readonly Qualifier[]> = new Map<string, readonly Qualifier[]>([
  ['EQUALS', []],
  ['CONTAINS', ['STRICTLY']],
  ['OVERLAPS', ['STRICTLY']],
  ['PRECEDES', ['STRICTLY', 'IMMEDIATELY']],
  ['SUCCEEDS', ['STRICTLY', 'IMMEDIATELY']],
  ['LEADS', ['STRICTLY', 'IMMEDIATELY']],
  ['LAGS', ['STRICTLY', 'IMMEDIATELY']],
]);

export type Qualifier = 'STRICTLY' | 'IMMEDIATELY';

/** A predicate as written, qualifier included ('STRICTLY CONTAINS', 'IMMEDIATELY LAGS', ...). */
export type TemporalPredicate =
  | 'EQUALS' | 'CONTAINS' | 'OVERLAPS' | 'PRECEDES' | 'SUCCEEDS' | 'LEADS' | 'LAGS'
  | 'STRICTLY CONTAINS' | 'STRICTLY OVERLAPS' | 'STRICTLY PRECEDES' | 'STRICTLY SUCCEEDS' | 'STRICTLY LEADS' | 'STRICTLY LAGS'
  | 'IMMEDIATELY PRECEDES' | 'IMMEDIATELY SUCCEEDS' | 'IMMEDIATELY LEADS' | 'IMMEDIATELY LAGS';

/** Whether `word` may follow a period as the start of a predicate (a qualifier or a predicate word). */
export const startsTemporalPredicate = (word: string): boolean => TEMPORAL_WORDS.has(word) || word === 'STRICTLY' || word === 'IMMEDIATELY';

/** `(s1, e1) predicate (s2, e2)` over ordered, non-NULL bounds. */
export type PeriodTest = (s1: number, e1: number, s2: number, e2: number) => boolean;

/** STRICTLY: "the two periods neither begin nor end together" (SQLstream, Temporal Predicates). */
const strictly = (test: PeriodTest): PeriodTest => (s1, e1, s2, e2) => s1 !== s2 && e1 !== e2 && test(s1, e1, s2, e2);

const CONTAINS: PeriodTest = (s1, e1, s2, e2) => s1 <= s2 && e2 <= e1;
const OVERLAPS: PeriodTest = (s1, e1, s2, e2) => s1 < e2 && s2 < e1;
const PRECEDES: PeriodTest = (_s1, e1, s2) => e1 <= s2;
const SUCCEEDS: PeriodTest = (s1, _e1, _s2, e2) => s1 >= e2;
/** LEADS: "the left period begins before the right period". */
const LEADS: PeriodTest = (s1, _e1, s2) => s1 < s2;
/** LAGS: "the left period ends after the right period". */
const LAGS: PeriodTest = (_s1, e1, _s2, e2) => e1 > e2;

/**
 * Each predicate over two periods. The seven standard ones are SQL:2011's; LEADS, LAGS and STRICTLY are the words
 * of SQLstream's page. Neither page defines IMMEDIATELY LEADS / LAGS in words (the AWS page only draws them): as
 * IMMEDIATELY PRECEDES is PRECEDES with the two facing bounds equal, IMMEDIATELY LEADS is LEADS with the bounds
 * LEADS leaves free (the ends) equal, and IMMEDIATELY LAGS is LAGS with the starts equal. Reading them as "ends
 * where the other begins" would make them IMMEDIATELY PRECEDES / SUCCEEDS again.
 */
export const PERIOD_TESTS: Readonly<Record<TemporalPredicate, PeriodTest>> = {
  EQUALS: (s1, e1, s2, e2) => s1 === s2 && e1 === e2,
  CONTAINS,
  OVERLAPS,
  PRECEDES,
  SUCCEEDS,
  LEADS,
  LAGS,
  'STRICTLY CONTAINS': strictly(CONTAINS),
  'STRICTLY OVERLAPS': strictly(OVERLAPS),
  'STRICTLY PRECEDES': strictly(PRECEDES),
  'STRICTLY SUCCEEDS': strictly(SUCCEEDS),
  'STRICTLY LEADS': strictly(LEADS),
  'STRICTLY LAGS': strictly(LAGS),
  'IMMEDIATELY PRECEDES': (_s1, e1, s2) => e1 === s2,
  'IMMEDIATELY SUCCEEDS': (s1, _e1, _s2, e2) => s1 === e2,
  'IMMEDIATELY LEADS': (s1, e1, s2, e2) => s1 < s2 && e1 === e2,
  'IMMEDIATELY LAGS': (s1, e1, s2, e2) => s1 === s2 && e1 > e2,
};

/**
 * `(s, e) predicate t`: only [STRICTLY] CONTAINS takes a single TIMESTAMP. It is two comparisons ANDed, kept apart
 * so that a NULL bound leaves the other one to decide, in three-valued logic: `(NULL, e) CONTAINS t` is FALSE when
 * t >= e, as `s <= t AND t < e` is.
 */
export interface InstantTest {
  /** The comparison of the start with t, over non-NULL values. */
  readonly start: (s: number, t: number) => boolean;
  /** The comparison of t with the end, over non-NULL values. */
  readonly end: (t: number, e: number) => boolean;
}

/**
 * `PERIOD(s, e) CONTAINS t` "is equivalent to s <= t AND t < e" (SQL Reference, Temporal Predicates). STRICTLY
 * reads t as the period that begins and ends at t, so it may begin with neither bound: s < t AND t < e.
 */
export const INSTANT_TESTS: Readonly<Partial<Record<TemporalPredicate, InstantTest>>> = {
  CONTAINS: { start: (s, t) => s <= t, end: (t, e) => t < e },
  'STRICTLY CONTAINS': { start: (s, t) => s < t, end: (t, e) => t < e },
};
