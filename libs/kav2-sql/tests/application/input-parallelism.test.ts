import { createHash } from 'node:crypto';
import { compileApplication, inputStreamIndex, type OutputRow, SqlError } from '@surv/kav2-sql';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileErrorOf, sec, TICKER_SCHEMA } from '../helpers';

// Developer Guide, Parallelizing Input Streams: with InputParallelism N the source is read into
// SOURCE_SQL_STREAM_001 ... _00N, the source's shards split evenly among them, and the code reads
// each stream explicitly.
const BOTH = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (SRC VARCHAR(4), TICKER_SYMBOL VARCHAR(4), PRICE REAL, A TIMESTAMP);
  CREATE OR REPLACE PUMP "STREAM_PUMP_001" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM '001', TICKER_SYMBOL, PRICE, APPROXIMATE_ARRIVAL_TIME FROM "SOURCE_SQL_STREAM_001";
  CREATE OR REPLACE PUMP "STREAM_PUMP_002" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM '002', TICKER_SYMBOL, PRICE, APPROXIMATE_ARRIVAL_TIME FROM "SOURCE_SQL_STREAM_002";`;

const tick = (t: string, p: number) => ({ TICKER_SYMBOL: t, SECTOR: 'TECH', CHANGE: 0, PRICE: p });

const collect = (sql: string, inputParallelism: number) => {
  const app = compileApplication(sql, TICKER_SCHEMA, { inputParallelism });
  const rows: OutputRow[] = [];
  app.on('DESTINATION_SQL_STREAM', (r) => rows.push(r));
  return { app, rows };
};

describe('InputParallelism: several in-application input streams', () => {
  it('feeds shard s to stream s mod N, each read by its own pump', () => {
    const { app, rows } = collect(BOTH, 2);
    for (let shard = 0; shard < 4; shard++) app.push(tick(`T${shard}`, shard), { shard, arrivalTime: sec(shard) });
    expect(rows.map((r) => r.values)).toEqual([
      { SRC: '001', TICKER_SYMBOL: 'T0', PRICE: 0, A: sec(0) },
      { SRC: '002', TICKER_SYMBOL: 'T1', PRICE: 1, A: sec(1) },
      { SRC: '001', TICKER_SYMBOL: 'T2', PRICE: 2, A: sec(2) },
      { SRC: '002', TICKER_SYMBOL: 'T3', PRICE: 3, A: sec(3) },
    ]);
  });

  it('routes a partition key as Kinesis does over N evenly split shards: by the top of its MD5 hash', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom(2, 4, 8), (key, n) => {
      const firstByte = createHash('md5').update(key, 'utf8').digest()[0]!;
      expect(inputStreamIndex(n, { partitionKey: key })).toBe(firstByte >> (8 - Math.log2(n)));
    }));
    const { app, rows } = collect(BOTH, 2);
    const keys = ['AAPL', 'MSFT', 'AMZN', 'GOOG', 'NFLX', 'TSLA'];
    keys.forEach((k, i) => app.push(tick(k.slice(0, 4), i), { partitionKey: k, arrivalTime: sec(i) }));
    expect(rows.map((r) => r.values.SRC)).toEqual(keys.map((k) => (inputStreamIndex(2, { partitionKey: k }) === 0 ? '001' : '002')));
    expect(new Set(rows.map((r) => r.values.SRC)).size).toBe(2);
  });

  it('sends a record with neither shard nor partition key to the first stream, as a single-shard source would', () => {
    const { app, rows } = collect(BOTH, 2);
    app.push(tick('X', 1), { arrivalTime: sec(0) });
    expect(rows.map((r) => r.values.SRC)).toEqual(['001']);
  });

  it('merges the streams with UNION ALL, and lists every input stream in the plan', () => {
    const sql = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (TICKER_SYMBOL VARCHAR(4), PRICE REAL);
      CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM TICKER_SYMBOL, PRICE FROM "SOURCE_SQL_STREAM_001"
        UNION ALL
        SELECT STREAM TICKER_SYMBOL, PRICE FROM "SOURCE_SQL_STREAM_003";`;
    const { app, rows } = collect(sql, 3);
    for (let shard = 0; shard < 6; shard++) app.push(tick('T', shard), { shard, arrivalTime: sec(shard) });
    expect(rows.map((r) => r.values.PRICE)).toEqual([0, 2, 3, 5]);
    expect(app.explain()).toMatch(/Input SOURCE_SQL_STREAM_001 .*\nInput SOURCE_SQL_STREAM_002 .*\nInput SOURCE_SQL_STREAM_003 /);
    expect(app.columns('SOURCE_SQL_STREAM_002').map((c) => c.name)).toEqual(['TICKER_SYMBOL', 'SECTOR', 'CHANGE', 'PRICE']);
  });

  it('knows only the streams the parallelism creates', () => {
    expect(compileErrorOf(BOTH, TICKER_SCHEMA)).toMatchObject({ code: 'KAV2_UNKNOWN_STREAM', line: 5 });
    expect(compileErrorOf(BOTH.replaceAll('_002', '_003'), TICKER_SCHEMA, { inputParallelism: 2 }).code).toBe('KAV2_UNKNOWN_STREAM');
    const declares = `CREATE STREAM "SOURCE_SQL_STREAM_002" (A INTEGER);`;
    expect(compileErrorOf(declares, TICKER_SCHEMA, { inputParallelism: 2 })).toMatchObject({ code: 'KAV2_DUPLICATE_NAME', line: 1 });
    const inserts = `CREATE STREAM "D" (TICKER_SYMBOL VARCHAR(4));
      CREATE PUMP P AS INSERT INTO "SOURCE_SQL_STREAM_002" SELECT STREAM TICKER_SYMBOL FROM "SOURCE_SQL_STREAM_001";`;
    expect(compileErrorOf(inserts, TICKER_SCHEMA, { inputParallelism: 2 }).message).toMatch(/inserting into the input stream SOURCE_SQL_STREAM_002/);
  });

  it('refuses a parallelism outside 1..64, or an input name that does not end in _001', () => {
    for (const n of [0, 65, 1.5, Number.NaN]) {
      expect(compileErrorOf(BOTH, TICKER_SCHEMA, { inputParallelism: n })).toMatchObject({ code: 'KAV2_INVALID_ARGUMENT', message: expect.stringMatching(/inputParallelism must be an integer from 1 to 64/) });
    }
    expect(compileErrorOf(BOTH, TICKER_SCHEMA, { inputParallelism: 2, inputStreamName: 'TICKS' }).message).toMatch(/must end in _001/);
    const named = BOTH.replaceAll('SOURCE_SQL_STREAM', 'TICKS');
    const app = compileApplication(named, TICKER_SCHEMA, { inputParallelism: 2, inputStreamName: 'TICKS_001' });
    const rows: OutputRow[] = [];
    app.on('DESTINATION_SQL_STREAM', (r) => rows.push(r));
    app.push(tick('Y', 7), { shard: 1 });
    expect(rows.map((r) => r.values.SRC)).toEqual(['002']);
  });

  it('throws for a shard or partition key that cannot be one (a caller error, not data)', () => {
    const { app } = collect(BOTH, 2);
    for (const meta of [{ shard: -1 }, { shard: 0.5 }, { partitionKey: '' }, { partitionKey: 7 as unknown as string }]) {
      expect(() => app.push(tick('Z', 1), meta)).toThrow(SqlError);
    }
  });
});
