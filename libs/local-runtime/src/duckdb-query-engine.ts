import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { QueryEngine, QueryResult } from '@surv/pipeline';
import { LocalRuntimeError } from './errors';

export interface DuckDbQueryEngineOptions {
  /** Database file, or `:memory:`. @default ':memory:' */
  readonly path?: string;
  /** Worker threads. @default DuckDB's default (all cores) */
  readonly threads?: number;
}

/** Makes a DuckDB value plain JSON-friendly: safe bigints become numbers, timestamps ISO strings. */
export const plainDuckValue = (v: unknown): unknown => {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map(plainDuckValue);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainDuckValue(x)]));
  return v;
};

/**
 * `QueryEngine` over an embedded DuckDB. Extensions are never downloaded (autoinstall off); the
 * JSON and Parquet readers are built in.
 */
export class DuckDbQueryEngine implements QueryEngine {
  private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection) {}

  static async open(options: DuckDbQueryEngineOptions = {}): Promise<DuckDbQueryEngine> {
    const config: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' };
    if (options.threads !== undefined) config['threads'] = String(options.threads);
    try {
      const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
      return new DuckDbQueryEngine(instance, await instance.connect());
    } catch (cause) {
      throw new LocalRuntimeError('LOCAL_QUERY_FAILED', `opening DuckDB at ${options.path ?? ':memory:'} failed`, { cause });
    }
  }

  async query(sql: string): Promise<QueryResult> {
    try {
      const reader = await this.connection.runAndReadAll(sql);
      const columns = reader.columnNames();
      const rows = reader.getRowObjectsJS().map((r) => {
        const o: Record<string, unknown> = {};
        for (const c of columns) o[c] = plainDuckValue(r[c]);
        return o;
      });
      return { columns, rows };
    } catch (cause) {
      throw new LocalRuntimeError('LOCAL_QUERY_FAILED', `DuckDB query failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    }
  }

  /** Runs a statement without reading rows (DDL, COPY). */
  async run(sql: string): Promise<void> {
    try {
      await this.connection.run(sql);
    } catch (cause) {
      throw new LocalRuntimeError('LOCAL_QUERY_FAILED', `DuckDB statement failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** SQL string literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** SQL identifier. */
export const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
