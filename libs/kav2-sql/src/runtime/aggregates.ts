import { assertNever } from '@surv/domain';
import { type AggName } from '../analyzer/bound';
import { type SqlType, type SqlValue, INTEGER_TYPES } from '../analyzer/sql-type';

/** Compact, JSON-serialisable accumulator state (what snapshot() stores per group and aggregate). */
export type AccState = (number | SqlValue | string[])[];

/** The operations of one aggregate function. */
export interface AggregateFn {
  init(): AccState;
  /** Folds one argument value in (COUNT(*) passes `true`). */
  add(s: AccState, v: SqlValue): void;
  result(s: AccState): SqlValue;
}

const cmp = (a: SqlValue, b: SqlValue): number => ((a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0);

// Lookup sets for COUNT(DISTINCT) lists, rebuilt lazily after restore(); the list itself is the state.
const distinctIndex = new WeakMap<string[], Set<string>>();

/** Builds the aggregate function for a call; `type` is the aggregate's result type. */
export const aggregateFn = (fn: AggName, distinct: boolean, type: SqlType): AggregateFn => {
  const intResult = INTEGER_TYPES.has(type.name);
  switch (fn) {
    case 'COUNT':
      if (distinct) {
        // The distinct values are kept as their JSON text: compact and serialisable.
        return {
          init: () => [[]],
          add: (s, v) => {
            if (v === null) return;
            const k = JSON.stringify(v);
            const list = s[0] as string[];
            let seen = distinctIndex.get(list);
            if (!seen) {
              seen = new Set(list);
              distinctIndex.set(list, seen);
            }
            if (!seen.has(k)) {
              seen.add(k);
              list.push(k);
            }
          },
          result: (s) => (s[0] as string[]).length,
        };
      }
      return { init: () => [0], add: (s, v) => { if (v !== null) s[0] = (s[0] as number) + 1; }, result: (s) => s[0] as number };
    case 'SUM':
      return {
        init: () => [0, 0],
        add: (s, v) => {
          if (v === null) return;
          s[0] = (s[0] as number) + 1;
          s[1] = (s[1] as number) + (v as number);
        },
        result: (s) => ((s[0] as number) === 0 ? null : s[1] as number),
      };
    case 'AVG':
      return {
        init: () => [0, 0],
        add: (s, v) => {
          if (v === null) return;
          s[0] = (s[0] as number) + 1;
          s[1] = (s[1] as number) + (v as number);
        },
        result: (s) => {
          const n = s[0] as number;
          if (n === 0) return null;
          const avg = (s[1] as number) / n;
          // AVG of an exact integer type keeps the argument's type (integer division), as in SQL:2008.
          return intResult ? Math.trunc(avg) : avg;
        },
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
      };
    }
    default:
      return assertNever(fn, 'aggregate');
  }
};
