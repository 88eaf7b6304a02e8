import { compileApplication, SqlError } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { evalSql, jsonSchema, runApp, sec } from '../helpers';

const schema = jsonSchema([['ORDER_ID', 'INTEGER'], ['ITEM', 'VARCHAR(8)'], ['QTY', 'INTEGER']]);
const SQL = `CREATE STREAM "DESTINATION_SQL_STREAM" (order_id INTEGER, item VARCHAR(8), lines BIGINT, qty BIGINT);
  CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM order_id, item, COUNT(*), SUM(qty) FROM "SOURCE_SQL_STREAM_001"
    GROUP BY MONOTONIC(order_id), item;`;
const line = (s: number, order: number | null, item = 'A', qty = 1) => ({ at: sec(s), rec: { ORDER_ID: order, ITEM: item, QTY: qty } });
const summary = (rows: ReturnType<typeof runApp>['rows']) => rows.map((r) => [r.rowtime, r.values.ORDER_ID, r.values.ITEM, r.values.LINES, r.values.QTY]);

describe('MONOTONIC(expr)', () => {
  it('returns its argument, with its type, in a plain expression', () => {
    expect(evalSql('MONOTONIC(N + 1)', 'INTEGER', { N: 41 })).toBe(42);
    expect(evalSql("MONOTONIC(S || '!')", 'VARCHAR(8)', { N: 1, S: 'hi' })).toBe('hi!');
    expect(evalSql('MONOTONIC(S)', 'VARCHAR(8)', { N: 1, S: null })).toBeNull();
  });

  it('emits a key value\'s groups when a row with another value arrives, with that row\'s ROWTIME, in first-seen order', () => {
    const { rows, errors } = runApp(SQL, schema, [
      line(1, 1000, 'A', 2), line(2, 1000, 'B', 1), line(3, 1000, 'A', 3),
      line(4, 1001, 'A', 5),
      line(6, 1005, 'C', 1), line(7, 1005, 'C', 1),
    ]);
    expect(errors).toEqual([]);
    expect(summary(rows)).toEqual([
      [sec(4), 1000, 'A', 2, 5], [sec(4), 1000, 'B', 1, 1],
      [sec(6), 1001, 'A', 1, 5],
    ]);
  });

  it('emits the open groups at flush() with the latest ROWTIME, and never on time alone', () => {
    const { app, rows } = runApp(SQL, schema, [line(1, 7), line(3, 7)]);
    app.advanceTo(sec(3600));
    expect(rows).toEqual([]);
    app.flush();
    expect(summary(rows)).toEqual([[sec(3), 7, 'A', 2, 2]]);
    app.flush();
    expect(rows).toHaveLength(1);
  });

  it('accepts a key that descends (987, 974, 823)', () => {
    const { rows, errors } = runApp(SQL, schema, [line(1, 987), line(2, 974), line(3, 823), line(4, 800)]);
    expect(errors).toEqual([]);
    expect(summary(rows).map((r) => r[1])).toEqual([987, 974, 823]);
  });

  it.each([
    [[1000, 1001, 1005, 1001], [1000, 1001], /1001 goes back: the key has moved up to 1005/],
    [[987, 974, 823, 973], [987, 974], /973 goes back: the key has moved down to 823/],
    [[987, 974, 823, 1056], [987, 974], /1056 goes back/],
    [[5, 6, 6, 5], [5], /5 goes back: the key has moved up to 6/],
    // A NULL key is a group of its own and sets no direction; 5 was emitted when NULL arrived.
    [[5, null, 5], [5], /5 belongs to a group that was already emitted/],
  ] as const)('sends a row whose key changes direction (%j) to error_stream as LATE_ROW and emits no group twice', (orders, emitted, message) => {
    const { rows, errors } = runApp(SQL, schema, orders.map((o, i) => line(i + 1, o)));
    expect(summary(rows).map((r) => r[1])).toEqual(emitted);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['LATE_ROW']);
    expect(String(errors[0]!.values.MESSAGE)).toMatch(message);
  });

  it('treats a row for a value already emitted by flush() as late', () => {
    const { app, rows, errors } = runApp(SQL, schema, [line(1, 3)], { flush: true });
    app.push(line(2, 3).rec, { arrivalTime: sec(2) });
    app.push(line(3, 4).rec, { arrivalTime: sec(3) });
    app.flush();
    expect(summary(rows).map((r) => [r[1], r[3]])).toEqual([[3, 1], [4, 1]]);
    expect(errors.map((e) => e.values.ERROR_NAME)).toEqual(['LATE_ROW']);
  });

  it('keeps a key declared on ROWTIME a time window, and a ROWTIME key wins over a MONOTONIC one', () => {
    const sql = (groupBy: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (n BIGINT);
      CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY ${groupBy};`;
    expect(compileApplication(sql("MONOTONIC(STEP(ROWTIME BY INTERVAL '10' SECOND))"), schema).explain()).toContain('TumblingAggregate window=MONOTONIC(STEP(ROWTIME');
    expect(compileApplication(sql('FLOOR(ROWTIME TO MINUTE), MONOTONIC(order_id)'), schema).explain()).toContain('TumblingAggregate window=FLOOR_TO(ROWTIME MINUTE)');
    expect(compileApplication(sql('MONOTONIC(order_id)'), schema).explain()).toContain('MonotonicKeyAggregate window=MONOTONIC($0)');
  });

  it('restores a snapshot and continues exactly (open group, direction and emitted values kept)', () => {
    const input = [line(1, 10), line(2, 10), line(3, 11), line(4, 11), line(5, 12), line(6, 11), line(7, 13)];
    const straight = runApp(SQL, schema, input, { flush: true });
    for (let cut = 0; cut <= input.length; cut++) {
      const first = runApp(SQL, schema, input.slice(0, cut));
      const state = JSON.parse(JSON.stringify(first.app.snapshot()));
      const second = runApp(SQL, schema, []);
      second.app.restore(state);
      for (const r of input.slice(cut)) second.app.push(r.rec, { arrivalTime: r.at });
      second.app.flush();
      expect(summary([...first.rows, ...second.rows])).toEqual(summary(straight.rows));
      expect([...first.errors, ...second.errors].map((e) => e.values.ERROR_NAME)).toEqual(['LATE_ROW']);
    }
  });

  it('refuses MONOTONIC of a constant as a GROUP BY key, pointing at it', () => {
    const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (n BIGINT);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM COUNT(*) FROM "SOURCE_SQL_STREAM_001" GROUP BY MONOTONIC(1);`;
    let error: unknown;
    try {
      compileApplication(sql, schema);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', line: 2, column: sql.split('\n')[1]!.indexOf('MONOTONIC(1)') + 1 });
    expect((error as SqlError).message).toContain('GROUP BY MONOTONIC(expr) needs an expression that changes from row to row');
  });
});
