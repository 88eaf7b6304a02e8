import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DetectionError } from './errors';

const InputColumnSchema = z.object({ Name: z.string().min(1), Mapping: z.string().startsWith('$.'), SqlType: z.string().min(1) });

/** The KDA `InputSchema` of the application: how market-event JSON maps to SQL columns. */
export const InputSchemaSchema = z.object({
  RecordFormat: z.object({
    RecordFormatType: z.literal('JSON'),
    MappingParameters: z.object({ JSONMappingParameters: z.object({ RecordRowPath: z.string() }) }),
  }),
  RecordEncoding: z.string(),
  RecordColumns: z.array(InputColumnSchema).min(1),
});
export type InputSchema = z.infer<typeof InputSchemaSchema>;

/** The alerts-stream output: KDA `DestinationSchema` plus the column list of `DESTINATION_SQL_STREAM`. */
export const OutputSchemaSchema = z.object({
  Name: z.string().min(1),
  DestinationSchema: z.object({ RecordFormatType: z.literal('JSON') }),
  Columns: z.array(z.object({ Name: z.string().min(1), SqlType: z.string().min(1) })).min(1),
});
export type OutputSchema = z.infer<typeof OutputSchemaSchema>;

/** The batch (DuckDB) twins of the streaming rules, each a SELECT over a table/view `events` (+ `rowtime`). */
export interface BatchQueries {
  readonly washTrade: string;
  readonly spoofing: string;
}

/** Everything a runtime needs to deploy or run the detection rules. */
export interface DetectionApplication {
  /** The KDA SQL-1_0 application text (`sql/detection.sql`). */
  readonly sql: string;
  readonly inputSchema: InputSchema;
  readonly outputSchema: OutputSchema;
  readonly batch: BatchQueries;
}

export interface LoadDetectionApplicationOptions {
  /** Folder holding `detection.sql`, the schemas and `batch/`. @default the package's own `sql/` folder */
  readonly sqlDir?: string;
}

// src/ (tests) and dist/ (the built package, ESM or CJS) sit below the package root that holds sql/;
// walk up a few levels so a bundle placed deeper (a Lambda asset, a test build) still finds it.
const defaultSqlDir = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'sql', 'detection.sql'))) return join(dir, 'sql');
    dir = dirname(dir);
  }
  throw new DetectionError('DETECTION_APP_NOT_FOUND', `no sql/detection.sql above '${fileURLToPath(import.meta.url)}'; pass sqlDir`);
};

const readText = (dir: string, name: string): string => {
  const path = join(dir, name);
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DetectionError('DETECTION_APP_NOT_FOUND', `cannot read detection application file '${path}'`, { cause });
  }
};

const readJson = <T>(dir: string, name: string, schema: z.ZodType<T>): T => {
  const text = readText(dir, name);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new DetectionError('DETECTION_APP_INVALID', `'${name}' is not valid JSON`, { cause });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DetectionError('DETECTION_APP_INVALID', `'${name}': ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
};

/**
 * Loads the detection application (SQL, input schema, output schema, batch twins) from the package's
 * `sql/` folder; works from the sources and from the built package (ESM or CJS).
 */
export const loadDetectionApplication = (options: LoadDetectionApplicationOptions = {}): DetectionApplication => {
  const dir = options.sqlDir ?? defaultSqlDir();
  const sql = readText(dir, 'detection.sql');
  if (!/DESTINATION_SQL_STREAM/.test(sql) || !/SOURCE_SQL_STREAM_001/.test(sql)) {
    throw new DetectionError('DETECTION_APP_INVALID', `'${join(dir, 'detection.sql')}' does not read SOURCE_SQL_STREAM_001 and write DESTINATION_SQL_STREAM`);
  }
  return {
    sql,
    inputSchema: readJson(dir, 'input-schema.json', InputSchemaSchema),
    outputSchema: readJson(dir, 'output-schema.json', OutputSchemaSchema),
    batch: { washTrade: readText(join(dir, 'batch'), 'wash-trade.sql'), spoofing: readText(join(dir, 'batch'), 'spoofing.sql') },
  };
};
