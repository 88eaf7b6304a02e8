import { isSurvError } from '@surv/domain';
import { checkApplication, compileApplication, formatRow, type OutputRow } from '@surv/kav2-sql';
import { describe, expect, it } from 'vitest';
import { compareRows } from './compare-rows';
import { listFixtures, loadFixture, type Fixture } from './fixture';

// The AWS KDA SQL Reference and Developer Guide examples are the spec: each folder under fixtures/ is one
// documented example (see its README.md). Every case is run through the public API only.

const ERROR_STREAM = 'error_stream';

/** Runs a positive fixture: compile, push every record, flush when asked, format the named stream's rows. */
const runFixture = (f: Fixture) => {
  const { options } = f;
  const app = compileApplication(f.sql, f.inputSchema, {
    ...(options.inputStreamName ? { inputStreamName: options.inputStreamName } : {}),
    rowtime: options.rowtime,
    ...(options.clock ? { clock: () => Date.parse(options.clock!) } : {}),
    referenceData: f.referenceData,
  });
  try {
    // error_stream is no declared stream but every application has one (a fixture may compare its rows).
    expect([...app.outputStreams, ERROR_STREAM], `stream ${options.stream} is not an output of the application`).toContain(options.stream);
    const rows: OutputRow[] = [];
    const errors: OutputRow[] = [];
    const offRows = app.on(options.stream, (r) => rows.push(r));
    const offErrors = options.stream === ERROR_STREAM ? () => undefined : app.on(ERROR_STREAM, (r) => errors.push(r));
    for (const input of f.inputs) {
      app.push(typeof input.record === 'string' ? input.record : JSON.stringify(input.record), input.arrivalTime === undefined ? undefined : { arrivalTime: input.arrivalTime });
    }
    if (options.flush) app.flush();
    offRows();
    offErrors();
    const columns = app.columns(options.stream);
    const formatted = rows.map((r) => {
      const out = formatRow(r, columns, { emitRowtime: false });
      return options.emitRowtime ? { ...out, __rowtime: new Date(r.rowtime).toISOString() } : out;
    });
    return { formatted, errors: errors.map((e) => formatRow(e, app.columns(ERROR_STREAM), { emitRowtime: false })) };
  } finally {
    app.close();
  }
};

const fixtures = listFixtures().map((name) => loadFixture(name));
const positive = fixtures.filter((f) => f.expected !== undefined);
const negative = fixtures.filter((f) => f.expectedError !== undefined);

describe('KDA SQL conformance: documented examples produce the documented rows', () => {
  it.each(positive.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const { formatted, errors } = runFixture(f);
    expect(errors, 'rows on error_stream').toEqual([]);
    const problems = compareRows(formatted, f.expected!, f.options);
    expect(problems, `got:\n${formatted.map((r) => JSON.stringify(r)).join('\n')}`).toEqual([]);
  });
});

// A negative case names its input stream like a positive one (e.g. a page's query over `Orders`).
const negativeOptions = (f: (typeof negative)[number]) => ({
  referenceData: f.referenceData,
  ...(f.options.inputStreamName ? { inputStreamName: f.options.inputStreamName } : {}),
});

describe('KDA SQL conformance: invalid applications are rejected with a positioned error', () => {
  it.each(negative.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const want = f.expectedError!;
    let thrown: unknown;
    try {
      compileApplication(f.sql, f.inputSchema, negativeOptions(f)).close();
    } catch (e) {
      thrown = e;
    }
    expect(thrown, 'compileApplication did not throw').toBeDefined();
    expect(isSurvError(thrown), `not a SurvError: ${String(thrown)}`).toBe(true);
    const err = thrown as { code: string; line: number; column: number; message: string };
    expect({ code: err.code, line: err.line, column: err.column }, err.message).toEqual(want);

    const diagnostics = checkApplication(f.sql, f.inputSchema, negativeOptions(f));
    expect(diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column }))).toContainEqual(want);
  });
});
