import { compileApplication, formatRow, type OutputRow } from '@surv/kav2-sql';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listFixtures, loadFixture, type Fixture } from './fixture';

// Every documented application, fed its own records mutated the way real feeds go wrong: a wrong
// type, NULL, a missing or extra field, huge or non-finite numbers, long or odd text, out-of-order and
// repeated arrival times, and lines that are not JSON at all. Whatever comes in, push() and flush()
// never throw: a record the application cannot take becomes an error_stream row, and every row that
// does come out can be formatted.

const oddValue = fc.oneof(
  fc.constantFrom<unknown>(null, '', ' ', 'x'.repeat(300), '\u0000', '\ud800', 'NaN', '1e400', '-0', '2018-13-45T99:99:99Z', 'true', '12:61', true, false),
  fc.constantFrom<unknown>(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 5e-324, Number.MAX_SAFE_INTEGER),
  fc.constantFrom<unknown>({}, [], [1, 'a'], { nested: { deeper: [null] } }),
  fc.string({ maxLength: 12 }),
  fc.double(),
);

const notJson = fc.constantFrom('', '{', '{"a":', 'null', '[]', '42', '"text"', '\u0000\u0001', '{"a":1}{"b":2}', ',,,,', 'a,b,"c');

type Mutation = { kind: 'set'; at: number; value: unknown } | { kind: 'drop'; at: number } | { kind: 'extra'; value: unknown } | { kind: 'raw'; text: string };

const mutation = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: oddValue }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('extra' as const), value: oddValue }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('raw' as const), text: notJson }), weight: 1 },
);

/** The fixture's record with one mutation applied, as the text or object push() takes. */
const mutate = (record: Record<string, unknown> | string, m: Mutation | undefined): string | Record<string, unknown> => {
  if (m === undefined) return typeof record === 'string' ? record : JSON.stringify(record);
  if (m.kind === 'raw') return m.text;
  if (typeof record === 'string') return m.kind === 'set' ? `${record}${String(m.value)}` : record.slice(0, record.length >> 1);
  const keys = Object.keys(record);
  const copy: Record<string, unknown> = { ...record };
  if (m.kind === 'extra') copy['__unexpected'] = m.value;
  else if (keys.length > 0) {
    const key = keys[m.at % keys.length]!;
    if (m.kind === 'drop') delete copy[key];
    else copy[key] = m.value;
  }
  // Objects go in as they are half the time: the engine takes parsed records too.
  return m.kind !== 'extra' && m.at % 2 === 0 ? copy : JSON.stringify(copy) ?? 'undefined';
};

const positiveFixtures = listFixtures().map((name) => loadFixture(name)).filter((f): f is Fixture => f.expected !== undefined && f.inputs.length > 0);

describe('documented applications under hostile input', () => {
  it('has applications to feed', () => {
    expect(positiveFixtures.length).toBeGreaterThan(50);
  });

  for (const f of positiveFixtures.filter((x) => process.env.ONLY === undefined || x.name.includes(process.env.ONLY))) {
    it(`${f.name}: push() and flush() never throw, and every output row formats (property)`, () => {
      const inputs = f.inputs;
      const plan = fc.array(fc.record({ pick: fc.nat(), mutation: fc.option(mutation, { nil: undefined }), shift: fc.integer({ min: -120_000, max: 120_000 }) }), { minLength: 1, maxLength: 25 });
      fc.assert(fc.property(plan, (steps) => {
        const app = compileApplication(f.sql, f.inputSchema, {
          ...(f.options.inputStreamName ? { inputStreamName: f.options.inputStreamName } : {}),
          rowtime: f.options.rowtime,
          ...(f.options.clock ? { clock: () => Date.parse(f.options.clock!) } : {}),
          referenceData: f.referenceData,
        });
        const out: [string, OutputRow][] = [];
        for (const s of [...app.outputStreams, 'error_stream']) app.on(s, (r) => out.push([s, r]));
        for (const step of steps) {
          const input = inputs[step.pick % inputs.length]!;
          const arrival = input.arrivalTime === undefined ? undefined : input.arrivalTime + step.shift;
          app.push(mutate(input.record, step.mutation) as string, arrival === undefined ? undefined : { arrivalTime: arrival });
        }
        app.flush();
        for (const [stream, row] of out) expect(() => formatRow(row, app.columns(stream), { emitRowtime: true }), stream).not.toThrow();
        app.close();
      }), { numRuns: Number(process.env.RUNS ?? 25) });
    });
  }
});
