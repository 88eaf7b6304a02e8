import { parse, parseExpression, tokenize, type Statement } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';

const p = (sql: string): Statement[] => parse(tokenize(sql));
const expr = (sql: string) => parseExpression(tokenize(sql));
const pumpOf = (sql: string) => {
  const [s] = p(sql);
  if (s?.kind !== 'createPump') throw new Error('not a pump');
  return s;
};
/** The pump's query, which must be a single SELECT. */
const selectOf = (sql: string) => {
  const { query } = pumpOf(sql);
  if (query.kind !== 'select') throw new Error('not a select');
  return query;
};
const strip = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'pos' || k === 'namePos' || k === 'targetPos' ? undefined : x)));

describe('parse', () => {
  it('parses CREATE OR REPLACE STREAM with types, NOT NULL and a trailing semicolon', () => {
    const [s] = p('CREATE OR REPLACE STREAM "DEST" (a VARCHAR(4) NOT NULL, b DECIMAL(10, 2), c DOUBLE PRECISION, d CHARACTER VARYING(3));');
    expect(strip(s)).toEqual({
      kind: 'createStream', name: 'DEST', orReplace: true,
      columns: [
        { name: 'A', type: { name: 'VARCHAR', length: 4 }, notNull: true },
        { name: 'B', type: { name: 'DECIMAL', length: 10, scale: 2 } },
        { name: 'C', type: { name: 'DOUBLE' } },
        { name: 'D', type: { name: 'VARCHAR', length: 3 } },
      ],
    });
  });

  it('parses a pump with target columns and every query clause', () => {
    const sql = `CREATE PUMP p AS INSERT INTO d (x, y)
      SELECT STREAM a, COUNT(*) AS n FROM "S" AS src WHERE a > 1
      GROUP BY a, STEP(src.ROWTIME BY INTERVAL '10' SECOND) HAVING COUNT(*) > 2`;
    expect(pumpOf(sql).targetColumns?.map((c) => c.name)).toEqual(['X', 'Y']);
    const s = { query: selectOf(sql) };
    expect(s.query.from).toMatchObject({ kind: 'stream', name: 'S', alias: 'SRC' });
    expect(s.query.groupBy).toHaveLength(2);
    expect(s.query.groupBy[1]).toMatchObject({ kind: 'call', name: 'STEP' });
    expect(s.query.having).toMatchObject({ kind: 'binary', op: '>' });
  });

  it('gives AND precedence over OR and multiplication over addition', () => {
    expect(strip(expr('a OR b AND c'))).toMatchObject({ op: 'OR', right: { op: 'AND' } });
    expect(strip(expr('1 + 2 * 3'))).toMatchObject({ op: '+', right: { op: '*' } });
    expect(strip(expr('NOT a = b'))).toMatchObject({ kind: 'unary', op: 'NOT', operand: { op: '=' } });
  });

  it('parses the special-syntax functions', () => {
    expect(strip(expr("SUBSTRING(s FROM 2 FOR 3)"))).toMatchObject({ name: 'SUBSTRING', args: [{}, {}, {}] });
    expect(strip(expr("TRIM(LEADING 'x' FROM s)"))).toMatchObject({ name: 'TRIM', unit: 'LEADING', args: [{ kind: 'ident' }, { kind: 'literal', value: 'x' }] });
    expect(strip(expr('POSITION(a IN b)'))).toMatchObject({ name: 'POSITION', args: [{}, {}] });
    expect(strip(expr("OVERLAY(s PLACING 'ab' FROM 2 FOR 1)"))).toMatchObject({ name: 'OVERLAY', args: [{}, {}, {}, {}] });
    expect(strip(expr('EXTRACT(HOUR FROM ts)'))).toMatchObject({ name: 'EXTRACT', unit: 'HOUR' });
    expect(strip(expr('FLOOR(ROWTIME TO MINUTE)'))).toMatchObject({ name: 'FLOOR', unit: 'MINUTE' });
    expect(strip(expr('CAST(x AS VARCHAR(3))'))).toMatchObject({ kind: 'cast', type: { name: 'VARCHAR', length: 3 } });
    expect(strip(expr('COUNT(DISTINCT x)'))).toMatchObject({ name: 'COUNT', distinct: true });
    expect(strip(expr("(ROWTIME - TIMESTAMP '1970-01-01 00:00:00') MINUTE / 10"))).toMatchObject({ op: '/', left: { kind: 'intervalCast', unit: 'MINUTE' } });
  });

  it('parses predicates: IS [NOT] NULL, [NOT] LIKE ... ESCAPE, SIMILAR TO, IN, BETWEEN', () => {
    expect(strip(expr('a IS NOT NULL'))).toMatchObject({ kind: 'isNull', negated: true });
    expect(strip(expr("a NOT LIKE 'x!%' ESCAPE '!'"))).toMatchObject({ kind: 'like', negated: true, escape: { value: '!' } });
    expect(strip(expr("a SIMILAR TO '(x|y)%'"))).toMatchObject({ kind: 'like', similar: true });
    expect(strip(expr('a NOT IN (1, 2)'))).toMatchObject({ kind: 'in', negated: true, list: [{}, {}] });
    expect(strip(expr('a BETWEEN 1 AND 2 AND b'))).toMatchObject({ op: 'AND', left: { kind: 'between' } });
  });

  it('parses simple and searched CASE and interval literals', () => {
    expect(strip(expr("CASE a WHEN 1 THEN 'x' ELSE 'y' END"))).toMatchObject({ kind: 'case', operand: { kind: 'ident' }, whens: [{}] });
    expect(strip(expr("CASE WHEN a > 1 THEN 'x' END"))).toMatchObject({ kind: 'case', whens: [{}] });
    expect(strip(expr("INTERVAL '1 02:03' DAY TO MINUTE"))).toMatchObject({ kind: 'interval', unit: 'DAY', toUnit: 'MINUTE' });
  });

  it('parses OVER with an inline window, a named window and WINDOWED BY STAGGER', () => {
    const s = selectOf(`CREATE PUMP p AS INSERT INTO d SELECT STREAM AVG(x) OVER w, SUM(x) OVER (PARTITION BY k ROWS 3 PRECEDING)
      FROM s WINDOW w AS (PARTITION BY k RANGE INTERVAL '1' MINUTE PRECEDING)`);
    expect(s.windows[0]).toMatchObject({ name: 'W', spec: { frame: { kind: 'range' } } });
    const s2 = selectOf(`CREATE PUMP p AS INSERT INTO d SELECT STREAM k, COUNT(*) FROM s
      WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '1' MINUTE)`);
    expect(s2.stagger?.partitionBy).toHaveLength(1);
  });

  it('parses a subquery in FROM', () => {
    const s = selectOf('CREATE PUMP p AS INSERT INTO d SELECT STREAM x FROM (SELECT STREAM a AS x FROM s) AS q');
    expect(s.from).toMatchObject({ kind: 'subquery', alias: 'Q' });
  });

  it('parses UNION ALL of several selects as one node, a parenthesized one as a branch, and its ORDER BY', () => {
    const { query: q } = pumpOf(`CREATE PUMP p AS INSERT INTO d
      SELECT STREAM x, y FROM t1
      UNION ALL SELECT STREAM a, b FROM t2
      UNION ALL (SELECT STREAM c, d FROM t3 UNION ALL SELECT STREAM e, f FROM t4)
      ORDER BY ROWTIME, MOD(x, 5) DESC`);
    expect(q.kind).toBe('union');
    if (q.kind !== 'union') return;
    expect(q.branches.map((b) => b.kind)).toEqual(['select', 'select', 'union']);
    expect(q.unionPos).toEqual([{ line: 3, column: 7 }, { line: 4, column: 7 }]);
    expect(q.branches[1]).not.toHaveProperty('orderBy');
    expect(strip(q.orderBy)).toEqual({
      items: [
        { expr: { kind: 'ident', parts: ['ROWTIME'] }, desc: false },
        { expr: { kind: 'call', name: 'MOD', args: [{ kind: 'ident', parts: ['X'] }, { kind: 'literal', value: 5, literalType: 'INTEGER' }], distinct: false, star: false }, desc: true, descPos: { line: 5, column: 35 } },
      ],
    });
  });

  it('parses ORDER BY with ordinals, ASC/DESC, NULLS FIRST/LAST, and the T-sort WITHIN after the leading expression', () => {
    const q = selectOf(`CREATE PUMP p AS INSERT INTO d SELECT STREAM DISTINCT rowtime, ticker FROM trades
      ORDER BY 1 ASC, ticker DESC NULLS FIRST, price NULLS LAST`);
    expect(q.distinct).toBe(true);
    expect(q.distinctPos).toEqual({ line: 1, column: 46 });
    expect(q.orderBy?.items.map((i) => [i.desc, i.nullsFirst])).toEqual([[false, undefined], [true, true], [false, false]]);
    const t = selectOf(`CREATE PUMP p AS INSERT INTO d SELECT STREAM ts AS ROWTIME, v FROM s
      ORDER BY ts WITHIN INTERVAL '1' MINUTE, v`);
    expect(t.orderBy?.within).toMatchObject({ kind: 'interval', text: '1', unit: 'MINUTE' });
    expect(t.orderBy?.items).toHaveLength(2);
    expect(() => p(`CREATE PUMP p AS INSERT INTO d SELECT STREAM ts AS ROWTIME FROM s ORDER BY v, ts WITHIN INTERVAL '1' MINUTE`))
      .toThrow(/WITHIN goes right after the leading ORDER BY expression .*\(line 1, column 82\)/);
  });

  it('reads a parenthesized query as a pump body and as a FROM subquery', () => {
    expect(pumpOf('CREATE PUMP p AS INSERT INTO d (SELECT STREAM a FROM s)').query.kind).toBe('select');
    const q = selectOf('CREATE PUMP p AS INSERT INTO d SELECT STREAM * FROM (SELECT STREAM a FROM s UNION ALL SELECT STREAM b FROM t) AS u');
    expect(q.from).toMatchObject({ kind: 'subquery', alias: 'U', query: { kind: 'union' } });
  });

  it('reports the unexpected token with its position', () => {
    expect(() => p('CREATE STREAM s (a INT)\nCREATE STREAM t (b INT)')).toThrow("expected ';' but found 'CREATE' (line 2, column 1)");
    expect(() => p('CREATE PUMP p AS INSERT INTO d SELECT STREAM a s')).toThrow(/expected FROM but found end of input \(line 1, column 49\)/);
    expect(() => p('CREATE STREAM s (a WIBBLE)')).toThrow(/unknown SQL type 'WIBBLE' \(line 1, column 20\)/);
  });

  it('names unsupported constructs precisely with their position', () => {
    let err: unknown;
    try {
      p('CREATE PUMP p AS INSERT INTO d SELECT STREAM a FROM s\n  WINDOW w AS (ROWS UNBOUNDED PRECEDING)');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'KAV2_UNSUPPORTED', line: 2, column: 21 });
    expect((err as Error).message).toBe('an unbounded window (UNBOUNDED PRECEDING) is not supported (line 2, column 21)');
    expect(() => p('CREATE PUMP p AS INSERT INTO d SELECT STREAM a FROM s NATURAL JOIN t ON s.a = t.a')).toThrow(/a NATURAL JOIN takes no ON .* \(line 1, column 70\)/);
    expect(() => p('CREATE PUMP p AS INSERT INTO d SELECT STREAM a FROM s CROSS JOIN t USING (a)')).toThrow(/a CROSS JOIN takes no USING columns \(line 1, column 68\)/);
    expect(() => p('CREATE PUMP p AS INSERT INTO d SELECT STREAM a FROM s UNION SELECT STREAM a FROM t')).toThrow(/UNION without ALL .* is not supported \(line 1, column 55\)/);
    expect(() => p('CREATE PUMP p AS INSERT INTO d SELECT STREAM a FROM s EXCEPT SELECT STREAM a FROM t')).toThrow(/EXCEPT \(UNION ALL is the only set operator that applies to streams\) is not supported \(line 1, column 55\)/);
    expect(() => p('CREATE PUMP p AS INSERT INTO d SELECT STREAM a FROM s ORDER BY a LIMIT 3')).toThrow(/LIMIT is not supported \(line 1, column 66\)/);
    expect(() => p('CREATE TABLE t (a INT)')).toThrow(/CREATE TABLE is not supported \(line 1, column 8\)/);
    // The Temporal Predicates page's example, copied from SQLstream's docs, creates its pump `stopped`.
    expect(() => p('create pump p stopped as insert into d select stream a from s')).toThrow(/^a pump state \(STOPPED\) is not supported: .*; remove STOPPED \(line 1, column 15\)$/);
    // SQL Reference, COUNT: "Amazon Kinesis Analytics doesn't support the FILTER clause of the COUNT function".
    expect(() => p('CREATE PUMP p AS INSERT INTO d SELECT STREAM COUNT(*) FILTER (WHERE a > 1) FROM s GROUP BY FLOOR(s.ROWTIME TO MINUTE)'))
      .toThrow(/the FILTER clause of COUNT .* is not supported \(line 1, column 55\)/);
  });

  it('refuses VALUES, which makes constant rows, as a statement and as a pump\'s or subquery\'s query', () => {
    expect(() => p('VALUES localtime')).toThrow(/a top-level VALUES statement .* is not supported \(line 1, column 1\)/);
    expect(() => p('CREATE PUMP p AS INSERT INTO d VALUES (1)')).toThrow(/VALUES as a query .* is not supported \(line 1, column 32\)/);
    expect(() => p('CREATE PUMP p AS INSERT INTO d SELECT STREAM * FROM (VALUES (1))')).toThrow(/VALUES as a query .* is not supported \(line 1, column 54\)/);
  });

  it('refuses the BINARY types (SQL Reference, Data Types) under the name written', () => {
    expect(() => p('CREATE STREAM s (a BINARY(4))')).toThrow(/type BINARY \(binary, non-character data\) is not supported \(line 1, column 20\)/);
    expect(() => p('CREATE STREAM s (a VARBINARY(4))')).toThrow(/type VARBINARY \(binary, non-character data\) is not supported/);
  });
});
