import { compileApplication, type ReferenceDataSource } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, sec } from '../helpers';

const SCHEMA = jsonSchema([['K', 'VARCHAR(8)'], ['V', 'INTEGER']]);
/** A reference table "T" (K VARCHAR(8), N INTEGER) holding `rows`. */
const table = (rows: readonly [string | null, number | null][]): ReferenceDataSource => ({
  tableName: 'T',
  schema: { RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'K', SqlType: 'VARCHAR(8)', Mapping: '$.k' }, { Name: 'N', SqlType: 'INTEGER', Mapping: '$.n' }] },
  records: rows.map(([k, n]) => ({ k, n })),
});
const select = (expr: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(8), V INTEGER, R BOOLEAN);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM s.K, s.V, ${expr} FROM "SOURCE_SQL_STREAM_001" AS s;`;
type In = readonly [string | null, number | null];
/** R for each input (K, V) in order; fails on an error_stream row. */
const results = (expr: string, rows: readonly [string | null, number | null][], inputs: readonly In[]) => {
  const run = runApp(select(expr), SCHEMA, inputs.map(([K, V], i) => ({ at: sec(i), rec: { K, V } })), { referenceData: [table(rows)] });
  expect(run.errors).toEqual([]);
  return run.rows.map((r) => r.values.R);
};

describe('IN (subquery): three-valued logic', () => {
  const inputs: In[] = [['a', 1], ['z', 1], [null, 1]];

  it('is TRUE when found, FALSE when not, NULL for a NULL operand', () => {
    expect(results('s.K IN (SELECT K FROM T)', [['a', 1], ['b', 2]], inputs)).toEqual([true, false, null]);
    expect(results('s.K NOT IN (SELECT K FROM T)', [['a', 1], ['b', 2]], inputs)).toEqual([false, true, null]);
  });

  it('is NULL rather than FALSE when not found but the subquery returned a NULL', () => {
    expect(results('s.K IN (SELECT K FROM T)', [['a', 1], [null, 2]], inputs)).toEqual([true, null, null]);
    // NOT IN over a set holding a NULL is never TRUE: the classic trap, kept as SQL has it.
    expect(results('s.K NOT IN (SELECT K FROM T)', [['a', 1], [null, 2]], inputs)).toEqual([false, null, null]);
  });

  it('is FALSE for an empty subquery, and NOT IN TRUE, even for a NULL operand', () => {
    expect(results('s.K IN (SELECT K FROM T WHERE N > 100)', [['a', 1], [null, 2]], inputs)).toEqual([false, false, false]);
    expect(results('s.K NOT IN (SELECT K FROM T WHERE N > 100)', [['a', 1], [null, 2]], inputs)).toEqual([true, true, true]);
    expect(results('s.K IN (SELECT K FROM T)', [], inputs)).toEqual([false, false, false]);
  });

  it('compares a row value field by field: a NULL makes a row unknown only where the other fields match', () => {
    const rows: [string | null, number | null][] = [['a', 1], ['b', null], [null, 3]];
    const tested: In[] = [['a', 1], ['a', 2], ['b', 7], ['c', 7], ['x', 3], [null, 1], [null, 9], ['a', null]];
    expect(results('(s.K, s.V) IN (SELECT K, N FROM T)', rows, tested)).toEqual([
      true, // (a, 1) is a row
      false, // (a, 2): a matches (a, 1) but 2 <> 1; b and the NULL row differ on a field that is known
      null, // (b, 7) may equal (b, NULL)
      false, // (c, 7): every row differs on a known field
      null, // (x, 3) may equal (NULL, 3)
      null, // (NULL, 1) may equal (a, 1)
      null, // (NULL, 9) may equal (b, NULL), though it differs from (a, 1) and (NULL, 3) on N
      null, // (a, NULL) may equal (a, 1)
    ]);
    expect(results('(s.K, s.V) IN (SELECT K, N FROM T)', [['a', 1], [null, 3]], [[null, 9]])).toEqual([false]);
  });

  it('answers a row value IN a list of rows as IN a subquery returning those rows, and NOT IN as its negation', () => {
    const rows: [string | null, number | null][] = [['a', 1], ['b', null], [null, 3]];
    const tested: In[] = [['a', 1], ['a', 2], ['b', 7], ['c', 7], ['x', 3], [null, 1], [null, 9], ['a', null]];
    const list = "(('a', 1), ('b', NULL), (NULL, 3))";
    const bySubquery = results('(s.K, s.V) IN (SELECT K, N FROM T)', rows, tested);
    expect(results(`(s.K, s.V) IN ${list}`, rows, tested)).toEqual(bySubquery);
    expect(results(`(s.K, s.V) NOT IN ${list}`, rows, tested)).toEqual(bySubquery.map((r) => (r === null ? null : !r)));
    // A long list stays a shallow tree (the parser's depth limit would refuse a chain of 2000 ORs).
    const long = `(${Array.from({ length: 2000 }, (_, i) => `('k${i}', ${i})`).join(', ')})`;
    expect(results(`(s.K, s.V) IN ${long}`, [], [['k1999', 1999], ['k1999', 1998]])).toEqual([true, false]);
  });

  it('compares a character column with a TIMESTAMP as = does, reading the text as a timestamp', () => {
    const schema = jsonSchema([['TS', 'TIMESTAMP']]);
    const texts: ReferenceDataSource = {
      tableName: 'Times',
      schema: { RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'T', SqlType: 'VARCHAR(32)', Mapping: '$.t' }] },
      records: [{ t: '2018-06-13 14:10:05' }],
    };
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (R BOOLEAN);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM TS IN (SELECT T FROM "Times") FROM "SOURCE_SQL_STREAM_001";`;
    const run = runApp(sql, schema, [{ at: sec(0), rec: { TS: '2018-06-13 14:10:05' } }, { at: sec(1), rec: { TS: '2018-06-13 14:10:06' } }], { referenceData: [texts] });
    expect(run.errors).toEqual([]);
    expect(run.rows.map((r) => r.values.R)).toEqual([true, false]);
  });
});

describe('EXISTS (subquery)', () => {
  const rows: [string | null, number | null][] = [['a', 5], ['a', 7], ['b', 1], [null, 9]];
  const inputs: In[] = [['a', 6], ['a', 7], ['b', 0], ['c', 0], [null, 0]];

  it('is TRUE when the subquery has a row and FALSE otherwise, never NULL', () => {
    expect(results('EXISTS (SELECT * FROM T WHERE N > 8)', rows, inputs)).toEqual([true, true, true, true, true]);
    expect(results('EXISTS (SELECT * FROM T WHERE N > 100)', rows, inputs)).toEqual([false, false, false, false, false]);
    expect(results('NOT EXISTS (SELECT * FROM T WHERE N > 100)', rows, inputs)).toEqual([true, true, true, true, true]);
  });

  it('evaluates a correlated subquery per outer row, the index and a full scan agreeing', () => {
    const expected = [true, false, true, false, false];
    // An equality correlation looks rows up by K; the same test written without '=' scans the table.
    expect(results('EXISTS (SELECT * FROM T t WHERE t.K = s.K AND t.N > s.V)', rows, inputs)).toEqual(expected);
    expect(results('EXISTS (SELECT * FROM T t WHERE NOT (t.K <> s.K) AND t.N > s.V)', rows, inputs)).toEqual(expected);
    // A NULL outer key finds nothing, as t.K = NULL is never TRUE.
    expect(results('EXISTS (SELECT * FROM T t WHERE t.K = s.K)', rows, inputs)).toEqual([true, true, true, false, false]);
  });

  it('looks a correlated subquery up by its equality correlation and says so in the plan', () => {
    const app = compileApplication(select('EXISTS (SELECT * FROM T t WHERE t.K = s.K AND t.N > s.V)'), SCHEMA, { referenceData: [table(rows)] });
    expect(app.explain()).toContain('EXISTS(SELECT * FROM "T" WHERE (($0 = $2) AND ($1 > $3)) WITH $2 = $0, $3 = $1 BY $0 = $2)');
    const scan = compileApplication(select('EXISTS (SELECT * FROM T t WHERE t.N > s.V)'), SCHEMA, { referenceData: [table(rows)] });
    expect(scan.explain()).not.toContain(' BY ');
  });

  it('evaluates a correlated IN per outer row too', () => {
    expect(results('s.V IN (SELECT N FROM T t WHERE t.K = s.K)', rows, inputs)).toEqual([false, true, false, false, false]);
  });
});

describe('subqueries wherever a boolean may be', () => {
  const rows: [string | null, number | null][] = [['a', 1], ['b', 2]];

  it('filters in WHERE, and picks a branch in CASE WHEN', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(8), TAG VARCHAR(8));
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM K, CASE WHEN EXISTS (SELECT 1 FROM T t WHERE t.K = s.K AND t.N > 1) THEN 'big' ELSE 'small' END
  FROM "SOURCE_SQL_STREAM_001" AS s WHERE K IN (SELECT K FROM T);`;
    const run = runApp(sql, SCHEMA, [['a', 0], ['c', 0], ['b', 0]].map(([K, V], i) => ({ at: sec(i), rec: { K, V } })), { referenceData: [table(rows)] });
    expect(run.errors).toEqual([]);
    expect(run.rows.map((r) => r.values)).toEqual([{ K: 'a', TAG: 'small' }, { K: 'b', TAG: 'big' }]);
  });

  it('filters groups in HAVING, reading a GROUP BY key', () => {
    const having = (cond: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (K VARCHAR(8), C BIGINT);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
  SELECT STREAM s.K, COUNT(*) FROM "SOURCE_SQL_STREAM_001" AS s
  GROUP BY s.K, FLOOR(s.ROWTIME TO MINUTE) HAVING EXISTS (SELECT 1 FROM T t WHERE ${cond});`;
    const run = (cond: string) => runApp(having(cond), SCHEMA, [['a', 0], ['c', 0], ['a', 0]].map(([K, V], i) => ({ at: sec(i), rec: { K, V } })), { referenceData: [table(rows)], flush: true });
    const keyed = run('t.K = s.K');
    expect(keyed.errors).toEqual([]);
    expect(keyed.rows.map((r) => r.values)).toEqual([{ K: 'a', C: 2 }]);
    // Unqualified, K is the subquery's own column (its names come first): t.K = t.K holds for every group.
    expect(run('t.K = K').rows.map((r) => r.values.K)).toEqual(['a', 'c']);
    expect(() => compileApplication(having('t.N <= COUNT(*)'), SCHEMA, { referenceData: [table(rows)] })).toThrow(/aggregate COUNT is not allowed in the WHERE of EXISTS \(subquery\)/);
  });
});

describe('a subquery\'s row errors', () => {
  it('sends a row whose subquery cannot be evaluated to error_stream and goes on', () => {
    // 10 / (N - 2) divides by zero on the table row (b, 2), reached only when the outer V is below 2.
    const sql = select('EXISTS (SELECT 1 FROM T t WHERE t.N >= s.V AND 10 / (t.N - 2) > 0)');
    const run = runApp(sql, SCHEMA, [['x', 5], ['x', 0], ['x', 5]].map(([K, V], i) => ({ at: sec(i), rec: { K, V } })), { referenceData: [table([['a', 1], ['b', 2], ['c', 3]])] });
    expect(run.rows.map((r) => r.values.R)).toEqual([false, false]);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]!.values).toMatchObject({ ERROR_NAME: 'DIVISION_BY_ZERO' });
  });

  it('gives every row the error of an uncorrelated subquery that fails, without remembering a half-built set', () => {
    const sql = select('s.V IN (SELECT 10 / (N - 2) FROM T)');
    const run = runApp(sql, SCHEMA, [['x', 5], ['x', 10]].map(([K, V], i) => ({ at: sec(i), rec: { K, V } })), { referenceData: [table([['a', 1], ['b', 2]])] });
    expect(run.rows).toEqual([]);
    expect(run.errors.map((e) => e.values.ERROR_NAME)).toEqual(['DIVISION_BY_ZERO', 'DIVISION_BY_ZERO']);
  });
});

describe('a subquery reading the clock', () => {
  it('is evaluated again for each row when it reads CURRENT_ROW_TIMESTAMP, not remembered from the first', () => {
    let now = sec(0);
    const clocked = (expr: string) => {
      const app = compileApplication(select(expr), SCHEMA, { referenceData: [table([['a', 1], ['b', 2]])], clock: () => now });
      const out: unknown[] = [];
      app.on('DESTINATION_SQL_STREAM', (r) => out.push(r.values.R));
      for (let i = 0; i < 4; i++) {
        now = sec(i);
        app.push({ K: 'x', V: i }, { arrivalTime: sec(i) });
      }
      return out;
    };
    // At row i the clock's second is i: the subquery's rows are those whose N is i.
    expect(clocked('s.V IN (SELECT N FROM T WHERE N = EXTRACT(SECOND FROM CURRENT_ROW_TIMESTAMP))')).toEqual([false, true, true, false]);
    expect(clocked('EXISTS (SELECT 1 FROM T WHERE N = EXTRACT(SECOND FROM CURRENT_ROW_TIMESTAMP))')).toEqual([false, true, true, false]);
  });
});
