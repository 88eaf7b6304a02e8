import { type ReferenceDataSource } from '@surv/kav2-sql';
import { CliError, usageError } from '../../errors';
import { readTextFile } from './sql-files';

/** One `--reference TABLE=SCHEMA_FILE:DATA_FILE` (a KDA ReferenceDataSource read from local files). */
export interface ReferenceFlag {
  readonly tableName: string;
  readonly schemaPath: string;
  readonly dataPath: string;
}

const FLAG = '--reference';

/**
 * Takes every `--reference` (repeatable) out of the arguments, before the other flags are parsed:
 * `--reference TABLE=SCHEMA:DATA` or `--reference=TABLE=SCHEMA:DATA`.
 */
export const takeReferenceFlags = (args: readonly string[], hint: string): { rest: string[]; references: ReferenceFlag[] } => {
  const rest: string[] = [];
  const references: ReferenceFlag[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    let value: string | undefined;
    if (arg === FLAG) {
      value = args[++i];
      if (value === undefined) throw usageError(`flag ${FLAG} needs a value: TABLE=REFERENCE_SCHEMA.json:DATA_FILE`, hint);
    } else if (arg.startsWith(`${FLAG}=`)) value = arg.slice(FLAG.length + 1);
    if (value === undefined) {
      rest.push(arg);
      continue;
    }
    const eq = value.indexOf('=');
    const colon = value.indexOf(':', eq + 1);
    if (eq <= 0 || colon < 0 || colon === eq + 1 || colon === value.length - 1) {
      throw usageError(`${FLAG} '${value}' is not TABLE=REFERENCE_SCHEMA.json:DATA_FILE`, hint);
    }
    references.push({ tableName: value.slice(0, eq), schemaPath: value.slice(eq + 1, colon), dataPath: value.slice(colon + 1) });
  }
  return { rest, references };
};

/**
 * Reads each reference table's schema (a KDA ReferenceSchema, or an object wrapping one under
 * `ReferenceSchema` as `describe-application` prints it) and its data file's text.
 */
export const readReferenceData = async (refs: readonly ReferenceFlag[], cwd: string, hint: string): Promise<ReferenceDataSource[]> => {
  const out: ReferenceDataSource[] = [];
  for (const r of refs) {
    const text = await readTextFile(r.schemaPath, `reference schema of ${r.tableName}`, cwd, hint);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new CliError('CLI_INPUT_REJECTED', `reference schema '${r.schemaPath}' is not valid JSON: ${(cause as Error).message}`, { hint, cause });
    }
    const wrapped = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['ReferenceSchema'] : undefined;
    const data = await readTextFile(r.dataPath, `reference data of ${r.tableName}`, cwd, hint);
    out.push({ tableName: r.tableName, schema: typeof wrapped === 'object' && wrapped !== null ? wrapped : json, text: data });
  }
  return out;
};
