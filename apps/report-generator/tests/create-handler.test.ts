import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isSurvError } from '@surv/domain';
import { NAMED_QUERY_NAMES } from '@surv/pipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReportGeneratorHandler } from '../src/create-handler';
import { parseEnv } from '../src/env';

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);
const logger = new Logger({ serviceName: 'report-generator', logLevel: 'SILENT' });
const metrics = new Metrics({ serviceName: 'report-generator', namespace: 'surv-test' });
const env = parseEnv({ LAKE_BUCKET: 'surv-lake-test', ATHENA_WORKGROUP: 'surv', ATHENA_DATABASE: 'surv_lake', KMS_KEY_ID: 'alias/surv' });
const make = () => createReportGeneratorHandler({ env, awsEnv: { AWS_REGION: 'us-east-1' }, logger, metrics, now: () => new Date('2026-11-25T07:45:00Z') });

const SCHEDULED = {
  version: '0', id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012',
  time: '2026-11-25T07:40:00Z', region: 'us-east-1', resources: ['arn:aws:events:us-east-1:123456789012:rule/surv-reports'], detail: {},
};

/** Athena answers: every query gets an execution id; `alert_summary` returns two rows, the rest none. */
const athenaAnswers = (state: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED') => {
  const sqlById = new Map<string, string>();
  athena.on(StartQueryExecutionCommand).callsFake((input: StartQueryExecutionCommandInput) => {
    const id = `q${sqlById.size + 1}`;
    sqlById.set(id, input.QueryString!);
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) => ({
    QueryExecution: { QueryExecutionId, StatementType: 'DML', Status: { State: state, StateChangeReason: state === 'FAILED' ? 'TABLE_NOT_FOUND: alerts' : undefined } },
  }));
  athena.on(GetQueryResultsCommand).callsFake(({ QueryExecutionId }: { QueryExecutionId: string }) => {
    const summary = sqlById.get(QueryExecutionId)!.includes('FROM dated');
    const cols = summary ? [['rule', 'varchar'], ['alerts', 'bigint']] : [['n', 'bigint']];
    const header = { Data: cols.map(([n]) => ({ VarCharValue: n })) };
    const rows = summary ? [['WASH_TRADE', '3'], ['SPOOFING', '2']].map((r) => ({ Data: r.map((v) => ({ VarCharValue: v })) })) : [];
    return { ResultSet: { ResultSetMetadata: { ColumnInfo: cols.map(([Name, Type]) => ({ Name, Type })) }, Rows: [header, ...rows] } };
  });
  return sqlById;
};

describe('report-generator handler', () => {
  beforeEach(() => {
    athena.reset();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('runs the 5 named queries in the workgroup and writes their reports under the run day', async () => {
    const sqlById = athenaAnswers();
    const summary = await make()(SCHEDULED);
    expect(summary.runTime).toBe('2026-11-25T07:40:00.000Z');
    expect(summary.reports.map((r) => r.name)).toEqual([...NAMED_QUERY_NAMES]);
    expect(summary.reports.find((r) => r.name === 'alert_summary')!.rows).toBe(2);
    for (const call of athena.commandCalls(StartQueryExecutionCommand)) {
      expect(call.args[0].input).toMatchObject({ WorkGroup: 'surv', QueryExecutionContext: { Database: 'surv_lake' } });
    }
    expect(sqlById.size).toBeGreaterThanOrEqual(5);
    const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key!);
    for (const name of NAMED_QUERY_NAMES) {
      expect(keys).toContain(`reports/${name}/dt=2026-11-25/${name}.csv`);
      expect(keys).toContain(`reports/${name}/dt=2026-11-25/${name}.json`);
    }
    expect(keys).toContain(summary.htmlKey);
    const csv = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === 'reports/alert_summary/dt=2026-11-25/alert_summary.csv')!;
    expect(Buffer.from(csv.args[0].input.Body as Uint8Array).toString()).toMatch(/WASH_TRADE,3/);
    expect(csv.args[0].input).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/surv' });
  });

  it('falls back to the clock when the event has no time', async () => {
    athenaAnswers();
    expect((await make()({})).runTime).toBe('2026-11-25T07:45:00.000Z');
  });

  it('fails the run with a typed error naming the query when Athena fails it', async () => {
    athenaAnswers('FAILED');
    const err = await make()(SCHEDULED).catch((e: unknown) => e);
    expect(isSurvError(err) && err.code).toBe('PIPELINE_QUERY_FAILED');
    expect(String((err as Error).message)).toMatch(/wash_trade_candidates.*TABLE_NOT_FOUND/);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('rejects an event whose time is not a timestamp', async () => {
    const err = await make()({ time: 'yesterday' }).catch((e: unknown) => e);
    expect(isSurvError(err) && err.code).toBe('REPORT_GENERATOR_INVALID_EVENT');
  });

  it('requires the workgroup and database', () => {
    expect(() => parseEnv({ LAKE_BUCKET: 'b' })).toThrow(/ATHENA_WORKGROUP.*ATHENA_DATABASE/);
  });
});
