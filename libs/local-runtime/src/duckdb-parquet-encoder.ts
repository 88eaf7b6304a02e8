import { readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CURATED_COLUMNS, type CuratedEvent } from '@surv/pipeline';
import { curatedColumnsJson, stagedColumnKey } from './curated-columns-json';
import { LocalRuntimeError } from './errors';
import { sqlIdent, sqlString } from './duckdb-query-engine';

const duckType = (t: (typeof CURATED_COLUMNS)[number]['type']): string => (t === 'STRING' ? 'VARCHAR' : t === 'DOUBLE' ? 'DOUBLE' : 'BIGINT');

// The staged document's columns as lists, unnested side by side back into rows (same order).
const STAGED_COLUMNS = `{${CURATED_COLUMNS.map((c, i) => `${stagedColumnKey(i)}: '${duckType(c.type)}[]'`).join(', ')}}`;
const SELECT = CURATED_COLUMNS.map((c, i) => {
  const v = `unnest(${stagedColumnKey(i)})`;
  return c.name === 'event_time' ? `make_timestamp(${v})::TIMESTAMPTZ AS event_time` : `${v} AS ${sqlIdent(c.name)}`;
}).join(', ');

/**
 * Curated Parquet through DuckDB (`COPY ... (FORMAT parquet, COMPRESSION zstd)`): the local
 * runtime's encoder. Same columns and types as `encodeCuratedParquet` (event_time TIMESTAMP(µs,
 * UTC)); about 1.5x faster and ~5x smaller than the pure-JS writer. Rows reach DuckDB as one staged
 * JSON file of column arrays (`curatedColumnsJson`): an appender call per value cost the main thread
 * three times as much. Calls are serialised: one connection, one DuckDB thread (the others are busy
 * with the pipeline).
 */
export class DuckDbParquetEncoder {
  private queue: Promise<unknown> = Promise.resolve();
  private counter = 0;

  private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection, private readonly dir: string) {}

  static async open(): Promise<DuckDbParquetEncoder> {
    try {
      const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
      const connection = await instance.connect();
      await connection.run(`SET TimeZone = 'UTC'`);
      return new DuckDbParquetEncoder(instance, connection, await mkdtemp(join(tmpdir(), 'surv-pq-')));
    } catch (cause) {
      throw new LocalRuntimeError('LOCAL_QUERY_FAILED', 'opening the DuckDB Parquet encoder failed', { cause });
    }
  }

  /** Encodes rows as one Parquet file (a `CuratedEncoder`). */
  readonly encode = (rows: readonly CuratedEvent[]): Promise<Uint8Array> => {
    const run = this.queue.then(() => this.encodeNow(rows));
    this.queue = run.catch(() => undefined);
    return run;
  };

  private async encodeNow(rows: readonly CuratedEvent[]): Promise<Uint8Array> {
    const n = ++this.counter;
    const staged = join(this.dir, `${n}.json`);
    const path = join(this.dir, `${n}.parquet`);
    try {
      const pieces = curatedColumnsJson(rows).map((p) => Buffer.from(p));
      const bytes = pieces.reduce((n, p) => n + p.length, 0);
      await writeFile(staged, pieces);
      await this.connection.run(
        `COPY (SELECT ${SELECT} FROM read_json(${sqlString(staged)}, format = 'unstructured', columns = ${STAGED_COLUMNS}, maximum_object_size = ${bytes + 1})) ` +
        `TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)`,
      );
      return new Uint8Array(await readFile(path));
    } catch (cause) {
      throw new LocalRuntimeError('LOCAL_IO_FAILED', `encoding ${rows.length} curated rows with DuckDB failed`, { cause });
    } finally {
      await Promise.all([rm(staged, { force: true }), rm(path, { force: true })]);
    }
  }

  async close(): Promise<void> {
    await this.queue;
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.dir, { recursive: true, force: true });
  }
}
