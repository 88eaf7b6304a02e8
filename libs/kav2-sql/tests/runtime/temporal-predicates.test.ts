import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, T0 } from '../helpers';

/**
 * SQL Reference, Temporal Predicates (and SQLstream's page it comes from): each predicate over Allen's 13 interval
 * relations, the left period first. A period is `start <= time < end`. The expected truth values below are written
 * out by hand from the definitions, one relation per column:
 *   standard (SQL:2011): CONTAINS s1 <= s2 AND e2 <= e1; OVERLAPS s1 < e2 AND s2 < e1; EQUALS s1 = s2 AND e1 = e2;
 *   PRECEDES e1 <= s2; SUCCEEDS s1 >= e2; IMMEDIATELY PRECEDES e1 = s2; IMMEDIATELY SUCCEEDS s1 = e2;
 *   SQLstream: LEADS "the left period begins before the right period" (s1 < s2), LAGS "the left period ends after
 *   the right period" (e1 > e2), STRICTLY "the two periods neither begin nor end together" (s1 <> s2 AND e1 <> e2);
 *   ours (undefined in words): IMMEDIATELY LEADS s1 < s2 AND e1 = e2, IMMEDIATELY LAGS s1 = s2 AND e1 > e2.
 */
const RELATIONS = {
  before: [[10, 20], [30, 40]],
  meets: [[10, 20], [20, 30]],
  overlaps: [[10, 20], [15, 30]],
  starts: [[10, 20], [10, 30]],
  during: [[15, 20], [10, 30]],
  finishes: [[20, 30], [10, 30]],
  equal: [[10, 20], [10, 20]],
  after: [[30, 40], [10, 20]],
  metBy: [[20, 30], [10, 20]],
  overlappedBy: [[15, 30], [10, 20]],
  startedBy: [[10, 30], [10, 20]],
  contains: [[10, 30], [15, 20]],
  finishedBy: [[10, 30], [20, 30]],
} as const;
type Relation = keyof typeof RELATIONS;
const NAMES = Object.keys(RELATIONS) as Relation[];

/** Relations each predicate holds for; it is FALSE for every other one. */
const HOLDS: Readonly<Record<string, readonly Relation[]>> = {
  CONTAINS: ['equal', 'startedBy', 'contains', 'finishedBy'],
  OVERLAPS: ['overlaps', 'starts', 'during', 'finishes', 'equal', 'overlappedBy', 'startedBy', 'contains', 'finishedBy'],
  EQUALS: ['equal'],
  PRECEDES: ['before', 'meets'],
  SUCCEEDS: ['after', 'metBy'],
  'IMMEDIATELY PRECEDES': ['meets'],
  'IMMEDIATELY SUCCEEDS': ['metBy'],
  LEADS: ['before', 'meets', 'overlaps', 'contains', 'finishedBy'],
  LAGS: ['after', 'metBy', 'overlappedBy', 'startedBy', 'contains'],
  'STRICTLY CONTAINS': ['contains'],
  'STRICTLY OVERLAPS': ['overlaps', 'during', 'overlappedBy', 'contains'],
  'STRICTLY PRECEDES': ['before', 'meets'],
  'STRICTLY SUCCEEDS': ['after', 'metBy'],
  'STRICTLY LEADS': ['before', 'meets', 'overlaps', 'contains'],
  'STRICTLY LAGS': ['after', 'metBy', 'overlappedBy', 'contains'],
  'IMMEDIATELY LEADS': ['finishedBy'],
  'IMMEDIATELY LAGS': ['startedBy'],
};

const SCHEMA = jsonSchema([['NAME', 'VARCHAR(16)'], ['S1', 'TIMESTAMP'], ['E1', 'TIMESTAMP'], ['S2', 'TIMESTAMP'], ['E2', 'TIMESTAMP'], ['S3', 'TIMESTAMP'], ['E3', 'TIMESTAMP'], ['N', 'INTEGER']]);
/** Second `n` of 2020-01-01 as the JSON input's TIMESTAMP text. */
const ts = (n: number | null): string | null => (n === null ? null : `2020-01-01 00:00:${String(n).padStart(2, '0')}`);

/** Runs `SELECT STREAM NAME, <cond> AS R` over one record per entry; returns R by NAME and the error rows. */
const evaluate = (cond: string, records: Record<string, Record<string, unknown>>) => {
  const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (NAME VARCHAR(16), R BOOLEAN);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM NAME, ${cond} AS R FROM "SOURCE_SQL_STREAM_001";`;
  const { rows, errors } = runApp(sql, SCHEMA, Object.entries(records).map(([NAME, rec], i) => ({ at: T0 + i, rec: { NAME, ...rec } })), { clock: () => T0 });
  return { values: Object.fromEntries(rows.map((r) => [r.values.NAME, r.values.R ?? null])), errors };
};
type Pair = readonly [readonly [number, number], readonly [number, number]];
const pairs = (rel: Readonly<Record<string, Pair>>) =>
  Object.fromEntries(Object.entries(rel).map(([k, [[s1, e1], [s2, e2]]]) => [k, { S1: ts(s1), E1: ts(e1), S2: ts(s2), E2: ts(e2) }]));

describe('temporal predicates over Allen\'s 13 relations (SQL Reference, Temporal Predicates)', () => {
  it.each(Object.entries(HOLDS))('%s', (predicate, holds) => {
    const { values, errors } = evaluate(`(S1, E1) ${predicate} (S2, E2)`, pairs(RELATIONS));
    expect(errors).toEqual([]);
    expect(values).toEqual(Object.fromEntries(NAMES.map((n) => [n, holds.includes(n)])));
  });

  it('covers all 17 predicates of the page', () => {
    expect(Object.keys(HOLDS)).toHaveLength(17);
  });

  it('reads SUCCEEDS and its qualified forms as the mirror of PRECEDES: swapping the periods swaps them', () => {
    const mirrored = (p: string, q: string) => {
      const swapped = Object.fromEntries(Object.entries(RELATIONS).map(([k, [a, b]]) => [k, [b, a] as const]));
      expect(evaluate(`(S1, E1) ${p} (S2, E2)`, pairs(RELATIONS)).values).toEqual(evaluate(`(S1, E1) ${q} (S2, E2)`, pairs(swapped)).values);
    };
    mirrored('PRECEDES', 'SUCCEEDS');
    mirrored('IMMEDIATELY PRECEDES', 'IMMEDIATELY SUCCEEDS');
    mirrored('STRICTLY PRECEDES', 'STRICTLY SUCCEEDS');
  });
});

describe('PERIOD keyword, chaining, single TIMESTAMP', () => {
  it('takes PERIOD or leaves it out, on either side, with the same result', () => {
    const forms = ['(S1, E1) OVERLAPS (S2, E2)', 'PERIOD (S1, E1) OVERLAPS PERIOD(S2, E2)', 'period(S1, E1) overlaps (S2, E2)', '(S1, E1) OVERLAPS PERIOD (S2, E2)'];
    const results = forms.map((f) => evaluate(f, pairs(RELATIONS)).values);
    for (const r of results) expect(r).toEqual(results[0]);
    expect(Object.values(results[0]!).filter((v) => v === true)).toHaveLength(HOLDS.OVERLAPS!.length);
  });

  it('chains: (s1,e1) PRECEDES (s2,e2) PRECEDES PERIOD(s3,e3) is the two predicates ANDed', () => {
    const rec = (a: number, b: number, c: number, d: number, e: number, f: number) => ({ S1: ts(a), E1: ts(b), S2: ts(c), E2: ts(d), S3: ts(e), E3: ts(f) });
    const records = {
      both: rec(1, 2, 3, 4, 5, 6),
      firstOnly: rec(1, 2, 3, 6, 5, 7),
      secondOnly: rec(1, 4, 3, 4, 5, 6),
      neither: rec(5, 9, 1, 6, 2, 3),
    };
    const chained = evaluate('(S1, E1) PRECEDES (S2, E2) PRECEDES PERIOD(S3, E3)', records).values;
    expect(chained).toEqual({ both: true, firstOnly: false, secondOnly: false, neither: false });
    expect(chained).toEqual(evaluate('PERIOD (S1, E1) PRECEDES PERIOD(S2, E2) AND PERIOD(S2, E2) PRECEDES PERIOD(S3, E3)', records).values);
  });

  it('chains different predicates, ending with a single TIMESTAMP: (a) CONTAINS (b) CONTAINS t', () => {
    const records = {
      yes: { S1: ts(1), E1: ts(9), S2: ts(2), E2: ts(5), S3: ts(3) },
      innerMisses: { S1: ts(1), E1: ts(9), S2: ts(2), E2: ts(5), S3: ts(6) },
      outerMisses: { S1: ts(3), E1: ts(9), S2: ts(2), E2: ts(5), S3: ts(3) },
    };
    expect(evaluate('(S1, E1) CONTAINS (S2, E2) STRICTLY CONTAINS S3', records).values).toEqual({ yes: true, innerMisses: false, outerMisses: false });
  });

  it('PERIOD(s, e) CONTAINS t is s <= t AND t < e; STRICTLY CONTAINS t also excludes t = s', () => {
    const records = Object.fromEntries([5, 10, 15, 20, 25].map((t) => [`t${t}`, { S1: ts(10), E1: ts(20), S2: ts(t) }]));
    expect(evaluate('PERIOD(S1, E1) CONTAINS S2', records).values).toEqual({ t5: false, t10: true, t15: true, t20: false, t25: false });
    expect(evaluate('(S1, E1) CONTAINS S2', records).values).toEqual(evaluate('S1 <= S2 AND S2 < E1', records).values);
    expect(evaluate('(S1, E1) STRICTLY CONTAINS S2', records).values).toEqual({ t5: false, t10: false, t15: true, t20: false, t25: false });
  });

  it('takes timestamp expressions as bounds: ROWTIME, literals, arithmetic with intervals', () => {
    // ROWTIME is the arrival time: T0 (2018-06-13 14:10:00) for the first record, T0 + 1 ms for the second.
    const cond = "PERIOD(S1, S1 + INTERVAL '2' MINUTE) CONTAINS ROWTIME";
    expect(evaluate(cond, { in: { S1: '2018-06-13 14:09:00' }, out: { S1: '2018-06-13 14:10:00.002' } }).values).toEqual({ in: true, out: false });
    expect(evaluate("(TIMESTAMP '2020-01-01 00:00:00', S1) OVERLAPS (S1 - INTERVAL '1' SECOND, TIMESTAMP '2020-01-02 00:00:00')", { a: { S1: ts(10) } }).values).toEqual({ a: true });
  });

  it('is a condition like any other: NOT, IS TRUE, AND, OR and in parentheses', () => {
    const records = pairs({ overlapping: RELATIONS.overlaps, apart: RELATIONS.before });
    expect(evaluate('NOT (S1, E1) OVERLAPS (S2, E2)', records).values).toEqual({ overlapping: false, apart: true });
    expect(evaluate('(S1, E1) OVERLAPS (S2, E2) IS NOT TRUE', records).values).toEqual({ overlapping: false, apart: true });
    expect(evaluate('((S1, E1) OVERLAPS (S2, E2)) OR 1 = 0', records).values).toEqual({ overlapping: true, apart: false });
    expect(evaluate('1 = 1 AND (S1, E1) PRECEDES (S2, E2)', records).values).toEqual({ overlapping: false, apart: true });
  });

  it('filters in WHERE, and leaves parenthesised expressions and (e - s) SECOND alone', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (NAME VARCHAR(16), X INTEGER, D BIGINT);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM NAME, (N + 1) * 2, CAST((E1 - S1) SECOND(10, 3) * 1000 AS BIGINT) FROM "SOURCE_SQL_STREAM_001"
WHERE (S1, E1) OVERLAPS (S2, E2) AND (N) > 0;`;
    const recs = [
      { NAME: 'kept', S1: ts(10), E1: ts(20), S2: ts(15), E2: ts(30), N: 1 },
      { NAME: 'apart', S1: ts(10), E1: ts(20), S2: ts(30), E2: ts(40), N: 1 },
      { NAME: 'negative', S1: ts(10), E1: ts(20), S2: ts(15), E2: ts(30), N: -1 },
    ];
    const { rows, errors } = runApp(sql, SCHEMA, recs.map((rec, i) => ({ at: T0 + i, rec })));
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.values)).toEqual([{ NAME: 'kept', X: 4, D: 10_000 }]);
  });
});

describe('NULL bounds and reversed periods', () => {
  it.each(['S1', 'E1', 'S2', 'E2'])('a NULL %s makes every predicate NULL (UNKNOWN)', (bound) => {
    const rec = { ...pairs({ x: RELATIONS.overlaps }).x!, [bound]: null };
    for (const predicate of Object.keys(HOLDS)) {
      expect(evaluate(`(S1, E1) ${predicate} (S2, E2)`, { x: rec }).values, predicate).toEqual({ x: null });
    }
  });

  it('a NULL literal bound or instant is UNKNOWN too', () => {
    const rec = pairs({ x: RELATIONS.equal });
    expect(evaluate('(S1, NULL) EQUALS (S2, E2)', rec).values).toEqual({ x: null });
    expect(evaluate('(S1, E1) CONTAINS NULL', rec).values).toEqual({ x: null });
    expect(evaluate('(S1, E1) CONTAINS CAST(NULL AS TIMESTAMP)', rec).values).toEqual({ x: null });
  });

  it('(s, e) CONTAINS t with one NULL bound is s <= t AND t < e in three-valued logic: FALSE when the known half is', () => {
    const records = {
      sNullAfter: { S1: null, E1: ts(10), S2: ts(15) },
      sNullBefore: { S1: null, E1: ts(10), S2: ts(5) },
      eNullBefore: { S1: ts(10), E1: null, S2: ts(5) },
      eNullAfter: { S1: ts(10), E1: null, S2: ts(15) },
      eNullAt: { S1: ts(10), E1: null, S2: ts(10) },
    };
    const expected = { sNullAfter: false, sNullBefore: null, eNullBefore: false, eNullAfter: null, eNullAt: null };
    expect(evaluate('(S1, E1) CONTAINS S2', records).values).toEqual(expected);
    expect(evaluate('(S1, E1) CONTAINS S2', records).values).toEqual(evaluate('S1 <= S2 AND S2 < E1', records).values);
    expect(evaluate('(S1, E1) STRICTLY CONTAINS S2', records).values).toEqual({ ...expected, eNullAt: false });
  });

  it('a chain with an UNKNOWN link is FALSE when another link is FALSE (AND\'s three-valued logic)', () => {
    const rec = { x: { S1: ts(1), E1: ts(2), S2: ts(5), E2: ts(6), S3: null, E3: ts(3) } };
    expect(evaluate('(S1, E1) PRECEDES (S2, E2) PRECEDES (S3, E3)', rec).values).toEqual({ x: null });
    expect(evaluate('(S1, E1) SUCCEEDS (S2, E2) PRECEDES (S3, E3)', rec).values).toEqual({ x: false });
  });

  it('a period whose start is after its end sends its row to error_stream (INVALID_PERIOD), on either side', () => {
    for (const cond of ['(E1, S1) OVERLAPS (S2, E2)', '(S1, E1) OVERLAPS (E2, S2)', '(E1, S1) CONTAINS S2', '(S1, E1) PRECEDES (S2, E2) PRECEDES (E2, S2)']) {
      const { values, errors } = evaluate(cond, pairs({ x: RELATIONS.before }));
      expect(values, cond).toEqual({});
      expect(errors.map((e) => e.values.ERROR_NAME), cond).toEqual(['INVALID_PERIOD']);
      expect(String(errors[0]!.values.MESSAGE)).toMatch(/period of .* starts after it ends/);
    }
  });

  it('a reversed period fails its row even when the other period has a NULL bound', () => {
    const { errors } = evaluate('(E1, S1) OVERLAPS (S2, E2)', { x: { S1: ts(1), E1: ts(2), S2: null, E2: ts(3) } });
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['INVALID_PERIOD']);
  });

  it('a period that starts where it ends is accepted: it holds no instant and meets the periods at its instant', () => {
    const rec = { x: { S1: ts(10), E1: ts(10), S2: ts(10), E2: ts(20) } };
    expect(evaluate('(S1, E1) CONTAINS S1', rec).values).toEqual({ x: false });
    expect(evaluate('(S1, E1) IMMEDIATELY PRECEDES (S2, E2)', rec).values).toEqual({ x: true });
    expect(evaluate('(S1, E1) OVERLAPS (S2, E2)', rec).values).toEqual({ x: false });
  });
});
