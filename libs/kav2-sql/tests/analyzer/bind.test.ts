import { bind, parse, tokenize, type Catalog } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';

const catalog: Catalog = {
  input: {
    name: 'SOURCE_SQL_STREAM_001',
    columns: [
      { name: 'TICKER_SYMBOL', type: { name: 'VARCHAR', length: 4 } },
      { name: 'PRICE', type: { name: 'REAL' } },
      { name: 'QTY', type: { name: 'INTEGER' } },
      { name: 'lower_case', type: { name: 'VARCHAR', length: 8 } },
    ],
  },
};
const DEST = 'CREATE STREAM "D" (A VARCHAR(8), B DOUBLE);';
const b = (sql: string) => bind(parse(tokenize(sql)), catalog);
const pump = (select: string, dest = DEST) => b(`${dest} CREATE PUMP P AS INSERT INTO "D" ${select};`);
const fails = (sql: string) => {
  try {
    b(sql);
  } catch (e) {
    return e as { code: string; message: string; line: number; column: number };
  }
  throw new Error('did not fail');
};

describe('bind', () => {
  it('resolves columns, types outputs and keeps declared streams in order', () => {
    const app = pump('SELECT STREAM ticker_symbol, price * 2 FROM "SOURCE_SQL_STREAM_001"');
    expect(app.streams.map((s) => s.name)).toEqual(['D']);
    const q = app.pumps[0]!.query;
    expect(q.outputs.map((o) => [o.name, o.type.name])).toEqual([['TICKER_SYMBOL', 'VARCHAR'], ['EXPR$1', 'REAL']]);
    expect(q.grouping.kind).toBe('none');
  });

  it('applies the case rule: unquoted names fold to upper case, quoted names must match exactly', () => {
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM lower_case, price FROM "SOURCE_SQL_STREAM_001";`)).toMatchObject({
      code: 'KAV2_UNKNOWN_COLUMN', line: 1, column: 92,
    });
    expect(() => pump('SELECT STREAM "lower_case", price FROM "SOURCE_SQL_STREAM_001"')).not.toThrow();
    // An unquoted stream name folds to upper case and finds the stream; a quoted lower-case one does not.
    expect(() => pump('SELECT STREAM ticker_symbol, price FROM source_sql_stream_001')).not.toThrow();
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, price FROM "source_sql_stream_001";`).code).toBe('KAV2_UNKNOWN_STREAM');
  });

  it('recognises the tumbling window key among GROUP BY expressions and rewrites aggregates', () => {
    const app = pump(`SELECT STREAM ticker_symbol, AVG(price) FROM "SOURCE_SQL_STREAM_001"
      GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND)`);
    const g = app.pumps[0]!.query.grouping;
    expect(g).toMatchObject({ kind: 'tumbling', windowKey: 1, aggs: [{ fn: 'AVG' }] });
    expect(app.pumps[0]!.query.outputs[1]!.expr).toMatchObject({ kind: 'col', index: 2 });
  });

  it('rejects a GROUP BY with no ROWTIME-based key, naming the problem', () => {
    const e = fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, SUM(price) FROM "SOURCE_SQL_STREAM_001" GROUP BY ticker_symbol;`);
    expect(e.code).toBe('KAV2_UNSUPPORTED');
    expect(e.message).toMatch(/GROUP BY without a ROWTIME-based expression/);
  });

  it('rejects columns that are neither grouped nor aggregated', () => {
    const e = fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001" GROUP BY FLOOR(ROWTIME TO MINUTE);`);
    expect(e).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT' });
    expect(e.message).toMatch(/column TICKER_SYMBOL must appear in GROUP BY/);
  });

  it('type-checks operators and function arguments', () => {
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001" WHERE ticker_symbol > 3;`)).toMatchObject({ code: 'KAV2_TYPE_MISMATCH' });
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM UPPER(qty), price FROM "SOURCE_SQL_STREAM_001";`).message).toMatch(/argument 1 of UPPER must be a character string, got INTEGER/);
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001" WHERE price;`).message).toMatch(/expected a BOOLEAN but got REAL/);
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, NOSUCH(price) FROM "SOURCE_SQL_STREAM_001";`)).toMatchObject({ code: 'KAV2_UNKNOWN_FUNCTION', column: 107 });
  });

  it('reserves the error_stream name', () => {
    expect(fails('CREATE STREAM "error_stream" (A INTEGER);')).toMatchObject({ code: 'KAV2_DUPLICATE_NAME', line: 1, column: 15 });
  });

  it('checks the pump column count against the target stream', () => {
    const e = fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol FROM "SOURCE_SQL_STREAM_001";`);
    expect(e.code).toBe('KAV2_TYPE_MISMATCH');
    expect(e.message).toMatch(/selects 1 columns but stream D has 2/);
  });

  it('treats a select item named ROWTIME as the row timestamp, not a column', () => {
    const app = pump(`SELECT STREAM ROWTIME, ticker_symbol, MIN(price) FROM "SOURCE_SQL_STREAM_001" GROUP BY ticker_symbol, FLOOR(ROWTIME TO MINUTE)`);
    expect(app.pumps[0]!.query.rowtimeOutput).toBe(0);
  });

  it('rejects aggregates in WHERE and OVER without a frame, and unsupported functions by name', () => {
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001" WHERE COUNT(*) > 1;`).message).toMatch(/aggregate COUNT is not allowed in WHERE/);
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, SUM(price) OVER (PARTITION BY ticker_symbol) FROM "SOURCE_SQL_STREAM_001";`)).toMatchObject({ code: 'KAV2_UNSUPPORTED' });
    expect(fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, RANDOM_CUT_FOREST(price) FROM "SOURCE_SQL_STREAM_001";`).message).toMatch(/^function RANDOM_CUT_FOREST is not supported/);
  });

  it('orders pumps so that a pump reading another pump\'s stream runs after it, and rejects cycles', () => {
    const app = b(`CREATE STREAM A (X INTEGER); CREATE STREAM B2 (X INTEGER);
      CREATE PUMP SECOND_P AS INSERT INTO B2 SELECT STREAM X FROM A;
      CREATE PUMP FIRST_P AS INSERT INTO A SELECT STREAM qty FROM "SOURCE_SQL_STREAM_001";`);
    expect(app.pumps.map((p) => p.name)).toEqual(['FIRST_P', 'SECOND_P']);
    expect(fails(`CREATE STREAM A (X INTEGER); CREATE STREAM B2 (X INTEGER);
      CREATE PUMP P1 AS INSERT INTO B2 SELECT STREAM X FROM A;
      CREATE PUMP P2 AS INSERT INTO A SELECT STREAM X FROM B2;`).message).toMatch(/a cycle of pumps/);
  });
});

describe('bind: window keys', () => {
  const dest = 'CREATE STREAM "D" (N BIGINT);';
  const grouped = (key: string) => () => b(`${dest} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY ${key};`);
  it.each([
    "STEP(ROWTIME BY INTERVAL '10' SECOND)",
    'FLOOR(ROWTIME TO HOUR)',
    "FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') MINUTE / 10 TO MINUTE)",
    "CEIL(ROWTIME TO MINUTE) + INTERVAL '1' SECOND",
  ])('accepts the monotonic window key %s', (key) => {
    expect(grouped(key)).not.toThrow();
  });

  it('accepts a key declared MONOTONIC(expr) as the window key, and lets the SELECT list name the expression', () => {
    const app = b(`CREATE STREAM "D" (Q INTEGER, T VARCHAR(4), N BIGINT);
      CREATE PUMP P AS INSERT INTO "D" SELECT STREAM qty, ticker_symbol, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
      GROUP BY ticker_symbol, MONOTONIC(qty);`);
    const q = app.pumps[0]!.query;
    expect(q.grouping).toMatchObject({ kind: 'tumbling', windowKey: 1, monotonicKey: true });
    expect(q.outputs.map((o) => [o.name, o.type.name, o.expr])).toEqual([
      ['QTY', 'INTEGER', { kind: 'col', index: 1, name: 'KEY1', type: { name: 'INTEGER' } }],
      ['TICKER_SYMBOL', 'VARCHAR', { kind: 'col', index: 0, name: 'KEY0', type: { name: 'VARCHAR', length: 4 } }],
      ['EXPR$2', 'BIGINT', { kind: 'col', index: 2, name: 'AGG0', type: { name: 'BIGINT' } }],
    ]);
  });

  it('still rejects a column that is only inside MONOTONIC(...) of another column', () => {
    expect(() => b(`${dest} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM price FROM "SOURCE_SQL_STREAM_001" GROUP BY MONOTONIC(qty);`)).toThrow(/column PRICE must appear in GROUP BY/);
  });

  it('rejects a ROWTIME expression that wraps around, which would never close cleanly', () => {
    expect(grouped('EXTRACT(MINUTE FROM ROWTIME)')).toThrow(/a GROUP BY window expression that does not grow with ROWTIME .*or declare a key MONOTONIC\(expr\)\) is not supported/);
    // Declared monotonic, it closes its groups when its value changes instead.
    expect(grouped('MONOTONIC(EXTRACT(MINUTE FROM ROWTIME))')).not.toThrow();
  });
});

describe('bind: positioned errors after binding', () => {
  it('points at a non-TIMESTAMP item selected AS ROWTIME', () => {
    const e = fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM qty AS ROWTIME, ticker_symbol, price FROM "SOURCE_SQL_STREAM_001";`);
    expect(e).toMatchObject({ code: 'KAV2_TYPE_MISMATCH', line: 1, column: 92 });
  });

  it('binds a pump query written without STREAM like SELECT STREAM (SQL Reference, Identifiers), but not a subquery', () => {
    const plain = pump('SELECT ticker_symbol, price FROM "SOURCE_SQL_STREAM_001"');
    const streaming = pump('SELECT STREAM ticker_symbol, price FROM "SOURCE_SQL_STREAM_001"');
    // Equal but for source positions (the text differs by "STREAM ").
    const shape = (q: unknown) => JSON.stringify(q, (k, v: unknown) => (k === 'pos' ? undefined : v));
    expect(shape(plain.pumps[0]!.query)).toBe(shape(streaming.pumps[0]!.query));
    const sql = `${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM t.ticker_symbol, t.price FROM (SELECT ticker_symbol, price FROM "SOURCE_SQL_STREAM_001") AS t;`;
    expect(fails(sql)).toMatchObject({ code: 'KAV2_PARSE_UNEXPECTED', column: sql.indexOf('SELECT ticker_symbol') + 1, message: expect.stringMatching(/needs the STREAM keyword/) });
  });

  it('refuses HAVING without GROUP BY at the keyword (SQL Reference, HAVING clause), and keeps it with GROUP BY', () => {
    const sql = `${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, SUM(price) FROM "SOURCE_SQL_STREAM_001" HAVING SUM(price) > 10;`;
    expect(fails(sql)).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 1, column: sql.indexOf('HAVING') + 1, message: expect.stringMatching(/^HAVING without GROUP BY/) });
    expect(() => pump('SELECT STREAM ticker_symbol, SUM(price) FROM "SOURCE_SQL_STREAM_001" GROUP BY ticker_symbol, FLOOR(ROWTIME TO MINUTE) HAVING SUM(price) > 10')).not.toThrow();
  });

  it('names OVER inside a GROUP BY query as unsupported', () => {
    const e = fails(`${DEST} CREATE PUMP P AS INSERT INTO "D" SELECT STREAM ticker_symbol, SUM(price) OVER (ROWS 2 PRECEDING) FROM "SOURCE_SQL_STREAM_001" GROUP BY ticker_symbol, FLOOR(ROWTIME TO MINUTE);`);
    expect(e.message).toMatch(/^SUM \.\.\. OVER in the SELECT list of a GROUP BY or STAGGER query is not supported/);
  });
});
