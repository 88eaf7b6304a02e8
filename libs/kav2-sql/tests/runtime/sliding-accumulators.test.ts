import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AggName } from '../../src/analyzer/bound';
import { type SqlTypeName, type SqlValue } from '../../src/analyzer/sql-type';
import { aggregateFn } from '../../src/runtime/aggregates';
import { slidingAccumulator } from '../../src/runtime/sliding-accumulators';

/** The scan the sliding operator used to run per row: aggregateFn folded over the frame, oldest first. */
const scan = (fn: AggName, distinct: boolean, type: SqlTypeName, frame: readonly SqlValue[]): SqlValue => {
  const f = aggregateFn(fn, distinct, { name: type });
  const s = f.init();
  for (const v of frame) f.add(s, v);
  return f.result(s);
};

/** Pushes values, evicting the oldest when told; after each step the accumulator agrees with the scan or defers to it. */
const agreesWithScan = (fn: AggName, distinct: boolean, type: SqlTypeName, ops: readonly (readonly [SqlValue, boolean])[]): void => {
  const acc = slidingAccumulator(fn, distinct, aggregateFn(fn, distinct, { name: type }))!();
  const frame: SqlValue[] = [];
  for (const [v, evict] of ops) {
    if (evict && frame.length > 0) acc.evict(frame.shift()!);
    else {
      acc.add(v);
      frame.push(v);
    }
    const got = acc.result();
    if (got !== undefined) expect(Object.is(got, scan(fn, distinct, type, frame)), `${fn} of ${String(frame)}: ${String(got)}`).toBe(true);
  }
};

// Dyadic fractions: left-to-right addition of these never rounds, so the scan is exact too.
const dyadic = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((n) => n / 16);
const anyDouble = fc.oneof(fc.double(), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 1e308, -1e308));
const ops = <T>(value: fc.Arbitrary<T>) => fc.array(fc.tuple(fc.option(value, { nil: null }), fc.boolean()), { maxLength: 60 });

describe('sliding accumulators', () => {
  it('SUM and AVG give the scan\'s value where the scan does not round, NULLs and empty frames included (property)', () => {
    fc.assert(fc.property(ops(dyadic), (o) => {
      agreesWithScan('SUM', false, 'DOUBLE', o);
      agreesWithScan('AVG', false, 'DOUBLE', o);
    }), { numRuns: 200 });
    fc.assert(fc.property(ops(fc.integer({ min: -1000, max: 1000 })), (o) => agreesWithScan('AVG', false, 'INTEGER', o)), { numRuns: 100 });
  });

  it('SUM defers to the scan while a NaN, an infinity or a value near overflow is in the frame', () => {
    const acc = slidingAccumulator('SUM', false, aggregateFn('SUM', false, { name: 'DOUBLE' }))!();
    for (const v of [1, Infinity, 2]) acc.add(v);
    expect(acc.result()).toBeUndefined();
    acc.evict(1);
    acc.evict(Infinity);
    expect(acc.result()).toBe(2);
    acc.add(1e300);
    expect(acc.result()).toBeUndefined();
  });

  it('MIN and MAX give the scan\'s value for any doubles (0 and -0 ties, NaN and infinities), strings and booleans (property)', () => {
    for (const value of [anyDouble, fc.string({ maxLength: 3 }), fc.boolean()] as fc.Arbitrary<SqlValue>[]) {
      fc.assert(fc.property(ops(value), (o) => {
        agreesWithScan('MIN', false, 'DOUBLE', o);
        agreesWithScan('MAX', false, 'DOUBLE', o);
      }), { numRuns: 200 });
    }
  });

  it('COUNT(DISTINCT) gives the scan\'s value for any values, NaN and -0 included (property)', () => {
    for (const value of [anyDouble, fc.constantFrom<SqlValue>('a', 'b', 'c', 1, 2, true)]) {
      fc.assert(fc.property(ops(value), (o) => agreesWithScan('COUNT', true, 'BIGINT', o)), { numRuns: 200 });
    }
  });

  it('leaves plain COUNT (counted by the operator) and the variance family (no exact inverse) to others', () => {
    for (const fn of ['VAR_POP', 'VAR_SAMP', 'STDDEV_POP', 'STDDEV_SAMP'] as const) expect(slidingAccumulator(fn, false, aggregateFn(fn, false, { name: 'DOUBLE' }))).toBeUndefined();
    expect(slidingAccumulator('COUNT', false, aggregateFn('COUNT', false, { name: 'BIGINT' }))).toBeUndefined();
  });
});
