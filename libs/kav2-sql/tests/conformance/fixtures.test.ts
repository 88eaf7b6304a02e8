import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRows, rowMismatch } from './compare-rows';
import { listFixtures, loadFixture } from './fixture';

// These tests hold the runner itself to account, independent of the engine: a runner that cannot fail,
// or a malformed fixture, would make the conformance suite meaningless.

describe('conformance fixtures', () => {
  const names = listFixtures();

  it('has at least 25 documented examples and 5 negative cases', () => {
    const loaded = names.map((n) => loadFixture(n));
    expect(loaded.filter((f) => f.expected).length).toBeGreaterThanOrEqual(25);
    expect(loaded.filter((f) => f.expectedError).length).toBeGreaterThanOrEqual(5);
  });

  it.each(names)('%s is well-formed and cites its source', (name) => {
    const f = loadFixture(name);
    expect(existsSync(join(f.dir, 'README.md'))).toBe(true);
    expect(f.sql).toMatch(/CREATE\s+(OR\s+REPLACE\s+)?PUMP/i);
    if (f.expected) {
      expect(f.inputs.length).toBeGreaterThan(0);
      expect(f.expected.length).toBeGreaterThan(0);
      // ROWTIME must be known for every record: arrival-driven fixtures carry __arrival.
      for (const i of f.inputs) expect(i.arrivalTime).toEqual(expect.any(Number));
      for (const row of f.expected) {
        for (const [k, v] of Object.entries(row)) {
          // Unquoted names fold to upper case; a quoted one ("column_A") keeps its case.
          expect(k === '__rowtime' || k === k.toUpperCase() || f.sql.includes(`"${k}"`), `column ${k} must be upper-cased`).toBe(true);
          if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        }
        if (f.options.emitRowtime) expect(row).toHaveProperty('__rowtime');
      }
    }
  });
});

describe('compareRows', () => {
  it('accepts identical rows in order', () => {
    expect(compareRows([{ A: 1, B: 'x' }], [{ A: 1, B: 'x' }])).toEqual([]);
  });

  it('reports a changed value with the row and column', () => {
    expect(compareRows([{ A: 1 }, { A: 2 }], [{ A: 1 }, { A: 3 }])).toEqual(['row 2: A: got 2, expected 3']);
  });

  it('reports missing and extra columns', () => {
    expect(rowMismatch({ A: 1, C: 2 }, { A: 1, B: 2 })).toMatch(/columns differ/);
  });

  it('reports a different row count', () => {
    expect(compareRows([], [{ A: 1 }])).toContain('row count: got 0, expected 1');
  });

  it('is order-sensitive unless asked otherwise', () => {
    const a = [{ A: 1 }, { A: 2 }];
    const e = [{ A: 2 }, { A: 1 }];
    expect(compareRows(a, e)).not.toEqual([]);
    expect(compareRows(a, e, { orderInsensitive: true })).toEqual([]);
    expect(compareRows([{ A: 1 }, { A: 1 }], [{ A: 1 }, { A: 2 }], { orderInsensitive: true })).toEqual([
      'expected row 2 not produced: {"A":2}',
      'unexpected row: {"A":1}',
    ]);
  });

  it('compares numbers exactly unless a tolerance is given', () => {
    expect(compareRows([{ A: 0.1 + 0.2 }], [{ A: 0.3 }])).not.toEqual([]);
    expect(compareRows([{ A: 0.1 + 0.2 }], [{ A: 0.3 }], { numericTolerance: 1e-9 })).toEqual([]);
    expect(compareRows([{ A: 0.31 }], [{ A: 0.3 }], { numericTolerance: 1e-9 })).not.toEqual([]);
  });

  it('matches a number in a $range, a string by $regex, and JSON text by $json at any depth', () => {
    expect(compareRows([{ A: 0.7 }], [{ A: { $range: [0, 1] } }])).toEqual([]);
    expect(compareRows([{ A: 1.5 }], [{ A: { $range: [0, 1] } }])).toEqual(['row 1: A: got 1.5, expected {"$range":[0,1]}']);
    expect(compareRows([{ A: '0.7' }], [{ A: { $range: [0, 1] } }])).not.toEqual([]);
    expect(compareRows([{ A: 'HIGH' }], [{ A: { $regex: '^(HIGH|LOW)$' } }])).toEqual([]);
    expect(compareRows([{ A: 'HIGHER' }], [{ A: { $regex: '^(HIGH|LOW)$' } }])).not.toEqual([]);
    const json = { $json: { x: { D: 'HIGH', S: { $regex: '^\\d\\.\\d{4}$' } }, v: [{ $range: [1, 2] }, 3] } };
    expect(compareRows([{ A: '{"v":[1.5,3],"x":{"S":"0.1234","D":"HIGH"}}' }], [{ A: json }])).toEqual([]);
    expect(compareRows([{ A: '{"v":[1.5,3],"x":{"S":"0.1234","D":"LOW"}}' }], [{ A: json }])).not.toEqual([]);
    expect(compareRows([{ A: '{"v":[1.5,3,4],"x":{"S":"0.1234","D":"HIGH"}}' }], [{ A: json }])).not.toEqual([]);
    expect(compareRows([{ A: '{"v":[1.5,3],"x":{"S":"0.1234","D":"HIGH","E":1}}' }], [{ A: json }])).not.toEqual([]);
    expect(compareRows([{ A: 'not json' }], [{ A: json }])).not.toEqual([]);
    // An object that is not exactly one matcher is still compared as a value.
    expect(compareRows([{ A: { $range: [0, 1], b: 1 } }], [{ A: { $range: [0, 1], b: 1 } }])).toEqual([]);
  });

  it('distinguishes null, empty string and a number written as a string', () => {
    expect(compareRows([{ A: '' }], [{ A: null }])).not.toEqual([]);
    expect(compareRows([{ A: '2' }], [{ A: 2 }])).not.toEqual([]);
  });
});

describe('loadFixture', () => {
  const make = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'kav2-conf-'));
    mkdirSync(join(root, 'case'));
    for (const [f, body] of Object.entries(files)) writeFileSync(join(root, 'case', f), body);
    return root;
  };
  const base = {
    'app.sql': 'CREATE PUMP "P" AS INSERT INTO "D" SELECT STREAM A FROM "S";',
    'input-schema.json': JSON.stringify({ RecordFormat: { RecordFormatType: 'JSON' }, RecordColumns: [{ Name: 'A', SqlType: 'INTEGER', Mapping: '$.A' }] }),
    'input.jsonl': '{"A":1,"__arrival":"2020-01-01T00:00:00.000Z"}\n',
    'README.md': 'x',
  };

  it('strips __arrival from the record and turns it into the arrival time', () => {
    const f = loadFixture('case', make({ ...base, 'expected.jsonl': '{"A":1}\n' }));
    expect(f.inputs).toEqual([{ record: { A: 1 }, arrivalTime: Date.UTC(2020, 0, 1) }]);
    expect(f.options.stream).toBe('DESTINATION_SQL_STREAM');
  });

  it('uses the rowtime field as arrival time when no __arrival is given', () => {
    const f = loadFixture('case', make({
      ...base,
      'input.jsonl': '{"A":1,"T":"2020-01-01T00:00:01.000Z"}\n',
      'options.json': '{"rowtime":{"field":"T"}}',
      'expected.jsonl': '{"A":1}\n',
    }));
    expect(f.inputs[0]!.arrivalTime).toBe(Date.UTC(2020, 0, 1, 0, 0, 1));
  });

  it('pushes the __record text of a line as the record itself (CSV), keeping its __arrival', () => {
    const f = loadFixture('case', make({ ...base, 'input.jsonl': '{"__record":"1,x","__arrival":"2020-01-01T00:00:00.000Z"}\n', 'expected.jsonl': '{"A":1}\n' }));
    expect(f.inputs).toEqual([{ record: '1,x', arrivalTime: Date.UTC(2020, 0, 1) }]);
    expect(() => loadFixture('case', make({ ...base, 'input.jsonl': '{"__record":"1,x","A":2}\n', 'expected.jsonl': '{"A":1}\n' }))).toThrow(/__record must be a string/);
  });

  it('rejects a fixture with both or neither expected files, and unknown options', () => {
    expect(() => loadFixture('case', make(base))).toThrow(/exactly one/);
    expect(() => loadFixture('case', make({ ...base, 'expected.jsonl': '{}', 'options.json': '{"flsh":true}' }))).toThrow();
  });
});
