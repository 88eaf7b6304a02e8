import { isSurvError } from '@surv/domain';
import { checkApplication, compileApplication } from '@surv/kav2-sql';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listFixtures, loadFixture } from './fixture';

// Every documented application, edited the way people get SQL wrong: a token dropped, repeated, swapped
// with its neighbour or replaced by another keyword, name, number, string or operator. Whatever the text,
// compiling either works or fails with a SqlError (code, position, message), never with a JavaScript
// error from inside the compiler, and checkApplication reports the same outcome as a diagnostic.

const TOKEN = /"(?:[^"]|"")*"|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_$]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|<>|<=|>=|\|\||::|\S/g;

const replacements = [
  'SELECT', 'STREAM', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'OVER', 'WINDOW', 'PARTITION', 'RANGE', 'ROWS', 'INTERVAL',
  'PRECEDING', 'FOLLOWING', 'CURRENT', 'ROW', 'AS', 'ON', 'JOIN', 'LEFT', 'UNION', 'ALL', 'DISTINCT', 'CASE', 'WHEN', 'THEN', 'ELSE',
  'END', 'CAST', 'NULL', 'NOT', 'AND', 'OR', 'IN', 'IS', 'LIKE', 'BETWEEN', 'CREATE', 'PUMP', 'INSERT', 'INTO', 'TABLE', 'CURSOR',
  'ROWTIME', 'STEP', 'FLOOR', 'TO', 'MINUTE', 'SECOND', 'HOUR', 'DAY', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'LAG', 'VARCHAR', 'INTEGER',
  'TIMESTAMP', 'DOUBLE', 'DECIMAL', 'BOOLEAN', '"SOURCE_SQL_STREAM_001"', '"DESTINATION_SQL_STREAM"', 'x', '"x"', '0', '-1', '1e309',
  '99999999999999999999', "'1'", "'abc'", "''", '(', ')', ',', ';', '.', '*', '+', '-', '/', '=', '<>', '||', '?', '[', ']',
];

type Edit = { kind: 'drop' | 'repeat' | 'swap'; at: number } | { kind: 'replace'; at: number; with: number };

const edit = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'repeat' as const, 'swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), with: fc.nat({ max: replacements.length - 1 }) }),
);

const applyEdits = (tokens: string[], edits: readonly Edit[]): string => {
  const t = [...tokens];
  for (const e of edits) {
    if (t.length === 0) break;
    const i = e.at % t.length;
    if (e.kind === 'replace') t[i] = replacements[e.with]!;
    else if (e.kind === 'drop') t.splice(i, 1);
    else if (e.kind === 'repeat') t.splice(i, 0, t[i]!);
    else [t[i], t[(i + 1) % t.length]] = [t[(i + 1) % t.length]!, t[i]!];
  }
  return t.join(' ');
};

const fixtures = listFixtures().map((name) => loadFixture(name));

describe('documented applications, edited into mistakes', () => {
  for (const f of fixtures.filter((x) => process.env.ONLY === undefined || x.name.includes(process.env.ONLY))) {
    const tokens = f.sql.replace(/--[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ').match(TOKEN) ?? [];
    it(`${f.name}: compiles or fails with a positioned SqlError, never an internal error (property)`, () => {
      fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const sql = applyEdits(tokens, edits);
        let thrown: unknown;
        try {
          compileApplication(sql, f.inputSchema, { referenceData: f.referenceData, ...(f.options.inputStreamName ? { inputStreamName: f.options.inputStreamName } : {}) }).close();
        } catch (e) {
          thrown = e;
        }
        if (thrown !== undefined) {
          expect(isSurvError(thrown), `${String(thrown)}\n${(thrown as Error).stack ?? ''}\nSQL: ${sql}`).toBe(true);
          const [d] = checkApplication(sql, f.inputSchema, { referenceData: f.referenceData, ...(f.options.inputStreamName ? { inputStreamName: f.options.inputStreamName } : {}) });
          expect(d?.severity).toBe('error');
        }
      }), { numRuns: Number(process.env.RUNS ?? 40) });
    });
  }
});
