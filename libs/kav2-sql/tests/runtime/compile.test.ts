import { bind, compile, explain, parse, plan, tokenize, type SqlValue } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';

const input = {
  name: 'IN',
  columns: [{ name: 'K', type: { name: 'VARCHAR' as const, length: 4 } }, { name: 'V', type: { name: 'INTEGER' as const } }],
};
const logical = plan(bind(parse(tokenize(`
  CREATE STREAM OUT1 (K VARCHAR(4), S BIGINT);
  CREATE PUMP P AS INSERT INTO OUT1 SELECT STREAM K, SUM(V) FROM "IN" WHERE V > 0 GROUP BY K, STEP(ROWTIME BY INTERVAL '1' SECOND);`)), { input }));

describe('compile (runtime stage alone)', () => {
  it('runs a compiled pipeline against plain sinks, without the Application wrapper', () => {
    const emitted: [string, number, SqlValue[]][] = [];
    const errors: string[] = [];
    const pipeline = compile(logical, { now: () => 0, startTime: 0 }, {
      // The row is lent for the call only (the pump refills it): keep a copy.
      emitter: (stream) => (row) => emitted.push([stream, row.rowtime, [...row.values]]),
      error: (pump, name, _message, _row, stage) => errors.push(`${pump}:${name}:${stage}`),
    });
    const [pump] = pipeline.pumps;
    pump!.push({ rowtime: 100, values: ['a', 2] });
    pump!.push({ rowtime: 200, values: ['a', -1] });
    pump!.push({ rowtime: 300, values: ['b', 3] });
    pump!.advance(1000);
    expect(emitted).toEqual([['OUT1', 1000, ['a', 2]], ['OUT1', 1000, ['b', 3]]]);
    expect(errors).toEqual([]);
  });

  it('gives every operator an explain() line that matches the plan', () => {
    const pipeline = compile(logical, { now: () => 0, startTime: 0 }, { emitter: () => () => undefined, error: () => undefined });
    const lines = explain(logical).split('\n').filter((l) => /^\s+\d+\./.test(l)).map((l) => l.replace(/^\s+\d+\.\s/, ''));
    expect(pipeline.pumps[0]!.operators.map((o) => o.explain())).toEqual(lines);
    expect(lines[1]).toMatch(/^TumblingAggregate window=STEP\(ROWTIME, 1000\)/);
  });
});
