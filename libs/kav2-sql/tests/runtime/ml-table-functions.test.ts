import { isSurvError } from '@surv/domain';
import { checkApplication, compileApplication, type ApplicationOptions, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/runtime/seeded-random';
import { jsonSchema, sec } from '../helpers';

const schema = jsonSchema([['Systolic', 'INTEGER'], ['Diastolic', 'INTEGER'], ['Level', 'VARCHAR(20)'], ['D', 'DECIMAL(5,2)']]);

const rcf = (args = '', fn = 'RANDOM_CUT_FOREST', cursor = 'SELECT STREAM "Systolic", "Diastolic", "Level" FROM "SOURCE_SQL_STREAM_001"') => `
  CREATE STREAM "DESTINATION_SQL_STREAM" ("Systolic" INTEGER, "Diastolic" INTEGER, "Level" VARCHAR(20), ANOMALY_SCORE DOUBLE${fn.endsWith('EXPLANATION') ? ', ANOMALY_EXPLANATION VARCHAR(512)' : ''});
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM * FROM TABLE(${fn}(CURSOR(${cursor})${args}));`;

const hotspots = (args: string, cursor = 'SELECT STREAM "Systolic", "Diastolic", "Level" FROM "SOURCE_SQL_STREAM_001"') => `
  CREATE STREAM "DESTINATION_SQL_STREAM" ("Systolic" INTEGER, "Diastolic" INTEGER, "Level" VARCHAR(20), HOTSPOTS_RESULT VARCHAR(10000));
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM * FROM TABLE(HOTSPOTS(CURSOR(${cursor})${args}));`;

/** Blood pressure records like the Developer Guide's generator; `at` are the anomalies. */
const records = (n: number, at: Record<number, [number, number, string]> = {}, seed = 3) => {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const [s, d, level] = at[i] ?? [90 + Math.floor(r.next() * 31), 60 + Math.floor(r.next() * 21), 'NORMAL'];
    return { Systolic: s, Diastolic: d, Level: level };
  });
};

const run = (sql: string, recs: readonly Record<string, unknown>[], opts: ApplicationOptions = {}) => {
  const app = compileApplication(sql, schema, opts);
  const rows: OutputRow[] = [];
  const errors: OutputRow[] = [];
  app.on('DESTINATION_SQL_STREAM', (r) => rows.push(r));
  app.on('error_stream', (r) => errors.push(r));
  recs.forEach((rec, i) => app.push(rec, { arrivalTime: sec(i) }));
  return { app, rows, errors };
};

const errorOf = (sql: string, opts: ApplicationOptions = {}) => {
  try {
    compileApplication(sql, schema, opts).close();
  } catch (e) {
    if (isSurvError(e)) return { code: e.code, message: e.message, line: (e as unknown as { line: number }).line, column: (e as unknown as { column: number }).column };
    throw e;
  }
  throw new Error('compiled');
};

describe('RANDOM_CUT_FOREST', () => {
  it('passes every cursor row through at once with its ROWTIME and an ANOMALY_SCORE, 0 while it learns', () => {
    const { rows, errors } = run(rcf(', 50, 64'), records(200, { 150: [190, 140, 'HIGH'] }));
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(200);
    expect(rows[150]!.rowtime).toBe(sec(150));
    expect(Object.keys(rows[0]!.values)).toEqual(['Systolic', 'Diastolic', 'Level', 'ANOMALY_SCORE']);
    expect(rows[150]!.values).toMatchObject({ Systolic: 190, Diastolic: 140, Level: 'HIGH' });
    const scores = rows.map((r) => r.values.ANOMALY_SCORE as number);
    expect(scores.slice(0, 64).every((s) => s === 0)).toBe(true);
    expect(scores.slice(64).every((s) => s > 0)).toBe(true);
    const others = scores.slice(64).filter((_, i) => i + 64 !== 150);
    expect(scores[150]).toBeGreaterThan(2 * Math.max(...others));
  });

  it('takes the documented defaults (100 trees, 256 samples) when only the cursor is given', () => {
    const { app, rows } = run(rcf(), records(300));
    expect(app.explain()).toContain('RANDOM_CUT_FOREST columns=[$0, $1] numberOfTrees=100 subSampleSize=256 timeDecay=100000 shingleSize=1');
    expect(rows.slice(0, 256).every((r) => r.values.ANOMALY_SCORE === 0)).toBe(true);
    expect(rows[256]!.values.ANOMALY_SCORE).toBeGreaterThan(0);
  });

  it('gives a row with a NULL numeric column a NULL score and does not learn from it', () => {
    const recs = records(80);
    const withNull = [...recs.slice(0, 70), { Systolic: null, Diastolic: 70, Level: 'X' }, ...recs.slice(70)];
    const a = run(rcf(', 20, 64'), withNull);
    const b = run(rcf(', 20, 64'), recs);
    expect(a.rows[70]!.values).toEqual({ Systolic: null, Diastolic: 70, Level: 'X', ANOMALY_SCORE: null });
    expect(a.rows.filter((_, i) => i !== 70).map((r) => r.values.ANOMALY_SCORE)).toEqual(b.rows.map((r) => r.values.ANOMALY_SCORE));
  });

  it('draws the same forest for the same randomSeed and another for another', () => {
    const scores = (opts: ApplicationOptions) => run(rcf(', 20, 32'), records(100), opts).rows.map((r) => r.values.ANOMALY_SCORE);
    expect(scores({})).toEqual(scores({}));
    expect(scores({ randomSeed: 7 })).toEqual(scores({ randomSeed: 7 }));
    expect(scores({ randomSeed: 7 })).not.toEqual(scores({}));
    expect(errorOf(rcf(), { randomSeed: 1.5 })).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringContaining('randomSeed') });
  });

  it('continues identically after an application snapshot through JSON and a restore', () => {
    const sql = rcf(', 30, 40, 500, 2, true', 'RANDOM_CUT_FOREST_WITH_EXPLANATION');
    const recs = records(300, { 200: [60, 40, 'LOW'], 260: [170, 120, 'HIGH'] });
    const want = run(sql, recs).rows.map((r) => r.values);
    const first = run(sql, recs.slice(0, 120));
    const state = JSON.parse(JSON.stringify(first.app.snapshot()));
    const second = compileApplication(sql, schema);
    const got: unknown[] = [];
    second.on('DESTINATION_SQL_STREAM', (r) => got.push(r.values));
    second.restore(state);
    recs.slice(120).forEach((rec, i) => second.push(rec, { arrivalTime: sec(120 + i) }));
    expect(got).toEqual(want.slice(120));
  });

  it('still refuses the function inside an expression', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (S DOUBLE);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM RANDOM_CUT_FOREST("Systolic") FROM "SOURCE_SQL_STREAM_001";`;
    expect(errorOf(sql).code).toBe('KAV2_UNSUPPORTED');
  });
});

describe('RANDOM_CUT_FOREST_WITH_EXPLANATION', () => {
  const explained = (recs: readonly Record<string, unknown>[], directionality = 'true') =>
    run(rcf(`, 100, 128, 100000, 1, ${directionality}`, 'RANDOM_CUT_FOREST_WITH_EXPLANATION'), recs).rows;

  it('explains each numeric column in the documented JSON shape, adding up to the score', () => {
    const rows = explained(records(400, { 300: [110, 140, 'HIGH'], 350: [40, 70, 'LOW'] }));
    expect(Object.keys(rows[0]!.values)).toEqual(['Systolic', 'Diastolic', 'Level', 'ANOMALY_SCORE', 'ANOMALY_EXPLANATION']);
    const shape = /^\{"Systolic":\{"DIRECTION":"(HIGH|LOW)","STRENGTH":"\d+\.\d{4}","ATTRIBUTION_SCORE":"\d+\.\d{4}"\},"Diastolic":\{"DIRECTION":"(HIGH|LOW)","STRENGTH":"\d+\.\d{4}","ATTRIBUTION_SCORE":"\d+\.\d{4}"\}\}$/;
    for (const r of rows) {
      const text = r.values.ANOMALY_EXPLANATION as string;
      expect(text).toMatch(shape);
      const e = JSON.parse(text) as Record<string, { ATTRIBUTION_SCORE: string }>;
      const sum = Number(e.Systolic!.ATTRIBUTION_SCORE) + Number(e.Diastolic!.ATTRIBUTION_SCORE);
      expect(Math.abs(sum - (r.values.ANOMALY_SCORE as number))).toBeLessThanOrEqual(1e-4);
    }
    // Diastolic far above: most of the score is its, HIGH. Systolic far below: LOW.
    const high = JSON.parse(rows[300]!.values.ANOMALY_EXPLANATION as string) as Record<string, { DIRECTION: string; ATTRIBUTION_SCORE: string }>;
    expect(high.Diastolic!.DIRECTION).toBe('HIGH');
    expect(Number(high.Diastolic!.ATTRIBUTION_SCORE)).toBeGreaterThan(4 * Number(high.Systolic!.ATTRIBUTION_SCORE));
    const low = JSON.parse(rows[350]!.values.ANOMALY_EXPLANATION as string) as Record<string, { DIRECTION: string; ATTRIBUTION_SCORE: string }>;
    expect(low.Systolic!.DIRECTION).toBe('LOW');
    expect(Number(low.Systolic!.ATTRIBUTION_SCORE)).toBeGreaterThan(4 * Number(low.Diastolic!.ATTRIBUTION_SCORE));
  });

  it('reports LOW with strength 0 in the learning phase, and no direction without withDirectionality', () => {
    const learning = explained(records(1))[0]!.values.ANOMALY_EXPLANATION;
    expect(learning).toBe('{"Systolic":{"DIRECTION":"LOW","STRENGTH":"0.0000","ATTRIBUTION_SCORE":"0.0000"},"Diastolic":{"DIRECTION":"LOW","STRENGTH":"0.0000","ATTRIBUTION_SCORE":"0.0000"}}');
    const undirected = explained(records(200), 'false').at(-1)!.values.ANOMALY_EXPLANATION as string;
    expect(undirected).toMatch(/^\{"Systolic":\{"DIRECTION":"","STRENGTH":"0\.0000","ATTRIBUTION_SCORE":"\d+\.\d{4}"\},"Diastolic":\{"DIRECTION":"","STRENGTH":"0\.0000",/);
  });

  it('names a quoted column as written and an unquoted one in upper case', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (A INTEGER, E VARCHAR(512));
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM "sys", ANOMALY_EXPLANATION FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(
          CURSOR(SELECT STREAM "Systolic" AS "sys", "Diastolic" AS dia FROM "SOURCE_SQL_STREAM_001")));`;
    expect(run(sql, records(1)).rows[0]!.values.E).toMatch(/^\{"sys":\{.*\},"DIA":\{/);
  });
});

describe('HOTSPOTS', () => {
  it('appends the hotspots of the last windowSize rows as {"hotspots":[...]} JSON, one value per numeric column', () => {
    const recs = [...records(60), ...Array.from({ length: 40 }, (_, i) => ({ Systolic: 200 + (i % 3), Diastolic: 10 + (i % 2), Level: 'HOT' }))];
    const { rows, errors } = run(hotspots(', 100, 1.5, 30'), recs);
    expect(errors).toEqual([]);
    expect(Object.keys(rows[0]!.values)).toEqual(['Systolic', 'Diastolic', 'Level', 'HOTSPOTS_RESULT']);
    expect(rows[0]!.values.HOTSPOTS_RESULT).toBe('{"hotspots":[]}');
    expect(JSON.parse(rows.at(-1)!.values.HOTSPOTS_RESULT as string)).toEqual({
      hotspots: [{ density: 40 / (2 * 1.5), minValues: [200, 10], maxValues: [202, 11] }],
    });
  });

  it('continues identically after an application snapshot and a restore', () => {
    const sql = hotspots(', 100, 3, 10');
    const recs = records(400);
    const want = run(sql, recs).rows.map((r) => r.values);
    const first = run(sql, recs.slice(0, 150));
    const second = compileApplication(sql, schema);
    const got: unknown[] = [];
    second.on('DESTINATION_SQL_STREAM', (r) => got.push(r.values));
    second.restore(JSON.parse(JSON.stringify(first.app.snapshot())));
    recs.slice(150).forEach((rec, i) => second.push(rec, { arrivalTime: sec(150 + i) }));
    expect(got).toEqual(want.slice(150));
    expect(want.some((v) => v.HOTSPOTS_RESULT !== '{"hotspots":[]}')).toBe(true);
  });
});

describe('machine-learning table functions refuse invalid arguments at compile time', () => {
  it.each([
    ['numberOfTrees of RANDOM_CUT_FOREST must be between 1 and 1000, got 0', rcf(', 0')],
    ['numberOfTrees of RANDOM_CUT_FOREST must be between 1 and 1000, got 1001', rcf(', 1001')],
    ['subSampleSize of RANDOM_CUT_FOREST must be between 10 and 1000, got 9', rcf(', 100, 9')],
    ['subSampleSize of RANDOM_CUT_FOREST must be between 10 and 1000, got 1001', rcf(', 100, 1001')],
    ['timeDecay of RANDOM_CUT_FOREST must be between 1 and 2147483647, got 0', rcf(', 100, 256, 0')],
    ['subSampleSize of RANDOM_CUT_FOREST (256) must be less than timeDecay (256)', rcf(', 100, 256, 256')],
    ['shingleSize of RANDOM_CUT_FOREST must be between 1 and 30, got 31', rcf(', 100, 256, 100000, 31')],
    ['shingleSize of RANDOM_CUT_FOREST must be between 1 and 30, got 0', rcf(', 100, 256, 100000, 0')],
    ['numberOfTrees of RANDOM_CUT_FOREST must be an integer literal', rcf(', 10.5')],
    ['RANDOM_CUT_FOREST takes CURSOR(...) then at most numberOfTrees, subSampleSize, timeDecay, shingleSize; got 5 arguments', rcf(', 100, 256, 100000, 1, true')],
    ['withDirectionality of RANDOM_CUT_FOREST_WITH_EXPLANATION must be TRUE or FALSE', rcf(', 100, 256, 100000, 1, 1', 'RANDOM_CUT_FOREST_WITH_EXPLANATION')],
    ['RANDOM_CUT_FOREST needs at least one numeric column', rcf('', 'RANDOM_CUT_FOREST', 'SELECT STREAM "Level" FROM "SOURCE_SQL_STREAM_001"')],
    ['HOTSPOTS takes CURSOR(...) then windowSize, scanRadius, minimumNumberOfPointsInAHotspot; got 2 arguments', hotspots(', 100, 0.2')],
    ['windowSize of HOTSPOTS must be between 100 and 1000, got 99', hotspots(', 99, 0.2, 17')],
    ['windowSize of HOTSPOTS must be between 100 and 1000, got 1001', hotspots(', 1001, 0.2, 17')],
    ['scanRadius of HOTSPOTS must be a number greater than 0, got 0', hotspots(', 100, 0, 17')],
    ['scanRadius of HOTSPOTS must be a number greater than 0, got -0.5', hotspots(', 100, -0.5, 17')],
    ['minimumNumberOfPointsInAHotspot of HOTSPOTS must be between 2 and 100, got 1', hotspots(', 100, 0.2, 1')],
    ['minimumNumberOfPointsInAHotspot of HOTSPOTS must be between 2 and 100, got 101', hotspots(', 100, 0.2, 101')],
  ])('%s', (message, sql) => {
    const e = errorOf(sql);
    expect(e.code).toBe('KAV2_INVALID_ARGUMENT');
    expect(e.message).toContain(message);
    expect(e.line).toBeGreaterThan(0);
    expect(checkApplication(sql, schema)).toEqual([expect.objectContaining({ code: 'KAV2_INVALID_ARGUMENT', line: e.line, column: e.column })]);
  });

  it('points at the offending argument', () => {
    const last = 'FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM "Systolic" FROM "SOURCE_SQL_STREAM_001"), 100, 256, 100000, 31));';
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (S DOUBLE);\nCREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ANOMALY_SCORE\n${last}`;
    expect(errorOf(sql)).toMatchObject({ line: 3, column: last.indexOf('31)') + 1 });
  });

  it('refuses a DECIMAL column, which the Reference does not support, naming the fix', () => {
    const e = errorOf(rcf('', 'RANDOM_CUT_FOREST', 'SELECT STREAM "Systolic", D FROM "SOURCE_SQL_STREAM_001"'));
    expect(e.code).toBe('KAV2_TYPE_MISMATCH');
    expect(e.message).toContain('DECIMAL column D');
    expect(e.message).toContain('CAST(D AS DOUBLE)');
  });

  it('refuses a cursor column named like the function\'s result', () => {
    const e = errorOf(rcf('', 'RANDOM_CUT_FOREST', 'SELECT STREAM "Systolic", "Diastolic" AS ANOMALY_SCORE FROM "SOURCE_SQL_STREAM_001"'));
    expect(e.code).toBe('KAV2_DUPLICATE_NAME');
  });
});
