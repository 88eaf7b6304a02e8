import { describe, expect, it } from 'vitest';
import { compileErrorOf, jsonSchema } from '../helpers';

const SCHEMA = jsonSchema([['S', 'TIMESTAMP'], ['E', 'TIMESTAMP']]);
const sql = (cond: string) => `CREATE STREAM "DESTINATION_SQL_STREAM" (S TIMESTAMP);
CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM "S" FROM "SOURCE_SQL_STREAM_001" WHERE ${cond};`;
const at = (text: string, needle: string): [number, number] => {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return [line + 1, lines[line]!.indexOf(needle) + 1];
};

describe('temporal predicates (SQL Reference, Temporal Predicates)', () => {
  it.each([
    ['("S", "E") OVERLAPS ("S", "E")', 'OVERLAPS', 'the temporal predicate OVERLAPS'],
    ['("S", "E") IMMEDIATELY PRECEDES ("E", "E")', 'IMMEDIATELY', 'the temporal predicate IMMEDIATELY'],
    ['("S", "E") STRICTLY CONTAINS ("S", "E")', 'STRICTLY', 'the temporal predicate STRICTLY'],
    ['PERIOD("S", "E") CONTAINS "S"', 'PERIOD', 'PERIOD(start, end), a period of the temporal predicates'],
  ])('refuses %s by name, at the predicate', (cond, needle, named) => {
    const text = sql(cond);
    const e = compileErrorOf(text, SCHEMA);
    expect([e.code, e.line, e.column]).toEqual(['KAV2_UNSUPPORTED', ...at(text, needle)]);
    expect(e.message).toContain(`${named}`);
  });

  it('refuses a row value that no temporal predicate follows as a row value, at its parenthesis', () => {
    const text = sql('("S", "E") IS NULL');
    const e = compileErrorOf(text, SCHEMA);
    expect([e.code, e.line, e.column]).toEqual(['KAV2_UNSUPPORTED', ...at(text, '("S", "E")')]);
    expect(e.message).toContain('a row value (a, b) is not supported');
  });
});
