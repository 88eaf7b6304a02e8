import { readFileSync } from 'node:fs';
import pkg from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { loadNamedQueries, NAMED_QUERIES, NAMED_QUERY_NAMES } from '@surv/pipeline';

const parser = new pkg.Parser();

describe('NAMED_QUERIES', () => {
  it('loads the 5 queries from queries/*.sql with a description', () => {
    expect(NAMED_QUERIES.map((q) => q.name)).toEqual([...NAMED_QUERY_NAMES]);
    expect(NAMED_QUERY_NAMES).toHaveLength(5);
    for (const q of NAMED_QUERIES) {
      expect(q.description.length).toBeGreaterThan(20);
      expect(q.sql).toBe(readFileSync(new URL(`../queries/${q.name}.sql`, import.meta.url), 'utf8').trim());
    }
  });

  it.each(NAMED_QUERY_NAMES.flatMap((n) => [[n, 'trino'], [n, 'athena']]))('%s parses as %s SQL', (name, database) => {
    const q = NAMED_QUERIES.find((x) => x.name === name)!;
    const ast = parser.astify(q.sql, { database });
    const statements = Array.isArray(ast) ? ast : [ast];
    expect(statements).toHaveLength(1);
    expect(statements[0]!.type).toBe('select');
  });

  it('only reads the lake tables (and its own WITH queries)', () => {
    for (const q of NAMED_QUERIES) {
      const ctes = [...q.sql.matchAll(/(?:\bWITH|,)\s*(\w+)\s+AS\s*\(/gi)].map((m) => m[1]!);
      const tables = parser.tableList(q.sql, { database: 'trino' }).map((t) => t.split('::').pop());
      for (const t of tables) expect(['market_events', 'alerts', 'raw_events', ...ctes], q.name).toContain(t);
    }
  });

  it('fails with a typed error when a query file is missing', () => {
    expect(() => loadNamedQueries('/nonexistent')).toThrow(expect.objectContaining({ code: 'PIPELINE_QUERY_MISSING' }));
  });
});
