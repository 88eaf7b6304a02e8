import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the conformance cases live: one folder per case, discovered at run time (a new case is a new folder). */
export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures', import.meta.url));

const RowtimeSchema = z.union([z.literal('arrival'), z.object({ field: z.string().min(1) }).strict()]);

/** `options.json` of a fixture; every field optional. */
export const FixtureOptionsSchema = z
  .object({
    /** Where ROWTIME comes from. @default 'arrival' (from each record's `__arrival`) */
    rowtime: RowtimeSchema.default('arrival'),
    /** In-application stream whose rows are compared. @default 'DESTINATION_SQL_STREAM' */
    stream: z.string().min(1).default('DESTINATION_SQL_STREAM'),
    /** Name of the in-application input stream. @default engine default (SOURCE_SQL_STREAM_001) */
    inputStreamName: z.string().min(1).optional(),
    /** Close open windows at end of input. @default false (like KDA: open windows emit nothing) */
    flush: z.boolean().default(false),
    /** Compare each row's ROWTIME, under key `__rowtime`. @default false */
    emitRowtime: z.boolean().default(false),
    /** Compare rows as a multiset instead of a sequence. @default false */
    orderInsensitive: z.boolean().default(false),
    /** Relative tolerance for numbers. @default 0 (exact) */
    numericTolerance: z.number().min(0).default(0),
    /** Pins the engine clock (CURRENT_ROW_TIMESTAMP) to this instant, ISO-8601. @default engine default */
    clock: z.iso.datetime({ offset: true }).optional(),
    /**
     * Reference tables (KDA ReferenceDataSource): `schema` names the fixture's ReferenceSchema JSON file,
     * `data` the file holding the S3 object's text. @default []
     */
    referenceData: z.array(z.object({ tableName: z.string().min(1), schema: z.string().min(1), data: z.string().min(1) }).strict()).default([]),
  })
  .strict();
export type FixtureOptions = z.infer<typeof FixtureOptionsSchema>;

const ExpectedErrorSchema = z
  .object({ code: z.string().regex(/^KAV2_[A-Z_]+$/), line: z.number().int().min(1), column: z.number().int().min(1) })
  .strict();
export type ExpectedError = z.infer<typeof ExpectedErrorSchema>;

const InputSchemaSchema = z.object({
  RecordFormat: z.object({ RecordFormatType: z.enum(['JSON', 'CSV']) }).loose(),
  RecordEncoding: z.string().optional(),
  RecordColumns: z
    .array(z.object({ Name: z.string().min(1), SqlType: z.string().min(1), Mapping: z.string().optional() }).strict())
    .min(1),
});

/**
 * One input line: the record pushed to the engine and the arrival time the runner gives it. A line's
 * `__record` string is pushed as it is (a CSV record, or text that is not JSON) instead of the line's JSON.
 */
export interface FixtureInput {
  readonly record: Record<string, unknown> | string;
  readonly arrivalTime: number | undefined;
}

export interface Fixture {
  readonly name: string;
  readonly dir: string;
  readonly sql: string;
  readonly inputSchema: unknown;
  readonly inputs: readonly FixtureInput[];
  readonly options: FixtureOptions;
  /** `options.referenceData` with its files read, as `compileApplication` takes it. */
  readonly referenceData: readonly { tableName: string; schema: unknown; text: string }[];
  /** Present for positive cases. */
  readonly expected: readonly Record<string, unknown>[] | undefined;
  /** Present for negative cases. */
  readonly expectedError: ExpectedError | undefined;
}

const readJsonl = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const v: unknown = JSON.parse(l);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${path}:${i + 1}: not a JSON object`);
      return v as Record<string, unknown>;
    });

/** Epoch ms from an ISO-8601 string or an epoch-ms number; throws on anything else. */
export const toEpochMs = (v: unknown, what: string): number => {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`${what}: not a timestamp: ${JSON.stringify(v)}`);
  return ms;
};

const toInput = (raw: Record<string, unknown>, options: FixtureOptions, where: string): FixtureInput => {
  const { __arrival, __record, ...fields } = raw;
  if (__record !== undefined && (typeof __record !== 'string' || Object.keys(fields).length > 0)) {
    throw new Error(`${where}: __record must be a string, and the line's only other key __arrival`);
  }
  const record = typeof __record === 'string' ? __record : fields;
  if (__arrival !== undefined) return { record, arrivalTime: toEpochMs(__arrival, `${where} __arrival`) };
  if (typeof record === 'string') return { record, arrivalTime: undefined };
  // Without an explicit arrival, a rowtime field doubles as the arrival time (replay of event time).
  if (typeof options.rowtime === 'object') return { record, arrivalTime: toEpochMs(record[options.rowtime.field], where) };
  return { record, arrivalTime: undefined };
};

/** Loads and validates one fixture folder; a malformed fixture throws naming the file. */
export const loadFixture = (name: string, root = FIXTURES_DIR): Fixture => {
  const dir = join(root, name);
  const file = (f: string) => join(dir, f);
  const options = FixtureOptionsSchema.parse(existsSync(file('options.json')) ? JSON.parse(readFileSync(file('options.json'), 'utf8')) : {});
  const inputSchema: unknown = JSON.parse(readFileSync(file('input-schema.json'), 'utf8'));
  InputSchemaSchema.parse(inputSchema);
  const hasExpected = existsSync(file('expected.jsonl'));
  const hasError = existsSync(file('expected-error.json'));
  if (hasExpected === hasError) throw new Error(`${dir}: needs exactly one of expected.jsonl or expected-error.json`);
  return {
    name,
    dir,
    sql: readFileSync(file('app.sql'), 'utf8'),
    inputSchema,
    inputs: readJsonl(file('input.jsonl')).map((r, i) => toInput(r, options, `${name}/input.jsonl:${i + 1}`)),
    options,
    referenceData: options.referenceData.map((r) => ({
      tableName: r.tableName,
      schema: JSON.parse(readFileSync(file(r.schema), 'utf8')) as unknown,
      text: readFileSync(file(r.data), 'utf8'),
    })),
    expected: hasExpected ? readJsonl(file('expected.jsonl')) : undefined,
    expectedError: hasError ? ExpectedErrorSchema.parse(JSON.parse(readFileSync(file('expected-error.json'), 'utf8'))) : undefined,
  };
};

/** Names of all fixture folders, sorted. */
export const listFixtures = (root = FIXTURES_DIR): string[] =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
