import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { CURATED_COLUMNS, type CuratedEvent } from '@surv/pipeline';
import { LocalRuntimeError } from './errors';
import { sqlIdent, sqlString } from './duckdb-query-engine';

const TABLE = 'curated_batch';
const duckType = (t: (typeof CURATED_COLUMNS)[number]['type']): string => (t === 'STRING' ? 'VARCHAR' : t === 'DOUBLE' ? 'DOUBLE' : 'BIGINT');

const appendRow = (app: DuckDBAppender, r: CuratedEvent): void => {
  const e = r.event as unknown as Record<string, unknown>;
  for (const c of CURATED_COLUMNS) {
    switch (c.name) {
      case 'event_time': app.appendBigInt(BigInt(Math.round(r.eventTimeMs * 1000))); break;
      case 'risk_score': app.appendDouble(r.riskScore); break;
      case 'venue_category': app.appendVarchar(r.venueCategory); break;
      case 'regulatory_flags': app.appendVarchar(r.regulatoryFlags.join(',')); break;
      case 'shard_id': app.appendVarchar(r.shardId); break;
      case 'sequence_number': app.appendVarchar(r.sequenceNumber); break;
      default: {
        const v = e[c.name];
        if (v === undefined || v === null) app.appendNull();
        else if (c.type === 'DOUBLE') app.appendDouble(v as number);
        else app.appendVarchar(String(v));
      }
    }
  }
  app.endRow();
};

/**
 * Curated Parquet through DuckDB (`COPY ... (FORMAT parquet, COMPRESSION zstd)`): the local
 * runtime's encoder. Same columns and types as `encodeCuratedParquet` (event_time TIMESTAMP(µs,
 * UTC)); measured about 1.5x faster and ~5x smaller than the pure-JS writer on this machine.
 * Calls are serialised: one scratch table, one connection.
 */
export class DuckDbParquetEncoder {
  private queue: Promise<unknown> = Promise.resolve();
  private counter = 0;

  private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection, private readonly dir: string) {}

  static async open(): Promise<DuckDbParquetEncoder> {
    try {
      const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '2' });
      const connection = await instance.connect();
      await connection.run(`SET TimeZone = 'UTC'`);
      await connection.run(`CREATE TABLE ${TABLE} (${CURATED_COLUMNS.map((c) => `${sqlIdent(c.name)} ${duckType(c.type)}`).join(', ')})`);
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
    const path = join(this.dir, `${++this.counter}.parquet`);
    try {
      await this.connection.run(`DELETE FROM ${TABLE}`);
      const app = await this.connection.createAppender(TABLE);
      for (const r of rows) appendRow(app, r);
      app.closeSync();
      const select = CURATED_COLUMNS.map((c) => (c.name === 'event_time' ? `make_timestamp(event_time)::TIMESTAMPTZ AS event_time` : sqlIdent(c.name))).join(', ');
      await this.connection.run(`COPY (SELECT ${select} FROM ${TABLE}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)`);
      return new Uint8Array(await readFile(path));
    } catch (cause) {
      throw new LocalRuntimeError('LOCAL_IO_FAILED', `encoding ${rows.length} curated rows with DuckDB failed`, { cause });
    } finally {
      await rm(path, { force: true });
    }
  }

  async close(): Promise<void> {
    await this.queue;
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.dir, { recursive: true, force: true });
  }
}
