import { checkApplication } from '@surv/kav2-sql';
import { parseArgs } from '../../args';
import { type Command } from '../../command';
import { CliError, usageError } from '../../errors';
import { inputStreamOptions } from './input-stream-flags';
import { readReferenceData, takeReferenceFlags } from './reference-flag';
import { diagnosticMessage, formatDiagnostic, readInputSchema, readTextFile, sqlCompileError, writeLine } from './sql-files';

const NAME = 'sql check';
const SPEC = { schema: { type: 'string' }, 'input-stream': { type: 'string' }, 'input-parallelism': { type: 'string' }, json: { type: 'boolean' } } as const;

/** `surv sql check <app.sql> --schema <input-schema.json>`: parse and type errors, with positions. */
export const sqlCheckCommand: Command = {
  path: ['sql', 'check'],
  summary: 'check a KDA SQL application for parse and type errors',
  help: `Usage: surv sql check <app.sql> --schema <input-schema.json> [--input-stream NAME] [--input-parallelism N] [--reference TABLE=SCHEMA:DATA ...] [--json]

Parses and type-checks a Kinesis Data Analytics SQL-1_0 application against its input schema and
prints every error with its position, compiler style:
  app.sql:3:14: error[KAV2_PARSE_UNEXPECTED]: expected FROM
A valid application may still get warnings, one per construct this engine runs but Kinesis Data
Analytics itself refuses (for example COUNT(DISTINCT ...) with GROUP BY):
  app.sql:7:5: warning[KAV2_KDA_PORTABILITY]: COUNT(DISTINCT ...) in an aggregate query: ...
Exits 3 when there is any error, 0 when the application is valid (warnings or not).

Options:
  --schema FILE   KDA InputSchema JSON (RecordFormat, RecordColumns); required
  --input-stream NAME
                  name of the in-application input stream (KDA's NamePrefix + _001)
                                                             default: SOURCE_SQL_STREAM_001
  --input-parallelism N
                  KDA's InputParallelism: the input streams are SOURCE_SQL_STREAM_001 ... _00N  default: 1
  --json          one JSON object per diagnostic ({file, line, column, severity, code, message})
  --reference TABLE=SCHEMA:DATA
                  the reference table TABLE the application joins (as for surv sql run): SCHEMA is its
                  ReferenceSchema JSON, DATA its data file (checked too); repeat for several tables

Example:
  surv sql check detection.sql --schema detection.input-schema.json
`,
  async run(args, io) {
    const { rest, references } = takeReferenceFlags(args, 'surv sql check --help');
    const { flags, positionals } = parseArgs(rest, SPEC, NAME);
    if (positionals.length === 0) throw usageError('missing the SQL application file', 'surv sql check --help');
    if (positionals.length > 1) throw usageError(`expected one SQL file, got ${positionals.length}: ${positionals.join(' ')}`, 'surv sql check --help');
    const schemaPath = flags['schema'];
    if (typeof schemaPath !== 'string') throw usageError('missing --schema <input-schema.json>', 'surv sql check --help');
    const inputStreams = inputStreamOptions(flags, 'surv sql check --help');
    const file = positionals[0]!;
    const sql = await readTextFile(file, 'SQL application', io.cwd, 'surv sql check --help');
    const schema = await readInputSchema(schemaPath, io.cwd, 'surv sql check --help');
    const referenceData = await readReferenceData(references, io.cwd, 'surv sql check --help');

    let diagnostics: ReturnType<typeof checkApplication>;
    try {
      diagnostics = checkApplication(sql, schema, { referenceData, ...inputStreams });
    } catch (e) {
      // An unusable schema (or any fault the checker cannot report as a diagnostic) is still refused input.
      throw sqlCompileError(e, file, `surv sql check ${file} --schema <input-schema.json>`);
    }
    for (const d of diagnostics) {
      await writeLine(io.stdout, flags['json'] ? JSON.stringify({ file, line: d.line, column: d.column, severity: d.severity, code: d.code, message: diagnosticMessage(d.message) }) : formatDiagnostic(file, d));
    }
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new CliError('CLI_INPUT_REJECTED', `${errors.length} error${errors.length === 1 ? '' : 's'} in ${file}`, {
        detailCode: first.code,
        hint: `fix ${file}:${first.line}:${first.column}, then run: surv sql check ${file} --schema ${schemaPath}`,
      });
    }
    const warnings = diagnostics.length;
    if (!flags['json']) await writeLine(io.stdout, warnings === 0 ? `${file}: ok` : `${file}: ok for this engine, ${warnings} warning${warnings === 1 ? '' : 's'} (Kinesis Data Analytics would refuse it)`);
  },
};
