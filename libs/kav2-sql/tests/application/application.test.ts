import { checkApplication, compileApplication, formatRow, isSurvErrorLike } from './api';
import { describe, expect, it } from 'vitest';
import { runApp, sec, T0, TICKER_SCHEMA } from '../helpers';

const SQL = `
  -- the getting-started application
  CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), "Change" DOUBLE, price DOUBLE, at_time TIMESTAMP);
  CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, change, price, ROWTIME AS at_time FROM "SOURCE_SQL_STREAM_001" WHERE sector SIMILAR TO '%TECH%';`;
const rec = (t: string, sector: string) => ({ TICKER_SYMBOL: t, SECTOR: sector, CHANGE: -0.5, PRICE: 84.51 });

describe('Application', () => {
  it('exposes output streams, KDA column names and types, and the error stream columns', () => {
    const app = compileApplication(SQL, TICKER_SCHEMA);
    expect(app.outputStreams).toEqual(['DESTINATION_SQL_STREAM']);
    expect(app.columns('DESTINATION_SQL_STREAM')).toEqual([
      { name: 'TICKER_SYMBOL', type: 'VARCHAR(4)' }, { name: 'Change', type: 'DOUBLE' }, { name: 'PRICE', type: 'DOUBLE' }, { name: 'AT_TIME', type: 'TIMESTAMP' },
    ]);
    expect(app.columns('SOURCE_SQL_STREAM_001').map((c) => c.name)).toEqual(['TICKER_SYMBOL', 'SECTOR', 'CHANGE', 'PRICE']);
    expect(app.columns('error_stream').map((c) => c.name)).toEqual(['ERROR_TIME', 'ERROR_LEVEL', 'ERROR_NAME', 'MESSAGE', 'DATA_ROWTIME', 'DATA_ROW', 'PUMP_NAME']);
    expect(() => app.columns('NOPE')).toThrow(/unknown stream NOPE/);
  });

  it('delivers rows to listeners until they unsubscribe, and formats them for JSON', () => {
    const app = compileApplication(SQL, TICKER_SCHEMA);
    const got: unknown[] = [];
    const off = app.on('DESTINATION_SQL_STREAM', (r) => got.push(formatRow(r, app.columns('DESTINATION_SQL_STREAM'), { emitRowtime: true })));
    app.push(rec('AMZN', 'TECHNOLOGY'), { arrivalTime: sec(1) });
    app.push(rec('XOM', 'ENERGY'), { arrivalTime: sec(2) });
    off();
    app.push(rec('MSFT', 'TECH'), { arrivalTime: sec(3) });
    expect(got).toEqual([{
      ROWTIME: '2018-06-13T14:10:01.000Z', TICKER_SYMBOL: 'AMZN', Change: -0.5, PRICE: 84.51, AT_TIME: '2018-06-13T14:10:01.000Z',
    }]);
  });

  it('uses the clock for ROWTIME when push() gets no arrival time', () => {
    const { app, rows } = runApp(SQL, TICKER_SCHEMA, [], { clock: () => T0 + 42 });
    app.push(JSON.stringify(rec('AMZN', 'TECH')));
    expect(rows.map((r) => [r.rowtime, r.values.AT_TIME])).toEqual([[T0 + 42, T0 + 42]]);
  });

  it('offers rows as an async iterable that ends after close()', async () => {
    const app = compileApplication(SQL, TICKER_SCHEMA);
    const it = app.rows('DESTINATION_SQL_STREAM');
    app.push(rec('AMZN', 'TECH'), { arrivalTime: sec(1) });
    app.push(rec('MSFT', 'TECH'), { arrivalTime: sec(2) });
    const seen: string[] = [];
    const done = (async () => {
      for await (const r of it) seen.push(r.values.TICKER_SYMBOL as string);
    })();
    await Promise.resolve();
    app.push(rec('IBM', 'TECH'), { arrivalTime: sec(3) });
    app.close();
    await done;
    expect(seen).toEqual(['AMZN', 'MSFT', 'IBM']);
    expect(() => app.push(rec('X', 'TECH'))).toThrow(/the application is closed/);
  });

  it('explains its plan', () => {
    const text = compileApplication(SQL, TICKER_SCHEMA).explain();
    expect(text).toContain('Pump STREAM_PUMP: SOURCE_SQL_STREAM_001 -> DESTINATION_SQL_STREAM');
    expect(text).toContain("1. Filter[WHERE] SIMILAR($1, \"%TECH%\")");
  });

  it('validates options once, at compile time', () => {
    expect(() => compileApplication(SQL, TICKER_SCHEMA, { rowtime: { field: '' } })).toThrow(/rowtime must be 'arrival' or \{ field: string \}/);
    expect(() => compileApplication(SQL, TICKER_SCHEMA, { inputStreamName: '' })).toThrow(/inputStreamName/);
  });

  it('reads from a custom input stream name', () => {
    const sql = SQL.replace('"SOURCE_SQL_STREAM_001"', 'TRADES');
    const app = compileApplication(sql, TICKER_SCHEMA, { inputStreamName: 'TRADES' });
    const got: unknown[] = [];
    app.on('DESTINATION_SQL_STREAM', (r) => got.push(r));
    app.push(rec('AMZN', 'TECH'));
    expect(got).toHaveLength(1);
  });
});

describe('formatRow', () => {
  it('prints timestamps as ISO-8601, and one no Date can hold as its epoch ms instead of throwing', () => {
    const columns = [{ name: 'T', type: 'TIMESTAMP' }, { name: 'D', type: 'DATE' }, { name: 'N', type: 'BIGINT' }];
    expect(formatRow({ rowtime: 0, values: { T: 1000, D: 86_400_000, N: 1 } }, columns, { emitRowtime: true }))
      .toEqual({ ROWTIME: '1970-01-01T00:00:00.000Z', T: '1970-01-01T00:00:01.000Z', D: '1970-01-02', N: 1 });
    expect(formatRow({ rowtime: 1e20, values: { T: 1e20, D: -1e20, N: 1 } }, columns, { emitRowtime: true }))
      .toEqual({ ROWTIME: 1e20, T: 1e20, D: -1e20, N: 1 });
  });
});

describe('checkApplication', () => {
  it('returns [] for a valid application', () => {
    expect(checkApplication(SQL, TICKER_SCHEMA)).toEqual([]);
  });

  it('returns a positioned diagnostic for parse, name and type errors', () => {
    expect(checkApplication('CREATE STREAM D (a INT);\nCREATE PUMP P AS INSERT INTO D\n  SELECT STREAM nope FROM "SOURCE_SQL_STREAM_001";', TICKER_SCHEMA)).toEqual([
      { code: 'KAV2_UNKNOWN_COLUMN', message: 'unknown column NOPE (line 3, column 17)', line: 3, column: 17, severity: 'error' },
    ]);
    expect(checkApplication('CREATE STREAM D (a INT', TICKER_SCHEMA)[0]).toMatchObject({ code: 'KAV2_PARSE_UNEXPECTED', line: 1, column: 23 });
  });

  it('warns, with positions, where an application it compiles uses COUNT(DISTINCT) that Kinesis Data Analytics refuses', () => {
    const sql = `CREATE STREAM D (t VARCHAR(4), n BIGINT, m BIGINT);
CREATE PUMP P AS INSERT INTO D
  SELECT STREAM TICKER_SYMBOL, COUNT(DISTINCT SECTOR), COUNT(*) FROM "SOURCE_SQL_STREAM_001"
  GROUP BY TICKER_SYMBOL, STEP(ROWTIME BY INTERVAL '1' MINUTE)
  HAVING COUNT(DISTINCT SECTOR) > 1;
CREATE STREAM E (t VARCHAR(4), n BIGINT);
CREATE PUMP Q AS INSERT INTO E
  SELECT STREAM TICKER_SYMBOL, COUNT(DISTINCT SECTOR) OVER (PARTITION BY TICKER_SYMBOL RANGE INTERVAL '1' MINUTE PRECEDING)
  FROM "SOURCE_SQL_STREAM_001";`;
    const d = checkApplication(sql, TICKER_SCHEMA);
    expect(d.map((x) => [x.severity, x.code, x.line, x.column])).toEqual([
      ['warning', 'KAV2_KDA_PORTABILITY', 3, 32], ['warning', 'KAV2_KDA_PORTABILITY', 5, 10], ['warning', 'KAV2_KDA_PORTABILITY', 8, 32],
    ]);
    expect(d[0]!.message).toMatch(/^COUNT\(DISTINCT \.\.\.\) in an aggregate query: Kinesis Data Analytics does not allow it/);
    expect(d[2]!.message).toMatch(/OVER a window: Kinesis Data Analytics does not allow COUNT DISTINCT as an analytic function/);
    // It still runs here: the warning is about KDA, not this engine.
    expect(() => compileApplication(sql, TICKER_SCHEMA)).not.toThrow();
    // An error comes alone: the application does not compile.
    expect(checkApplication(`${sql}\nCREATE PUMP R AS INSERT INTO E SELECT STREAM nope, 1 FROM "SOURCE_SQL_STREAM_001";`, TICKER_SCHEMA).map((x) => x.severity)).toEqual(['error']);
  });

  it('reports unsupported constructs by name instead of running them silently', () => {
    const d = checkApplication(`CREATE STREAM D (a INT);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM COUNT(*) OVER (RANGE UNBOUNDED PRECEDING) FROM "SOURCE_SQL_STREAM_001";`, TICKER_SCHEMA);
    expect(d[0]).toMatchObject({ code: 'KAV2_UNSUPPORTED', message: expect.stringMatching(/^an unbounded window \(UNBOUNDED PRECEDING\) is not supported/) });
    expect(isSurvErrorLike(d[0])).toBe(true);
  });
});
