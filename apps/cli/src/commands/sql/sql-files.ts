import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Writable } from 'node:stream';
import { isSurvError } from '@surv/domain';
import { CliError } from '../../errors';

/** Reads a text file named on the command line; a missing or unreadable file is refused input with a hint. */
export const readTextFile = async (path: string, what: string, cwd: string, hint: string): Promise<string> => {
  const full = resolve(cwd, path);
  const info = await stat(full).catch((cause: NodeJS.ErrnoException) => {
    throw new CliError('CLI_INPUT_REJECTED', `cannot read ${what} '${path}': ${cause.code === 'ENOENT' ? 'no such file' : cause.message}`, {
      hint, detailCode: cause.code, cause,
    });
  });
  if (!info.isFile()) throw new CliError('CLI_INPUT_REJECTED', `${what} '${path}' is not a file`, { hint });
  return readFile(full, 'utf8');
};

/**
 * Reads a KDA input schema: the `InputSchema` object itself (`RecordFormat`, `RecordColumns`, ...), or an
 * object that wraps it under `InputSchema` (as `aws kinesisanalytics describe-application` prints it).
 */
export const readInputSchema = async (path: string, cwd: string, hint: string): Promise<unknown> => {
  const text = await readTextFile(path, 'input schema', cwd, hint);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CliError('CLI_INPUT_REJECTED', `input schema '${path}' is not valid JSON: ${(cause as Error).message}`, { hint, cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliError('CLI_INPUT_REJECTED', `input schema '${path}' must be a JSON object with RecordFormat and RecordColumns`, { hint });
  }
  const wrapped = (json as Record<string, unknown>)['InputSchema'];
  return typeof wrapped === 'object' && wrapped !== null ? wrapped : json;
};

// SqlError appends "(line L, column C)" to its message; the CLI prints the position up front instead.
const POSITION_SUFFIX = / \(line \d+, column \d+\)$/;

/** A SQL fault as `app.sql:3:14: error[KAV2_PARSE_UNEXPECTED]: expected FROM` (compiler style). */
export const formatDiagnostic = (file: string, d: { line: number; column: number; code: string; message: string; severity?: 'error' | 'warning' }): string =>
  `${file}${d.line > 0 ? `:${d.line}:${d.column}` : ''}: ${d.severity ?? 'error'}[${d.code}]: ${d.message.replace(POSITION_SUFFIX, '')}`;

/** A diagnostic's message without the "(line L, column C)" that SqlError appends (the position is printed apart). */
export const diagnosticMessage = (message: string): string => message.replace(POSITION_SUFFIX, '');

/** `app.sql:3:14: expected FROM`: where, then what; the code is printed once, by whoever prints the error. */
const positioned = (file: string, d: { line: number; column: number; message: string }): string =>
  `${file}${d.line > 0 ? `:${d.line}:${d.column}` : ''}: ${d.message.replace(POSITION_SUFFIX, '')}`;

/**
 * Turns an error thrown while compiling SQL into refused input that names the file and position
 * (`app.sql:3:14: expected FROM`, detail code KAV2_PARSE_UNEXPECTED); anything
 * that is not a surv error is rethrown untouched (a bug, exit 1).
 */
export const sqlCompileError = (e: unknown, file: string, hint: string): unknown => {
  if (!isSurvError(e)) return e;
  const pos = e as unknown as { line?: unknown; column?: unknown };
  const line = typeof pos.line === 'number' ? pos.line : 0;
  const column = typeof pos.column === 'number' ? pos.column : 0;
  // main prints `error[CODE]: <message>`, so the message names the place and the fault but not the code again.
  return new CliError('CLI_INPUT_REJECTED', positioned(file, { line, column, message: e.message }), {
    hint, detailCode: e.code, cause: e,
  });
};

/** Writes one line, waiting for `drain` when the stream's buffer is full (backpressure). */
export const writeLine = async (out: Writable, line: string): Promise<void> => {
  if (out.write(`${line}\n`)) return;
  await new Promise<void>((ok, fail) => {
    const onDrain = () => {
      out.off('error', onError);
      ok();
    };
    const onError = (e: Error) => {
      out.off('drain', onDrain);
      fail(e);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
};
