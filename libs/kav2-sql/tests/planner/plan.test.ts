import { bind, explain, parse, plan, tokenize } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';

const input = {
  name: 'SOURCE_SQL_STREAM_001',
  columns: [{ name: 'K', type: { name: 'VARCHAR' as const, length: 4 } }, { name: 'V', type: { name: 'DOUBLE' as const } }],
};
const planOf = (sql: string) => plan(bind(parse(tokenize(sql)), { input }));

describe('plan', () => {
  it('lays a grouped pump out as WHERE, tumbling aggregate, HAVING, project, insert', () => {
    const p = planOf(`CREATE STREAM D (K VARCHAR(4), S DOUBLE);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM K, SUM(V) FROM "SOURCE_SQL_STREAM_001" WHERE V > 0
      GROUP BY K, STEP(ROWTIME BY INTERVAL '1' MINUTE) HAVING SUM(V) > 10;`);
    expect(p.pumps[0]!.nodes.map((n) => n.kind)).toEqual(['filter', 'tumble', 'filter', 'project', 'insert']);
  });

  it('flattens a FROM subquery in front of the outer stages', () => {
    const p = planOf(`CREATE STREAM D (K VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM K FROM (SELECT STREAM K, V FROM "SOURCE_SQL_STREAM_001" WHERE V > 1) WHERE K <> 'X';`);
    expect(p.pumps[0]!.source).toBe('SOURCE_SQL_STREAM_001');
    expect(p.pumps[0]!.nodes.map((n) => n.kind)).toEqual(['filter', 'project', 'filter', 'project', 'insert']);
  });

  it('explains every stage in execution order', () => {
    const text = explain(planOf(`CREATE STREAM D (K VARCHAR(4), A DOUBLE);
      CREATE PUMP P AS INSERT INTO D SELECT STREAM K, AVG(V) OVER (PARTITION BY K RANGE INTERVAL '10' SECOND PRECEDING) FROM "SOURCE_SQL_STREAM_001";`));
    expect(text).toBe([
      'Input SOURCE_SQL_STREAM_001 (K VARCHAR(4), V DOUBLE)',
      'Stream D (K VARCHAR(4), A DOUBLE)',
      'Pump P: SOURCE_SQL_STREAM_001 -> D',
      '  1. SlidingWindow AVG($1) OVER (PARTITION BY $0 RANGE 10000ms PRECEDING)',
      '  2. Project $0 AS K, $2 AS EXPR$1',
      '  3. Insert into D (K, A)',
    ].join('\n'));
  });

  it('explains a temporal predicate as written: both periods, or a period and its instant', () => {
    const text = explain(planOf(`CREATE STREAM D (K VARCHAR(4));
      CREATE PUMP P AS INSERT INTO D SELECT STREAM K FROM "SOURCE_SQL_STREAM_001"
      WHERE (ROWTIME, ROWTIME) STRICTLY LEADS PERIOD(ROWTIME, ROWTIME) CONTAINS ROWTIME;`));
    expect(text).toContain('1. Filter[WHERE] (((ROWTIME, ROWTIME) STRICTLY LEADS (ROWTIME, ROWTIME)) AND ((ROWTIME, ROWTIME) CONTAINS ROWTIME))');
  });
});
