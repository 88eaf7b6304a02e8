import { describe, expect, it } from 'vitest';
import { aggregateFn } from '../../src/runtime/aggregates';
import { jsonSchema, runApp, sec } from '../helpers';

// SQL Reference, VAR_POP / VAR_SAMP / STDDEV_POP / STDDEV_SAMP: `fn ( [DISTINCT | ALL] number-expression )`,
// "DISTINCT excludes duplicate values in the input set", ALL (the default) includes them.
const schema = jsonSchema([['K', 'VARCHAR(2)'], ['V', 'DOUBLE']]);
const values = [1, 1, 4, null, 4, 7];
const records = values.map((v, i) => ({ at: sec(i), rec: { K: 'a', V: v } }));

const AGGS = ['SUM', 'AVG', 'MIN', 'MAX', 'COUNT', 'VAR_POP', 'VAR_SAMP', 'STDDEV_POP', 'STDDEV_SAMP'] as const;
const columns = AGGS.flatMap((fn) => [`${fn}_ALL DOUBLE`, `${fn}_DISTINCT DOUBLE`]).join(', ');
const calls = (over: string) => AGGS.flatMap((fn) => [`${fn}(ALL V)${over}`, `${fn}(DISTINCT V)${over}`]).join(', ');

// Population and sample variance of {1, 4, 7} (mean 4, squared deviations 9 + 0 + 9) and of {1, 1, 4, 4, 7} (mean 3.4).
const distinctExpected = { SUM: 12, AVG: 4, MIN: 1, MAX: 7, COUNT: 3, VAR_POP: 6, VAR_SAMP: 9, STDDEV_POP: Math.sqrt(6), STDDEV_SAMP: 3 };
const allExpected = { SUM: 17, AVG: 3.4, MIN: 1, MAX: 7, COUNT: 5, VAR_POP: 5.04, VAR_SAMP: 6.3, STDDEV_POP: Math.sqrt(5.04), STDDEV_SAMP: Math.sqrt(6.3) };

const expectRow = (row: Readonly<Record<string, unknown>>) => {
  for (const fn of AGGS) {
    expect(row[`${fn}_DISTINCT`], `${fn}(DISTINCT V)`).toBeCloseTo(distinctExpected[fn], 10);
    expect(row[`${fn}_ALL`], `${fn}(ALL V)`).toBeCloseTo(allExpected[fn], 10);
  }
};

describe('aggregates with DISTINCT', () => {
  it('fold only the distinct non-null values in a GROUP BY, and ALL keeps the duplicates', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (${columns});
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${calls('')}
      FROM "SOURCE_SQL_STREAM_001" GROUP BY K, STEP(ROWTIME BY INTERVAL '1' MINUTE);`;
    const { rows, errors } = runApp(sql, schema, records, { flush: true });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    expectRow(rows[0]!.values);
  });

  it('fold only the distinct values of the frame in a sliding window', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (${columns});
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${calls(' OVER w')}
      FROM "SOURCE_SQL_STREAM_001" WINDOW w AS (PARTITION BY K RANGE INTERVAL '1' MINUTE PRECEDING);`;
    const { rows, errors } = runApp(sql, schema, records);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(values.length);
    expectRow(rows.at(-1)!.values);
    // After the first row only: one distinct value, so the sample variance is NULL (VAR_SAMP page).
    expect(rows[0]!.values.VAR_SAMP_DISTINCT).toBeNull();
    expect(rows[1]!.values.VAR_SAMP_DISTINCT).toBeNull();
    expect(rows[1]!.values.VAR_SAMP_ALL).toBe(0);
  });

  it('give NULL for a group whose values are all NULL, as without DISTINCT', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (S DOUBLE, V DOUBLE, C BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM SUM(DISTINCT V), VAR_POP(DISTINCT V), COUNT(DISTINCT V)
      FROM "SOURCE_SQL_STREAM_001" GROUP BY STEP(ROWTIME BY INTERVAL '1' MINUTE);`;
    const { rows } = runApp(sql, schema, [{ at: sec(0), rec: { K: 'a', V: null } }], { flush: true });
    expect(rows.map((r) => r.values)).toEqual([{ S: null, V: null, C: 0 }]);
  });

  it('state survives save and load as its set of values', () => {
    const f = aggregateFn('AVG', true, { name: 'DOUBLE' });
    const s = f.init();
    for (const v of [2, 2, 4]) f.add(s, v);
    const copy = f.load(JSON.parse(JSON.stringify(f.save(s))));
    f.add(copy, 2);
    expect(f.result(copy)).toBe(3);
  });
});

describe('STD_DEV', () => {
  it('is STDDEV_SAMP under another name (SQL Reference, STDDEV_SAMP), DISTINCT included', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (A DOUBLE, D DOUBLE);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM std_dev(V), STD_DEV(DISTINCT V)
      FROM "SOURCE_SQL_STREAM_001" GROUP BY STEP(ROWTIME BY INTERVAL '1' MINUTE);`;
    const { rows, errors } = runApp(sql, schema, records, { flush: true });
    expect(errors).toEqual([]);
    expect(rows[0]!.values.A).toBeCloseTo(allExpected.STDDEV_SAMP, 10);
    expect(rows[0]!.values.D).toBeCloseTo(distinctExpected.STDDEV_SAMP, 10);
  });
});
