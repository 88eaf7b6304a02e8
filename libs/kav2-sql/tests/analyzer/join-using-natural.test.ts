import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema, runApp, sec } from '../helpers';

// SQL Reference, FROM clause: `<table-reference> NATURAL <join-type> JOIN <table-reference>` and
// `<table-reference> <join-type> JOIN <table-reference> [ USING '(' <column> { , <column> }... ')' | ON <condition> ]`.
const schema = jsonSchema([['KIND', 'INTEGER'], ['ORDER_ID', 'INTEGER'], ['TICKER', 'VARCHAR(4)'], ['AMOUNT', 'INTEGER']]);
const STREAMS = `CREATE STREAM ORDERS (order_id INTEGER, ticker VARCHAR(4), amount INTEGER);
CREATE STREAM SHIPMENTS (order_id INTEGER, ticker VARCHAR(4), qty INTEGER);
CREATE PUMP P1 AS INSERT INTO ORDERS SELECT STREAM order_id, ticker, amount FROM "SOURCE_SQL_STREAM_001" WHERE kind = 1;
CREATE PUMP P2 AS INSERT INTO SHIPMENTS SELECT STREAM order_id, ticker, amount FROM "SOURCE_SQL_STREAM_001" WHERE kind = 2;
`;
const app = (columns: string, query: string) => `${STREAMS}CREATE STREAM "DESTINATION_SQL_STREAM" (${columns});
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
${query};`;
// Orders 1 (IBM) and 2 (AMZN); shipments of order 1 (IBM), order 2 under another ticker, and order 3 (no order).
const RECORDS = [[1, 1, 'IBM', 10], [2, 1, 'IBM', 3], [1, 2, 'AMZN', 20], [2, 2, 'XX', 4], [2, 3, 'IBM', 5]]
  .map(([KIND, ORDER_ID, TICKER, AMOUNT], i) => ({ at: sec(i), rec: { KIND, ORDER_ID, TICKER, AMOUNT } }));
const run = (columns: string, query: string) => {
  const { rows, errors } = runApp(app(columns, query), schema, RECORDS);
  expect(errors).toEqual([]);
  return rows.map((r) => r.values);
};
const ORDERS_WINDOWED = `ORDERS OVER (RANGE INTERVAL '1' MINUTE PRECEDING)`;

describe('JOIN ... USING (FROM clause)', () => {
  it('joins on equal USING columns; * lists each USING column once, first, then the other columns of each side', () => {
    expect(run('order_id INTEGER, o_ticker VARCHAR(4), amount INTEGER, s_ticker VARCHAR(4), qty INTEGER',
      `SELECT STREAM * FROM ${ORDERS_WINDOWED} AS o JOIN SHIPMENTS AS s USING (order_id)`)).toEqual([
      { ORDER_ID: 1, O_TICKER: 'IBM', AMOUNT: 10, S_TICKER: 'IBM', QTY: 3 },
      { ORDER_ID: 2, O_TICKER: 'AMZN', AMOUNT: 20, S_TICKER: 'XX', QTY: 4 },
    ]);
  });

  it('needs every USING column equal, and puts them first in USING order', () => {
    expect(run('ticker VARCHAR(4), order_id INTEGER, amount INTEGER, qty INTEGER',
      `SELECT STREAM * FROM ${ORDERS_WINDOWED} AS o JOIN SHIPMENTS AS s USING (ticker, order_id)`)).toEqual([
      { TICKER: 'IBM', ORDER_ID: 1, AMOUNT: 10, QTY: 3 },
    ]);
  });

  it('reads an unqualified USING column from the side a RIGHT JOIN keeps; qualified names and alias.* still reach both copies', () => {
    expect(run('order_id INTEGER, o_id INTEGER, s_ticker VARCHAR(4)',
      `SELECT STREAM order_id, o.order_id, s.ticker FROM ${ORDERS_WINDOWED} AS o RIGHT JOIN SHIPMENTS AS s USING (order_id)`)).toEqual([
      { ORDER_ID: 1, O_ID: 1, S_TICKER: 'IBM' },
      { ORDER_ID: 2, O_ID: 2, S_TICKER: 'XX' },
      { ORDER_ID: 3, O_ID: null, S_TICKER: 'IBM' },
    ]);
    expect(run('order_id INTEGER, ticker VARCHAR(4), qty INTEGER',
      `SELECT STREAM s.* FROM ${ORDERS_WINDOWED} AS o JOIN SHIPMENTS AS s USING (order_id)`)).toEqual([
      { ORDER_ID: 1, TICKER: 'IBM', QTY: 3 },
      { ORDER_ID: 2, TICKER: 'XX', QTY: 4 },
    ]);
  });

  it('refuses a USING column one side lacks, a repeated one, and FULL OUTER JOIN ... USING, at USING', () => {
    const q = (using: string, type = 'JOIN') => app('order_id INTEGER', `SELECT STREAM o.order_id FROM ${ORDERS_WINDOWED} AS o ${type} SHIPMENTS AS s ${using}`);
    expect(compileErrorOf(q('USING (amount)'), schema)).toMatchObject({ code: 'KAV2_UNKNOWN_COLUMN', line: 7, column: 106, message: expect.stringMatching(/USING column AMOUNT is not a column of S/) });
    expect(compileErrorOf(q('USING (order_id, order_id)'), schema)).toMatchObject({ code: 'KAV2_DUPLICATE_NAME', line: 7, column: 106 });
    expect(compileErrorOf(q('USING (order_id)', 'FULL OUTER JOIN'), schema)).toMatchObject({ code: 'KAV2_UNSUPPORTED', line: 7, column: 117, message: expect.stringMatching(/FULL OUTER JOIN with USING/) });
  });
});

describe('NATURAL JOIN (FROM clause)', () => {
  it('joins on every column name both sides have, seen once by * and by unqualified names', () => {
    expect(run('order_id INTEGER, ticker VARCHAR(4), amount INTEGER, qty INTEGER',
      `SELECT STREAM * FROM ${ORDERS_WINDOWED} AS o NATURAL JOIN SHIPMENTS AS s`)).toEqual([
      { ORDER_ID: 1, TICKER: 'IBM', AMOUNT: 10, QTY: 3 },
    ]);
  });

  it('takes a join type: NATURAL LEFT OUTER JOIN keeps the unmatched rows of its left side', () => {
    expect(run('order_id INTEGER, ticker VARCHAR(4), amount INTEGER',
      `SELECT STREAM order_id, ticker, o.amount FROM SHIPMENTS AS s NATURAL LEFT OUTER JOIN ${ORDERS_WINDOWED} AS o`)).toEqual([
      { ORDER_ID: 1, TICKER: 'IBM', AMOUNT: 10 },
      { ORDER_ID: 2, TICKER: 'XX', AMOUNT: null },
      { ORDER_ID: 3, TICKER: 'IBM', AMOUNT: null },
    ]);
  });

  it('refuses NATURAL CROSS JOIN and NATURAL FULL JOIN, naming them', () => {
    const q = (type: string) => app('order_id INTEGER', `SELECT STREAM s.order_id FROM ${ORDERS_WINDOWED} AS o NATURAL ${type} SHIPMENTS OVER (ROWS 1 PRECEDING) AS s`);
    expect(compileErrorOf(q('CROSS JOIN'), schema)).toMatchObject({ code: 'KAV2_PARSE_UNEXPECTED', line: 7, column: 94 });
    expect(compileErrorOf(q('FULL JOIN'), schema)).toMatchObject({ code: 'KAV2_UNSUPPORTED', line: 7, column: 86, message: expect.stringMatching(/FULL OUTER JOIN with NATURAL/) });
  });
});
