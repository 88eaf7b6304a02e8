import { assertNever } from '@surv/domain';
import { type AggName } from '../analyzer/bound';
import { type SqlType, type SqlValue, INTEGER_TYPES } from '../analyzer/sql-type';

/** Accumulator state per group and aggregate; `save` turns it into JSON for snapshot(). */
export type AccState = (number | SqlValue | SqlValue[] | Set<SqlValue>)[];

/** The operations of one aggregate function. */
export interface AggregateFn {
  init(): AccState;
  /** Folds one argument value in (COUNT(*) passes `true`). */
  add(s: AccState, v: SqlValue): void;
  result(s: AccState): SqlValue;
  /** JSON-serialisable copy of a state (identity when the state already is). */
  save(s: AccState): AccState;
  /** Inverse of `save`. */
  load(s: AccState): AccState;
}

const same = (s: AccState): AccState => s;

/** SUM and AVG state: [non-null count, sum]. */
const addCountAndSum = (s: AccState, v: SqlValue): void => {
  if (v === null) return;
  s[0] = (s[0] as number) + 1;
  s[1] = (s[1] as number) + (v as number);
};

const cmp = (a: SqlValue, b: SqlValue): number => ((a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0);

/**
 * `fn(DISTINCT x)` for SUM, AVG and the variance family: the distinct non-null values in a Set (as
 * COUNT(DISTINCT) keeps them), folded through the plain aggregate when the result is read.
 */
const overDistinctValues = (plain: AggregateFn): AggregateFn => ({
  init: () => [new Set<SqlValue>()],
  add: (s, v) => {
    if (v !== null) (s[0] as Set<SqlValue>).add(v);
  },
  result: (s) => {
    const acc = plain.init();
    // In ascending order, so that the floating-point result does not depend on the order the values
    // came in (a set restored from a snapshot, a sliding window's frame).
    const sorted = [...(s[0] as Set<SqlValue>)].sort((a, b) => (a as number) - (b as number));
    for (const v of sorted) plain.add(acc, v);
    return plain.result(acc);
  },
  save: (s) => [[...(s[0] as Set<SqlValue>)]],
  load: (s) => [new Set(Array.isArray(s[0]) ? (s[0] as SqlValue[]) : [])],
});

/** Builds the aggregate function for a call; `type` is the aggregate's result type. */
export const aggregateFn = (fn: AggName, distinct: boolean, type: SqlType): AggregateFn => {
  // The extremes of a set are those of its distinct values.
  if (distinct && fn !== 'COUNT' && fn !== 'MIN' && fn !== 'MAX') return overDistinctValues(aggregateFn(fn, false, type));
  const intResult = INTEGER_TYPES.has(type.name);
  switch (fn) {
    case 'COUNT':
      if (distinct) {
        // The values themselves in a Set: one argument has one SQL type, so 1 and '1' never meet.
        return {
          init: () => [new Set<SqlValue>()],
          add: (s, v) => {
            if (v !== null) (s[0] as Set<SqlValue>).add(v);
          },
          result: (s) => (s[0] as Set<SqlValue>).size,
          save: (s) => [[...(s[0] as Set<SqlValue>)]],
          load: (s) => [new Set(Array.isArray(s[0]) ? (s[0] as SqlValue[]) : [])],
        };
      }
      return { init: () => [0], add: (s, v) => { if (v !== null) s[0] = (s[0] as number) + 1; }, result: (s) => s[0] as number, save: same, load: same };
    case 'SUM':
      return {
        init: () => [0, 0],
        add: addCountAndSum,
        result: (s) => ((s[0] as number) === 0 ? null : s[1] as number),
        save: same,
        load: same,
      };
    case 'AVG':
      return {
        init: () => [0, 0],
        add: addCountAndSum,
        result: (s) => {
          const n = s[0] as number;
          if (n === 0) return null;
          const avg = (s[1] as number) / n;
          // AVG of an exact integer type keeps the argument's type (integer division), as in SQL:2008.
          return intResult ? Math.trunc(avg) : avg;
        },
        save: same,
        load: same,
      };
    case 'MIN':
    case 'MAX': {
      const better = fn === 'MIN' ? (a: SqlValue, b: SqlValue) => cmp(a, b) < 0 : (a: SqlValue, b: SqlValue) => cmp(a, b) > 0;
      return {
        init: () => [null],
        add: (s, v) => {
          if (v !== null && (s[0] === null || better(v, s[0] as SqlValue))) s[0] = v;
        },
        result: (s) => s[0] as SqlValue,
        save: same,
        load: same,
      };
    }
    case 'VAR_POP': case 'VAR_SAMP': case 'STDDEV_POP': case 'STDDEV_SAMP': {
      const sample = fn.endsWith('SAMP');
      const root = fn.startsWith('STDDEV');
      // Welford's algorithm: [n, mean, M2]; numerically stable and three numbers per group.
      return {
        init: () => [0, 0, 0],
        add: (s, v) => {
          if (v === null) return;
          const x = v as number;
          const n = (s[0] as number) + 1;
          const mean = s[1] as number;
          const d = x - mean;
          const nm = mean + d / n;
          s[0] = n;
          s[1] = nm;
          s[2] = (s[2] as number) + d * (x - nm);
        },
        result: (s) => {
          const n = s[0] as number;
          if (n === 0 || (sample && n < 2)) return null;
          const variance = Math.max((s[2] as number) / (sample ? n - 1 : n), 0);
          return root ? Math.sqrt(variance) : variance;
        },
        save: same,
        load: same,
      };
    }
    default:
      return assertNever(fn, 'aggregate');
  }
};
