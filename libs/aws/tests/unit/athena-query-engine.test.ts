import 'aws-sdk-client-mock-vitest/extend';
import {
  AthenaClient, BatchGetNamedQueryCommand, GetNamedQueryCommand, GetQueryExecutionCommand, GetQueryResultsCommand,
  InvalidRequestException, ListNamedQueriesCommand, StartQueryExecutionCommand, StopQueryExecutionCommand, type Row,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { isSurvError } from '@surv/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaQueryEngine, AwsAdapterError, type AthenaQueryEngineOptions } from '@surv/aws';

const athena = mockClient(AthenaClient);
const row = (...values: (string | undefined)[]): Row => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) });
const COLUMNS = [
  { Name: 'symbol', Type: 'varchar' }, { Name: 'trades', Type: 'bigint' }, { Name: 'qty', Type: 'integer' },
  { Name: 'notional', Type: 'double' }, { Name: 'flagged', Type: 'boolean' }, { Name: 'last_trade', Type: 'timestamp' },
];

const engine = (o: Partial<AthenaQueryEngineOptions> = {}) => {
  const sleeps: number[] = [];
  let clock = 0;
  const e = new AthenaQueryEngine({
    client: new AthenaClient({ region: 'us-east-1' }),
    workGroup: 'surv', database: 'surv_lake', outputLocation: 's3://surv-lake/athena-results/',
    sleep: async (ms) => { sleeps.push(ms); clock += ms; },
    now: () => clock,
    ...o,
  });
  return { e, sleeps };
};

const states = (...s: string[]) => {
  let chain = athena.on(GetQueryExecutionCommand);
  for (const state of s) {
    chain = chain.resolvesOnce({
      QueryExecution: {
        QueryExecutionId: 'q-1', StatementType: 'DML',
        Status: { State: state as 'RUNNING', ...(state === 'FAILED' || state === 'CANCELLED' ? { StateChangeReason: `reason for ${state}` } : {}) },
      },
    });
  }
};

describe('AthenaQueryEngine (mocked Athena)', () => {
  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  });

  it('starts the query in the workgroup, polls with doubling waits and pages through typed rows (mocked Athena)', async () => {
    states('QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED');
    athena.on(GetQueryResultsCommand)
      .resolvesOnce({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: COLUMNS },
          Rows: [row('symbol', 'trades', 'qty', 'notional', 'flagged', 'last_trade'), row('AAPL', '9007199254740991', '12', '1234.5', 'true', '2024-01-02 03:04:05.678')],
        },
        NextToken: 'page-2',
      })
      .resolvesOnce({ ResultSet: { ResultSetMetadata: { ColumnInfo: COLUMNS }, Rows: [row('MSFT', '3', undefined, 'NaN', 'false', '2024-01-02 03:04:05')] } });
    const { e, sleeps } = engine();
    const result = await e.query('SELECT * FROM daily_summary');
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: 'SELECT * FROM daily_summary', WorkGroup: 'surv',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'surv_lake' },
      ResultConfiguration: { OutputLocation: 's3://surv-lake/athena-results/' },
    });
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(athena).toHaveReceivedNthCommandWith(GetQueryResultsCommand, 2, { QueryExecutionId: 'q-1', NextToken: 'page-2', MaxResults: 1000 });
    expect(result.columns).toEqual(COLUMNS.map((c) => c.Name));
    expect(result.columnTypes).toEqual(COLUMNS.map((c) => c.Type));
    expect(result.rows).toEqual([
      { symbol: 'AAPL', trades: 9007199254740991, qty: 12, notional: 1234.5, flagged: true, last_trade: '2024-01-02T03:04:05.678Z' },
      { symbol: 'MSFT', trades: 3, qty: null, notional: Number.NaN, flagged: false, last_trade: '2024-01-02T03:04:05.000Z' },
    ]);
  });

  it('raises ATHENA_QUERY_FAILED with the StateChangeReason (mocked Athena)', async () => {
    states('RUNNING', 'FAILED');
    const error = await engine().e.query('SELECT nope').catch((x: unknown) => x);
    expect(isSurvError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ATHENA_QUERY_FAILED', details: { queryExecutionId: 'q-1', stateChangeReason: 'reason for FAILED' } });
    expect((error as Error).message).toContain('reason for FAILED');
  });

  it('raises ATHENA_QUERY_CANCELLED for a cancelled query (mocked Athena)', async () => {
    states('CANCELLED');
    await expect(engine().e.query('SELECT 1')).rejects.toMatchObject({ code: 'ATHENA_QUERY_CANCELLED', details: { stateChangeReason: 'reason for CANCELLED' } });
  });

  it('times out, stops the query and says so (mocked Athena)', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    const { e, sleeps } = engine({ timeoutMs: 3_000, pollIntervalMs: 200, maxPollIntervalMs: 800 });
    await expect(e.query('SELECT slow()')).rejects.toMatchObject({ code: 'ATHENA_QUERY_TIMEOUT', details: { queryExecutionId: 'q-1' } });
    expect(sleeps).toEqual([200, 400, 800, 800, 800]); // the last poll lands exactly on the deadline
    expect(athena).toHaveReceivedCommandWith(StopQueryExecutionCommand, { QueryExecutionId: 'q-1' });
  });

  it('runs a named query by id with its own database, or finds it by name in the workgroup (mocked Athena)', async () => {
    states('SUCCEEDED', 'SUCCEEDED');
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [{ Name: 'n', Type: 'bigint' }] }, Rows: [row('n'), row('42')] } });
    athena.on(GetNamedQueryCommand, { NamedQueryId: 'nq-2' }).resolves({ NamedQuery: { Name: 'alerts_by_rule', Database: 'surv_reports', QueryString: 'SELECT 42 AS n', NamedQueryId: 'nq-2' } });
    athena.on(ListNamedQueriesCommand).resolvesOnce({ NamedQueryIds: ['nq-1'], NextToken: 't' }).resolvesOnce({ NamedQueryIds: ['nq-2'] });
    athena.on(BatchGetNamedQueryCommand, { NamedQueryIds: ['nq-1'] }).resolves({ NamedQueries: [{ Name: 'other', NamedQueryId: 'nq-1', QueryString: 'x', Database: 'd' }] });
    athena.on(BatchGetNamedQueryCommand, { NamedQueryIds: ['nq-2'] }).resolves({ NamedQueries: [{ Name: 'alerts_by_rule', NamedQueryId: 'nq-2', QueryString: 'x', Database: 'd' }] });
    const { e } = engine();
    expect((await e.runNamedQuery({ id: 'nq-2' })).rows).toEqual([{ n: 42 }]);
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, { QueryString: 'SELECT 42 AS n', QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'surv_reports' } });
    expect((await e.runNamedQuery({ name: 'alerts_by_rule' })).rows).toEqual([{ n: 42 }]);
    athena.on(ListNamedQueriesCommand).resolves({ NamedQueryIds: ['nq-1'] });
    await expect(engine().e.runNamedQuery({ name: 'missing' })).rejects.toMatchObject({ code: 'ATHENA_NAMED_QUERY_NOT_FOUND' });
  });

  it('wraps a refused StartQueryExecution in ATHENA_CALL_FAILED with the SDK error as cause (mocked Athena)', async () => {
    athena.on(StartQueryExecutionCommand).rejects(new InvalidRequestException({ message: 'line 1:8: mismatched input', $metadata: {} }));
    const error = (await engine().e.query('SELEC 1').catch((x: unknown) => x)) as AwsAdapterError;
    expect(error.code).toBe('ATHENA_CALL_FAILED');
    expect(error.message).toContain('mismatched input');
    expect(error.cause).toBeInstanceOf(InvalidRequestException);
  });

  it('refuses bigint values beyond 2^53 in number mode and keeps them exact in bigint mode (mocked Athena)', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: 'q-1', StatementType: 'DML', Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [{ Name: 'n', Type: 'bigint' }] }, Rows: [row('n'), row('9007199254740993')] } });
    await expect(engine().e.query('SELECT n')).rejects.toMatchObject({ code: 'ATHENA_QUERY_FAILED' });
    expect((await engine({ bigintMode: 'bigint' }).e.query('SELECT n')).rows).toEqual([{ n: 9007199254740993n }]);
  });

  it('validates its options once, at construction', () => {
    expect(() => engine({ pageSize: 0 })).toThrow(AwsAdapterError);
    expect(() => engine({ outputLocation: 'surv-lake/results' })).toThrow(/s3:\/\//);
    expect(() => engine({ pollIntervalMs: 500, maxPollIntervalMs: 100 })).toThrow(/pollIntervalMs/);
  });
});
