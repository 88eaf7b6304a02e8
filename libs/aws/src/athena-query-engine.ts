import {
  BatchGetNamedQueryCommand, GetNamedQueryCommand, GetQueryExecutionCommand, GetQueryResultsCommand, ListNamedQueriesCommand,
  StartQueryExecutionCommand, StopQueryExecutionCommand, type AthenaClient, type ColumnInfo, type QueryExecution,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { SILENT_LOGGER, type Logger } from '@surv/domain';
import type { QueryEngine, QueryResult } from '@surv/pipeline';
import { convertAthenaValue, type BigintMode } from './athena-value';
import { AwsAdapterError, describeError } from './errors';

export interface AthenaQueryEngineOptions {
  /** The part of an Athena client used; an `AthenaClient` fits. */
  readonly client: Pick<AthenaClient, 'send'>;
  /** Workgroup queries run in (its settings may enforce the output location and encryption). @default 'primary' */
  readonly workGroup?: string;
  /** Default database of ad-hoc queries. @default none (queries name their tables fully) */
  readonly database?: string;
  /** Data catalog. @default 'AwsDataCatalog' */
  readonly catalog?: string;
  /** `s3://bucket/athena-results/`; omit when the workgroup enforces its own. @default none */
  readonly outputLocation?: string;
  /** First wait between status polls, ms; doubles up to `maxPollIntervalMs`. @default 250 */
  readonly pollIntervalMs?: number;
  /** @default 5_000 */
  readonly maxPollIntervalMs?: number;
  /** Give up (and stop the query) after this long, ms. @default 300_000 */
  readonly timeoutMs?: number;
  /** Rows per GetQueryResults page, 1..1000. @default 1000 */
  readonly pageSize?: number;
  /** @default 'number' */
  readonly bigintMode?: BigintMode;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Clock for the timeout, epoch ms. @default Date.now */
  readonly now?: () => number;
  /** @default SILENT_LOGGER */
  readonly logger?: Logger;
}

/** Which saved query to run: by NamedQueryId, or by its name in the workgroup. */
export type NamedQueryRef = { readonly id: string } | { readonly name: string };

/** A query result plus the Athena execution it came from. */
export interface AthenaQueryResult extends QueryResult {
  readonly queryExecutionId: string;
  /** Column types as Athena reported them, in column order. */
  readonly columnTypes: readonly string[];
}

/**
 * `QueryEngine` on Athena: starts a query in a workgroup, polls its state with exponential backoff,
 * pages through the results and converts each cell by the column type. Failed, cancelled and timed-out
 * queries raise typed errors carrying the execution id and Athena's StateChangeReason.
 */
export class AthenaQueryEngine implements QueryEngine {
  private readonly o: Required<Omit<AthenaQueryEngineOptions, 'database' | 'outputLocation'>> & Pick<AthenaQueryEngineOptions, 'database' | 'outputLocation'>;

  constructor(options: AthenaQueryEngineOptions) {
    this.o = {
      client: options.client,
      workGroup: options.workGroup ?? 'primary',
      database: options.database,
      catalog: options.catalog ?? 'AwsDataCatalog',
      outputLocation: options.outputLocation,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      maxPollIntervalMs: options.maxPollIntervalMs ?? 5_000,
      timeoutMs: options.timeoutMs ?? 300_000,
      pageSize: options.pageSize ?? 1000,
      bigintMode: options.bigintMode ?? 'number',
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: options.now ?? Date.now,
      logger: options.logger ?? SILENT_LOGGER,
    };
    if (!(this.o.pollIntervalMs > 0) || !(this.o.maxPollIntervalMs >= this.o.pollIntervalMs)) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `need 0 < pollIntervalMs <= maxPollIntervalMs, got ${this.o.pollIntervalMs}, ${this.o.maxPollIntervalMs}`);
    }
    if (!(this.o.timeoutMs > 0)) throw new AwsAdapterError('AWS_INVALID_OPTIONS', `timeoutMs must be > 0, got ${this.o.timeoutMs}`);
    if (!Number.isInteger(this.o.pageSize) || this.o.pageSize < 1 || this.o.pageSize > 1000) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `pageSize must be an integer 1..1000, got ${this.o.pageSize}`);
    }
    if (this.o.outputLocation !== undefined && !this.o.outputLocation.startsWith('s3://')) {
      throw new AwsAdapterError('AWS_INVALID_OPTIONS', `outputLocation must be an s3:// URI, got '${this.o.outputLocation}'`);
    }
  }

  /** Runs ad-hoc SQL in the workgroup and database of this engine. */
  query(sql: string): Promise<AthenaQueryResult> {
    return this.run(sql, this.o.database);
  }

  /** Runs a saved (named) query with its own database. */
  async runNamedQuery(ref: NamedQueryRef): Promise<AthenaQueryResult> {
    const id = 'id' in ref ? ref.id : await this.findNamedQueryId(ref.name);
    const res = await this.call(`GetNamedQuery ${id}`, () => this.o.client.send(new GetNamedQueryCommand({ NamedQueryId: id })));
    const named = res.NamedQuery;
    if (named?.QueryString === undefined) throw new AwsAdapterError('ATHENA_NAMED_QUERY_NOT_FOUND', `named query ${id} has no query string`);
    return this.run(named.QueryString, named.Database ?? this.o.database);
  }

  /** The NamedQueryId of the query called `name` in this engine's workgroup. */
  async findNamedQueryId(name: string): Promise<string> {
    let token: string | undefined;
    do {
      const page = await this.call('ListNamedQueries', () =>
        this.o.client.send(new ListNamedQueriesCommand({ WorkGroup: this.o.workGroup, MaxResults: 50, ...(token !== undefined ? { NextToken: token } : {}) })),
      );
      const ids = page.NamedQueryIds ?? [];
      if (ids.length > 0) {
        const batch = await this.call('BatchGetNamedQuery', () => this.o.client.send(new BatchGetNamedQueryCommand({ NamedQueryIds: ids })));
        const hit = (batch.NamedQueries ?? []).find((q) => q.Name === name);
        if (hit?.NamedQueryId !== undefined) return hit.NamedQueryId;
      }
      token = page.NextToken;
    } while (token !== undefined);
    throw new AwsAdapterError('ATHENA_NAMED_QUERY_NOT_FOUND', `no named query '${name}' in workgroup '${this.o.workGroup}'`);
  }

  private async run(sql: string, database: string | undefined): Promise<AthenaQueryResult> {
    const input: StartQueryExecutionCommandInput = {
      QueryString: sql,
      WorkGroup: this.o.workGroup,
      QueryExecutionContext: { Catalog: this.o.catalog, ...(database !== undefined ? { Database: database } : {}) },
      ...(this.o.outputLocation !== undefined ? { ResultConfiguration: { OutputLocation: this.o.outputLocation } } : {}),
    };
    const started = await this.call('StartQueryExecution', () => this.o.client.send(new StartQueryExecutionCommand(input)));
    const id = started.QueryExecutionId;
    if (id === undefined) throw new AwsAdapterError('ATHENA_CALL_FAILED', 'StartQueryExecution returned no QueryExecutionId');
    const execution = await this.waitForCompletion(id);
    return this.fetchResults(id, execution);
  }

  private async waitForCompletion(id: string): Promise<QueryExecution> {
    const deadline = this.o.now() + this.o.timeoutMs;
    let delay = this.o.pollIntervalMs;
    for (;;) {
      const res = await this.call(`GetQueryExecution ${id}`, () => this.o.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })), id);
      const execution = res.QueryExecution ?? {};
      const state = execution.Status?.State;
      const reason = execution.Status?.StateChangeReason ?? execution.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
      if (state === 'SUCCEEDED') return execution;
      if (state === 'FAILED') {
        throw new AwsAdapterError('ATHENA_QUERY_FAILED', `Athena query ${id} failed: ${reason}`, { details: { queryExecutionId: id, stateChangeReason: reason } });
      }
      if (state === 'CANCELLED') {
        throw new AwsAdapterError('ATHENA_QUERY_CANCELLED', `Athena query ${id} was cancelled: ${reason}`, { details: { queryExecutionId: id, stateChangeReason: reason } });
      }
      if (this.o.now() + delay > deadline) {
        await this.stopQuietly(id);
        throw new AwsAdapterError('ATHENA_QUERY_TIMEOUT', `Athena query ${id} still ${state ?? 'UNKNOWN'} after ${this.o.timeoutMs} ms; stopped it`, {
          details: { queryExecutionId: id },
        });
      }
      await this.o.sleep(delay);
      delay = Math.min(this.o.maxPollIntervalMs, delay * 2);
    }
  }

  private async stopQuietly(id: string): Promise<void> {
    try {
      await this.o.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch (e) {
      this.o.logger.warn('athena stop failed', { queryExecutionId: id, ...describeError(e) });
    }
  }

  private async fetchResults(id: string, execution: QueryExecution): Promise<AthenaQueryResult> {
    let columns: ColumnInfo[] | undefined;
    const rows: Record<string, unknown>[] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = await this.call(`GetQueryResults ${id}`, () =>
        this.o.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: this.o.pageSize, ...(token !== undefined ? { NextToken: token } : {}) })),
      id);
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const names = columns.map((c, i) => c.Name ?? `_col${i}`);
      let pageRows = page.ResultSet?.Rows ?? [];
      // SELECT results repeat the column names as the first row of the first page.
      if (first && execution.StatementType !== 'DDL' && pageRows.length > 0) {
        const header = (pageRows[0]?.Data ?? []).map((d) => d.VarCharValue);
        if (header.length === names.length && header.every((h, i) => h === names[i])) pageRows = pageRows.slice(1);
      }
      first = false;
      for (const row of pageRows) {
        const out: Record<string, unknown> = {};
        columns.forEach((c, i) => {
          out[names[i] as string] = convertAthenaValue(row.Data?.[i]?.VarCharValue, c.Type ?? 'varchar', names[i] as string, this.o.bigintMode);
        });
        rows.push(out);
      }
      token = page.NextToken;
    } while (token !== undefined);
    const cols = columns ?? [];
    return { queryExecutionId: id, columns: cols.map((c, i) => c.Name ?? `_col${i}`), columnTypes: cols.map((c) => c.Type ?? 'varchar'), rows };
  }

  private async call<T>(what: string, fn: () => Promise<T>, queryExecutionId?: string): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      const { errorCode, errorMessage } = describeError(cause);
      throw new AwsAdapterError('ATHENA_CALL_FAILED', `${what} failed: ${errorCode}: ${errorMessage}`, {
        cause, ...(queryExecutionId !== undefined ? { details: { queryExecutionId } } : {}),
      });
    }
  }
}
