import { isSurvError, toIsoUtc } from '@surv/domain';
import { compileApplication, formatRow, MAX_INPUT_PARALLELISM, resolveInputSchema, type Application, type OutputRow, type PushMeta } from '@surv/kav2-sql';
import { parseArgs } from '../../args';
import { type Command } from '../../command';
import { CliError, usageError } from '../../errors';
import { openLineSource } from '../../input/read-lines';
import { inputStreamOptions } from './input-stream-flags';
import { partitionKeyFromField } from './partition-key-field';
import { rowtimeFromField } from './rowtime-field';
import { readReferenceData, takeReferenceFlags } from './reference-flag';
import { readInputSchema, readTextFile, sqlCompileError, writeLine } from './sql-files';

const NAME = 'sql run';
const HELP_HINT = 'surv sql run --help';
const ERROR_STREAM = 'error_stream';
const SPEC = {
  schema: { type: 'string' },
  input: { type: 'string' },
  rowtime: { type: 'string' },
  arrival: { type: 'string' },
  'input-stream': { type: 'string' },
  'input-parallelism': { type: 'string' },
  'partition-key': { type: 'string' },
  stream: { type: 'string' },
  flush: { type: 'boolean' },
  'emit-rowtime': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Default output: the stream KDA applications conventionally write their results to. */
export const DEFAULT_STREAM = 'DESTINATION_SQL_STREAM';

/** Finds the stream the user named: exact name first, then a unique case-insensitive match; error_stream too. */
const resolveStream = (app: Application, wanted: string, file: string): string => {
  const streams = [...app.outputStreams, ERROR_STREAM];
  if (streams.includes(wanted)) return wanted;
  const folded = streams.filter((s) => s.toUpperCase() === wanted.toUpperCase());
  if (folded.length === 1) return folded[0]!;
  throw new CliError('CLI_INPUT_REJECTED', `unknown stream '${wanted}' in ${file}; its streams are: ${streams.join(', ')}`, {
    detailCode: 'KAV2_UNKNOWN_STREAM',
    hint: `surv sql run ${file} --stream ${streams.find((s) => s !== ERROR_STREAM) ?? DEFAULT_STREAM} ...`,
  });
};

/** A record the CLI itself refused (bad JSON, no rowtime), shaped like a KDA error_stream row (DATA_ROW hex-encoded). */
const inputErrorLine = (lineNo: number, reason: string, data: string): string =>
  JSON.stringify({ ERROR_LEVEL: 'ERROR', ERROR_NAME: 'INVALID_INPUT_RECORD', MESSAGE: reason, LINE: lineNo, DATA_ROW: Buffer.from(data, 'utf8').toString('hex') });

/**
 * `surv sql run <app.sql> --schema <schema.json> --input <records.jsonl|->`: runs a KDA SQL application over
 * records, line by line, and prints the rows of one in-application stream as JSON lines.
 */
export const sqlRunCommand: Command = {
  path: ['sql', 'run'],
  summary: 'run a KDA SQL application over JSON-lines records',
  help: `Usage: surv sql run <app.sql> --schema <input-schema.json> --input <records.jsonl|-> [options]

Runs a Kinesis Data Analytics SQL-1_0 application locally over input records (one per line, streamed)
and prints the rows of one in-application stream as JSON lines, keyed by column name as KDA names them
(unquoted names upper-cased), timestamps as ISO-8601 UTC with milliseconds, numbers as JSON numbers.
Rows of error_stream (and input lines that cannot be used) go to stderr as JSON lines with the reason;
as in KDA, their DATA_ROW is the failed record or row hex-encoded (xxd -r -p decodes it).

Options:
  --schema FILE      KDA InputSchema JSON (RecordFormat, RecordColumns); required
  --input FILE|-     records, one per line; '-' reads stdin; required
  --rowtime FIELD    take ROWTIME from FIELD of each record (ISO-8601 or epoch ms), mapped
                     column or not; for CSV records, the column FIELD  default: arrival time (now)
  --arrival FIELD    take each JSON record's arrival time (APPROXIMATE_ARRIVAL_TIME, and ROWTIME
                     unless --rowtime) from FIELD, to replay records as they reached the stream
  --input-stream NAME  name of the in-application input stream (KDA's NamePrefix + _001)
                                                                   default: SOURCE_SQL_STREAM_001
  --input-parallelism N  KDA's InputParallelism: read the records into N in-application streams
                     (SOURCE_SQL_STREAM_001 ... _00N, 1 to ${MAX_INPUT_PARALLELISM}), each record into the one
                     its --partition-key would reach over N evenly split shards  default: 1
  --partition-key FIELD  the JSON field holding each record's Kinesis partition key
  --stream NAME      in-application stream to print, error_stream too  default: ${DEFAULT_STREAM}
  --flush            at end of input, close open windows (by default, like KDA, they emit nothing)
  --emit-rowtime     add each row's ROWTIME under "__rowtime"
  --json             end-of-run summary on stderr as JSON instead of a sentence
  --reference TABLE=SCHEMA:DATA
                     load the in-application reference table TABLE (a KDA ReferenceDataSource):
                     SCHEMA is its ReferenceSchema JSON (RecordColumns, RecordFormat CSV or JSON),
                     DATA the file the S3 object would hold; repeat for several tables

Examples:
  surv sql run detection.sql --schema detection.input-schema.json --input events.jsonl --rowtime event_time --flush
  cat events.jsonl | surv sql run app.sql --schema schema.json --input - --stream ALERTS_STREAM
  surv sql run app.sql --schema schema.json --input ticks.jsonl --reference CompanyName=ref-schema.json:TickerReference.csv
`,
  async run(args, io) {
    const { rest, references } = takeReferenceFlags(args, HELP_HINT);
    const { flags, positionals } = parseArgs(rest, SPEC, NAME);
    if (positionals.length === 0) throw usageError('missing the SQL application file', HELP_HINT);
    if (positionals.length > 1) throw usageError(`expected one SQL file, got ${positionals.length}: ${positionals.join(' ')}`, HELP_HINT);
    const schemaPath = flags['schema'];
    const inputPath = flags['input'];
    if (typeof schemaPath !== 'string') throw usageError('missing --schema <input-schema.json>', HELP_HINT);
    if (typeof inputPath !== 'string') throw usageError("missing --input <records.jsonl> (use '-' for stdin)", HELP_HINT);
    const rowtimeField = typeof flags['rowtime'] === 'string' ? flags['rowtime'] : undefined;
    if (rowtimeField === '') throw usageError('--rowtime needs a field name', HELP_HINT);
    const arrivalField = typeof flags['arrival'] === 'string' ? flags['arrival'] : undefined;
    if (arrivalField === '') throw usageError('--arrival needs a field name', HELP_HINT);
    const inputStreams = inputStreamOptions(flags, HELP_HINT);
    const parallelism = inputStreams.inputParallelism;
    const partitionField = typeof flags['partition-key'] === 'string' ? flags['partition-key'] : undefined;
    if (partitionField === '') throw usageError('--partition-key needs a field name', HELP_HINT);
    if (parallelism > 1 && partitionField === undefined) {
      throw usageError(`--input-parallelism ${parallelism} needs --partition-key FIELD to spread the records over the ${parallelism} input streams`, HELP_HINT);
    }
    // The field the CLI reads each record's arrival time from (with --rowtime alone, ROWTIME is that arrival).
    const timeField = arrivalField ?? rowtimeField;
    const emitRowtime = flags['emit-rowtime'] === true;
    const file = positionals[0]!;

    const sql = await readTextFile(file, 'SQL application', io.cwd, HELP_HINT);
    const schema = await readInputSchema(schemaPath, io.cwd, HELP_HINT);
    const referenceData = await readReferenceData(references, io.cwd, HELP_HINT);
    let app: Application;
    // A CSV record is no JSON object: its rowtime field is one of its columns, which the engine reads.
    let csv = false;
    try {
      csv = resolveInputSchema(schema).format === 'CSV';
      // For JSON, the CLI reads the arrival time itself (--arrival, else --rowtime), so the field works whether or
      // not the schema maps it; with both, the engine reads ROWTIME from the --rowtime field.
      const rowtimeFromEngine = rowtimeField !== undefined && (csv || arrivalField !== undefined);
      app = compileApplication(sql, schema, {
        rowtime: rowtimeFromEngine ? { field: rowtimeField } : 'arrival',
        referenceData,
        ...inputStreams,
      });
    } catch (e) {
      throw sqlCompileError(e, file, `surv sql check ${file} --schema ${schemaPath}`);
    }
    if (csv && arrivalField !== undefined) {
      app.close();
      throw usageError('--arrival reads JSON records; CSV records take their times from --rowtime COLUMN', HELP_HINT);
    }
    if (csv && partitionField !== undefined) {
      app.close();
      throw usageError('--partition-key reads JSON records; it cannot route CSV records', HELP_HINT);
    }

    const out: string[] = [];
    const err: string[] = [];
    let rowsOut = 0;
    let errorsOut = 0;
    try {
      const stream = resolveStream(app, flags['stream'] === undefined ? DEFAULT_STREAM : String(flags['stream']), file);
      const columns = app.columns(stream);
      const toLine = (row: OutputRow) => {
        const values = formatRow(row, columns, { emitRowtime: false });
        return JSON.stringify(emitRowtime ? { ...values, __rowtime: toIsoUtc(row.rowtime) } : values);
      };
      app.on(stream, (row) => {
        rowsOut++;
        out.push(toLine(row));
      });
      if (stream !== ERROR_STREAM) {
        const errorColumns = app.columns(ERROR_STREAM);
        app.on(ERROR_STREAM, (row) => {
          errorsOut++;
          err.push(JSON.stringify(formatRow(row, errorColumns, { emitRowtime: false })));
        });
      }
      // Rows are buffered by the synchronous listeners and written after each record, awaiting drain,
      // so a slow reader of stdout slows the input down instead of growing memory.
      const drain = async () => {
        for (const line of out.splice(0)) await writeLine(io.stdout, line);
        for (const line of err.splice(0)) await writeLine(io.stderr, line);
      };

      const source = await openLineSource(inputPath, { cwd: io.cwd, stdin: io.stdin, command: NAME, signal: io.signal });
      let lineNo = 0;
      let records = 0;
      let interrupted = false;
      try {
        for await (const line of source.lines) {
          if (io.signal.aborted) {
            interrupted = true;
            break;
          }
          lineNo++;
          if (line.trim() === '') continue;
          records++;
          try {
            if ((timeField === undefined && partitionField === undefined) || csv) {
              app.push(line);
            } else {
              let record: unknown;
              try {
                record = JSON.parse(line);
              } catch (e) {
                errorsOut++;
                err.push(inputErrorLine(lineNo, `not valid JSON: ${(e as Error).message}`, line));
                await drain();
                continue;
              }
              let meta: PushMeta = {};
              let refusal: string | undefined;
              if (timeField !== undefined) {
                const rowtime = rowtimeFromField(record, timeField);
                if (typeof rowtime === 'string') refusal = rowtime;
                else meta = { arrivalTime: rowtime };
              }
              if (refusal === undefined && partitionField !== undefined) {
                const routed = partitionKeyFromField(record, partitionField);
                if ('reason' in routed) refusal = routed.reason;
                else meta = { ...meta, partitionKey: routed.key };
              }
              if (refusal !== undefined) {
                errorsOut++;
                err.push(inputErrorLine(lineNo, refusal, line));
              } else {
                app.push(record as Record<string, unknown>, meta);
              }
            }
          } catch (e) {
            // One bad record never stops the run: a typed engine refusal becomes an error line.
            if (!isSurvError(e)) throw e;
            errorsOut++;
            err.push(inputErrorLine(lineNo, `${e.code}: ${e.message}`, line));
          }
          await drain();
        }
      } catch (e) {
        if (!io.signal.aborted) throw e;
        interrupted = true;
      }
      if (source.rejected.aborted) {
        // A damaged input (a corrupt gzip) ends the records early: no flush, as if interrupted, and exit 3.
        await drain();
        const reason = source.rejected.reason as CliError;
        throw new CliError('CLI_INPUT_REJECTED', `${reason.message}; stopped after ${records} records (${rowsOut} rows written)`, {
          hint: reason.hint, detailCode: reason.detailCode, cause: reason,
        });
      }
      if (interrupted || io.signal.aborted) {
        await drain();
        throw new CliError('CLI_INTERRUPTED', `stopped after ${records} records (${rowsOut} rows written)`);
      }
      if (flags['flush']) app.flush();
      await drain();
      const summary = { records, rows: rowsOut, errors: errorsOut, stream, flushed: flags['flush'] === true };
      await writeLine(
        io.stderr,
        flags['json']
          ? JSON.stringify({ summary })
          : `sql run: ${records} records in, ${rowsOut} rows out of ${stream}, ${errorsOut} errors${flags['flush'] ? '' : ' (open windows not flushed; --flush closes them)'}`,
      );
    } finally {
      app.close();
    }
  },
};
