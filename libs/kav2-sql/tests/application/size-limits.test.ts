import { checkApplication, compileApplication, SqlError } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { jsonSchema, runApp, T0 } from '../helpers';

// An application far larger than any real one (generated SQL, a paste gone wrong) gets a positioned error
// from compile and check, never a stack overflow; what compiles never throws from push().
const schema = jsonSchema([['N', 'INTEGER']]);
const app = (select: string, columns = 'R INTEGER') => `CREATE STREAM "DESTINATION_SQL_STREAM" (${columns});
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${select} FROM "SOURCE_SQL_STREAM_001";`;

const refusal = (sql: string): SqlError => {
  const diagnostics = checkApplication(sql, schema);
  expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'KAV2_INVALID_ARGUMENT', line: expect.any(Number), column: expect.any(Number) })]);
  try {
    compileApplication(sql, schema);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return e as SqlError;
  }
  throw new Error('compiled');
};

const valueOf = (sql: string, n: number) => {
  const { rows, errors } = runApp(sql, schema, [{ at: T0, rec: { N: n } }]);
  expect(errors).toEqual([]);
  return rows.map((r) => r.values.R);
};

describe('size limits', () => {
  it('refuses parentheses, calls or unary signs nested past 200 levels, where they start going too deep', () => {
    expect(refusal(app(`${'('.repeat(20_000)}N${')'.repeat(20_000)}`)).message).toMatch(/nest more than 200 levels deep/);
    expect(refusal(app(`${'ABS('.repeat(5_000)}N${')'.repeat(5_000)}`)).column).toBeLessThan(2_000);
    expect(refusal(app(`${'- '.repeat(20_000)}N`)).message).toMatch(/nest more than 200 levels deep/);
  });

  it('refuses an operator chain deeper than 350, and runs one just inside the limit', () => {
    for (const op of [' + ', ' || ']) {
      const chain = (n: number) => Array.from({ length: n }, () => (op === ' + ' ? 'N' : "'a'")).join(op);
      expect(refusal(app(chain(50_000))).message).toMatch(/nested more than 350 levels deep/);
    }
    expect(refusal(app(`CASE WHEN ${Array.from({ length: 50_000 }, () => 'N = 1').join(' AND ')} THEN 1 END`)).line).toBe(2);
    expect(valueOf(app(Array.from({ length: 340 }, () => 'N').join(' + ')), 2)).toEqual([680]);
  });

  it('runs a CASE or IN with thousands of branches without a stack overflow on the first row', () => {
    const branches = Array.from({ length: 5_000 }, (_, i) => `WHEN N = ${i} THEN ${i * 2}`).join(' ');
    expect(valueOf(app(`CASE ${branches} ELSE -1 END`), 4_321)).toEqual([8_642]);
    const items = Array.from({ length: 5_000 }, (_, i) => i * 3).join(', ');
    expect(valueOf(app(`CASE WHEN N IN (${items}) THEN 1 ELSE 0 END`), 9_000)).toEqual([1]);
    expect(valueOf(app(`CASE WHEN N IN (${items}) THEN 1 ELSE 0 END`), 9_001)).toEqual([0]);
  });

  it('refuses user-defined functions whose expansion doubles level after level', () => {
    let defs = 'CREATE FUNCTION d0(x INTEGER) RETURNS INTEGER LANGUAGE SQL RETURN x + x;\n';
    for (let i = 1; i <= 30; i++) defs += `CREATE FUNCTION d${i}(x INTEGER) RETURNS INTEGER LANGUAGE SQL RETURN d${i - 1}(x) - d${i - 1}(x) + x;\n`;
    expect(refusal(defs + app('d30(N)')).message).toMatch(/expands more than 10000 user-defined function calls/);
  });
});

describe('records with values that have no JSON text', () => {
  const mapped = jsonSchema([['N', 'INTEGER'], ['X', 'VARCHAR(16)']]);
  const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (N INTEGER, X VARCHAR(16));
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM N, X FROM "SOURCE_SQL_STREAM_001";`;
  const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;

  it('sends a value nested too deeply to print to error_stream, as text or as a parsed object, and goes on', () => {
    const a = compileApplication(sql, mapped);
    const rows: unknown[] = [];
    const errors: string[] = [];
    a.on('DESTINATION_SQL_STREAM', (r) => rows.push(r.values));
    a.on('error_stream', (r) => errors.push(`${String(r.values.ERROR_NAME)}: ${String(r.values.MESSAGE)}`));
    const text = `{"N": 1, "X": ${deep}}`;
    a.push(text);
    a.push(JSON.parse(text) as Record<string, unknown>);
    a.push(`{"N": ${deep}, "X": "b"}`);
    a.push({ N: 2, X: 'ok', Y: JSON.parse(deep) as unknown });
    expect(errors).toEqual([
      expect.stringMatching(/^MAPPING_FAILED: column X: value \(not printable as JSON.*\) has no JSON text to store/),
      expect.stringMatching(/^MAPPING_FAILED: column X/),
      expect.stringMatching(/^MAPPING_FAILED: column N/),
    ]);
    expect(rows).toEqual([{ N: 2, X: 'ok' }]);
  });

  it('sends a circular object pushed as a record to error_stream instead of throwing', () => {
    const a = compileApplication(sql, mapped);
    const errors: unknown[] = [];
    a.on('error_stream', (r) => errors.push(r.values.ERROR_NAME));
    const rec: Record<string, unknown> = { N: 1 };
    rec.X = rec;
    expect(() => a.push(rec)).not.toThrow();
    expect(errors).toEqual(['MAPPING_FAILED']);
  });
});
