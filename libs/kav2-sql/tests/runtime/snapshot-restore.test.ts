import fc from 'fast-check';
import { compileApplication, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema, sec } from '../helpers';

const schema = jsonSchema([['K', 'VARCHAR(4)'], ['V', 'INTEGER']]);
const SQL = `
  CREATE STREAM "TUMBLE" (k VARCHAR(4), n BIGINT, s BIGINT, d BIGINT, sd DOUBLE, vd DOUBLE);
  CREATE STREAM "SLIDE" (k VARCHAR(4), s BIGINT);
  CREATE STREAM "STAGGER" (k VARCHAR(4), n BIGINT);
  CREATE STREAM "COUNTS" (k VARCHAR(4), n BIGINT, big BIGINT);
  CREATE PUMP P1 AS INSERT INTO "TUMBLE"
    SELECT STREAM k, COUNT(*), SUM(v), COUNT(DISTINCT v), STDDEV_SAMP(v), VAR_POP(DISTINCT v) FROM "SOURCE_SQL_STREAM_001"
    GROUP BY k, STEP(ROWTIME BY INTERVAL '10' SECOND);
  CREATE PUMP P2 AS INSERT INTO "SLIDE"
    SELECT STREAM k, SUM(v) OVER (PARTITION BY k RANGE INTERVAL '5' SECOND PRECEDING) FROM "SOURCE_SQL_STREAM_001";
  CREATE PUMP P3 AS INSERT INTO "STAGGER"
    SELECT STREAM k, COUNT(*) FROM "SOURCE_SQL_STREAM_001" WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '7' SECOND);
  CREATE PUMP P4 AS INSERT INTO "COUNTS"
    SELECT STREAM k, COUNT(*) OVER w, COUNT(CASE WHEN v > 2 THEN 1 END) OVER w FROM "SOURCE_SQL_STREAM_001"
    WINDOW w AS (PARTITION BY k, MOD(v, 2) RANGE INTERVAL '6' SECOND PRECEDING);
  CREATE STREAM "NTH" (k VARCHAR(4), a INTEGER, b INTEGER);
  CREATE PUMP P5 AS INSERT INTO "NTH"
    SELECT STREAM k, NTH_VALUE(NULLIF(v, 0), 2) FROM LAST IGNORE NULLS OVER (PARTITION BY k ROWS 3 PRECEDING),
      NTH_VALUE(v, 2) OVER (RANGE INTERVAL '5' SECOND PRECEDING)
    FROM "SOURCE_SQL_STREAM_001";
  CREATE STREAM "MONO" (v INTEGER, k VARCHAR(4), n BIGINT, s BIGINT);
  CREATE PUMP P6 AS INSERT INTO "MONO"
    SELECT STREAM v, k, COUNT(*), SUM(v) FROM "SOURCE_SQL_STREAM_001" GROUP BY MONOTONIC(v), k;
  CREATE STREAM "UNI" (k VARCHAR(4), n BIGINT);
  CREATE PUMP P7 AS INSERT INTO "UNI"
    SELECT STREAM k, COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY k, STEP(ROWTIME BY INTERVAL '3' SECOND)
    UNION ALL
    SELECT STREAM k, COUNT(*) OVER (PARTITION BY k ROWS 2 PRECEDING) FROM "SOURCE_SQL_STREAM_001" WHERE v > 1;
  CREATE STREAM "SORTED" (k VARCHAR(4), v INTEGER);
  CREATE PUMP P8 AS INSERT INTO "SORTED"
    SELECT STREAM k, v FROM "SOURCE_SQL_STREAM_001" ORDER BY STEP(ROWTIME BY INTERVAL '3' SECOND), v DESC, k;
  CREATE STREAM "DIST" (k VARCHAR(4), v INTEGER);
  CREATE PUMP P9 AS INSERT INTO "DIST"
    SELECT STREAM DISTINCT STEP(ROWTIME BY INTERVAL '5' SECOND) AS ROWTIME, k, v FROM "SOURCE_SQL_STREAM_001";
  CREATE STREAM "TSORTED" (k VARCHAR(4), v INTEGER);
  CREATE PUMP P10 AS INSERT INTO "TSORTED"
    SELECT STREAM s.ROWTIME - INTERVAL '1' SECOND * v AS ROWTIME, k, v FROM "SOURCE_SQL_STREAM_001" AS s
    ORDER BY s.ROWTIME - INTERVAL '1' SECOND * v WITHIN INTERVAL '3' SECOND, k;`;
const STREAMS = ['TUMBLE', 'SLIDE', 'STAGGER', 'COUNTS', 'NTH', 'MONO', 'UNI', 'SORTED', 'DIST', 'TSORTED', 'error_stream'];

type Ev = { t: number; k: string; v: number };
const collect = (app: ReturnType<typeof compileApplication>, out: string[]) => {
  // ERROR_TIME is the wall clock, which differs between runs.
  for (const s of STREAMS) app.on(s, (r: OutputRow) => out.push(`${s} ${r.rowtime} ${JSON.stringify({ ...r.values, ERROR_TIME: undefined })}`));
};

const runStraight = (events: Ev[]): string[] => {
  const app = compileApplication(SQL, schema);
  const out: string[] = [];
  collect(app, out);
  for (const e of events) app.push({ K: e.k, V: e.v }, { arrivalTime: e.t });
  app.flush();
  return out;
};

const runWithRestart = (events: Ev[], cut: number): string[] => {
  const out: string[] = [];
  const first = compileApplication(SQL, schema);
  collect(first, out);
  for (const e of events.slice(0, cut)) first.push({ K: e.k, V: e.v }, { arrivalTime: e.t });
  // The state travels as JSON, as the Lambda detector carries it between invocations.
  const state = JSON.parse(JSON.stringify(first.snapshot()));
  first.close();
  const second = compileApplication(SQL, schema);
  second.restore(state);
  collect(second, out);
  for (const e of events.slice(cut)) second.push({ K: e.k, V: e.v }, { arrivalTime: e.t });
  second.flush();
  return out;
};

describe('snapshot() / restore()', () => {
  it('continues exactly where it left off, at any cut point (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ gap: fc.integer({ min: 0, max: 4000 }), k: fc.constantFrom('a', 'b'), v: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 40 }),
      fc.nat(),
      (raw, cutSeed) => {
        let t = sec(0);
        const events = raw.map((e) => ({ t: (t += e.gap), k: e.k, v: e.v }));
        const cut = cutSeed % (events.length + 1);
        expect(runWithRestart(events, cut)).toEqual(runStraight(events));
      },
    ), { numRuns: 50 });
  });

  it('keeps tumbling state bounded: the snapshot after 100k windows is as large as after 10', () => {
    const sql = `CREATE STREAM D (k VARCHAR(4), n BIGINT);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM k, COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY k, STEP(ROWTIME BY INTERVAL '1' SECOND);`;
    const sizeAfter = (windows: number): number => {
      const app = compileApplication(sql, schema);
      let emitted = 0;
      app.on('D', () => emitted++);
      for (let i = 0; i < windows; i++) app.push({ K: 'a', V: 1 }, { arrivalTime: sec(i) });
      expect(emitted).toBe(windows - 1);
      return JSON.stringify(app.snapshot()).length;
    };
    expect(sizeAfter(100_000)).toBe(sizeAfter(10) + String(sec(100_000)).length - String(sec(10)).length);
  });

  it('rejects a state that does not belong to the application', () => {
    const app = compileApplication(SQL, schema);
    const good = app.snapshot();
    expect(() => app.restore({ ...good, pumps: {} })).toThrow(/pump P1 is missing/);
    expect(() => app.restore({ version: 2 } as never)).toThrow(/not an application state/);
    const other = compileApplication(SQL.replace("INTERVAL '10' SECOND", "INTERVAL '20' SECOND"), schema);
    expect(() => other.restore(good)).toThrow(/state was taken from a different application/);
    // Sliding partitions keyed by joined text (an older engine's form) are refused, not misread.
    const legacy = structuredClone(good) as unknown as { pumps: Record<string, unknown[]> };
    legacy.pumps.P2 = legacy.pumps.P2!.map((op) => (op !== null && typeof op === 'object' && 'windows' in op ? { max: 1, windows: [[['a\u0001', [[1, [1]]]]]] } : op));
    expect(() => app.restore(legacy as never)).toThrow(/sliding window state does not match/);
  });
});
