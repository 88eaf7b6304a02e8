import { compileApplication, type ApplicationOptions, type OutputRow, SqlError, type SqlValue } from '@surv/kav2-sql';

/** A JSON input schema with one `$.NAME` mapping per column. */
export const jsonSchema = (cols: readonly (readonly [string, string])[], rowPath = '$') => ({
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: rowPath } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: cols.map(([Name, SqlType]) => ({ Name, SqlType, Mapping: `$.${Name}` })),
});

export const TICKER_SCHEMA = jsonSchema([
  ['TICKER_SYMBOL', 'VARCHAR(4)'],
  ['SECTOR', 'VARCHAR(16)'],
  ['CHANGE', 'REAL'],
  ['PRICE', 'REAL'],
]);

export const T0 = Date.parse('2018-06-13T14:10:00.000Z');
export const sec = (n: number): number => T0 + n * 1000;

/** Compiles, subscribes to `stream` and error_stream, pushes each record at its arrival time. */
export const runApp = (
  sql: string,
  schema: unknown,
  records: readonly { at: number; rec: Record<string, unknown> }[],
  opts: ApplicationOptions & { stream?: string; flush?: boolean } = {},
) => {
  const app = compileApplication(sql, schema, opts);
  const rows: OutputRow[] = [];
  const errors: OutputRow[] = [];
  app.on(opts.stream ?? 'DESTINATION_SQL_STREAM', (r) => rows.push(r));
  app.on('error_stream', (r) => errors.push(r));
  for (const r of records) app.push(r.rec, { arrivalTime: r.at });
  if (opts.flush) app.flush();
  return { app, rows, errors };
};

/** Evaluates one SQL expression against one input record through a real pump; returns the value of column R. */
export const evalSql = (expr: string, type: string, rec: Record<string, unknown> = { N: 1 }, schema: unknown = jsonSchema([['N', 'INTEGER'], ['S', 'VARCHAR(32)'], ['D', 'DOUBLE'], ['TS', 'TIMESTAMP']])): SqlValue => {
  const sql = `CREATE STREAM "DESTINATION_SQL_STREAM" (R ${type});
    CREATE PUMP P AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM ${expr} AS R FROM "SOURCE_SQL_STREAM_001";`;
  const { rows, errors } = runApp(sql, schema, [{ at: T0, rec }], { clock: () => T0 });
  if (errors.length > 0) throw new Error(`error_stream: ${JSON.stringify(errors[0]!.values)}`);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return rows[0]!.values.R ?? null;
};

/** The SqlError compiling `sql` throws (code, message, line, column); fails the test when it compiles. */
export const compileErrorOf = (sql: string, schema: unknown, options?: ApplicationOptions): SqlError => {
  try {
    compileApplication(sql, schema, options).close();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('compiled');
};

/** The text of an error_stream row's DATA_ROW, which KDA hex-encodes. */
export const dataRowText = (row: { readonly values: Readonly<Record<string, unknown>> }): string => Buffer.from(String(row.values['DATA_ROW']), 'hex').toString('utf8');
