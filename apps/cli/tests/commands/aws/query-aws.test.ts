import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { STACK_OUTPUTS } from '@surv/domain';
import { NAMED_QUERIES } from '@surv/pipeline';
import { formatRows } from '../../../src/output/format-rows';
import { surv } from '../../helpers/captured-io';
import { deadEndpoint, TEST_ENV } from '../../helpers/aws-servers';

// No Athena server installs here: these tests mock Athena at the SDK boundary (aws-sdk-client-mock). The
// endpoint is a dead loopback port anyway, so a call the mock did not catch could not leave the machine.
const athena = mockClient(AthenaClient);
const OUTPUTS = {
  Surv: {
    [STACK_OUTPUTS.region]: 'us-east-1', [STACK_OUTPUTS.athenaWorkGroup]: 'Surv-reports', [STACK_OUTPUTS.glueDatabase]: 'surv',
    [STACK_OUTPUTS.lakeBucket]: 'surv-lake',
  },
};
const cell = (v: string | undefined) => (v === undefined ? {} : { VarCharValue: v });
const resultPage = (columns: [string, string][], rows: (string | undefined)[][]): Partial<GetQueryResultsCommandOutput> => ({
  ResultSet: {
    ResultSetMetadata: { ColumnInfo: columns.map(([Name, Type]) => ({ Name, Type })) },
    Rows: [{ Data: columns.map(([n]) => cell(n)) }, ...rows.map((r) => ({ Data: r.map(cell) }))],
  },
});

let dir: string;
let endpoint: string;
beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  dir = await mkdtemp(join(tmpdir(), 'surv-query-aws-'));
  await writeFile(join(dir, 'cdk-outputs.json'), JSON.stringify(OUTPUTS));
  endpoint = await deadEndpoint();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  athena.restore();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: 'q-1', StatementType: 'DML', Status: { State: 'SUCCEEDED' } } });
  athena.on(GetQueryResultsCommand).resolves(resultPage([['rule', 'varchar'], ['alerts', 'bigint']], [['WASH_TRADE', '3'], ['SPOOFING', '1']]));
});

const query = (args: string[]) => surv(['query', ...args, '--target', 'aws', '--outputs', 'cdk-outputs.json', '--endpoint', endpoint], { cwd: dir, env: TEST_ENV });
const ROWS = [{ rule: 'WASH_TRADE', alerts: 3 }, { rule: 'SPOOFING', alerts: 1 }];

describe('surv query --target aws (Athena mocked with aws-sdk-client-mock)', () => {
  it('runs the named query text in the stack workgroup and database and prints it as the local query does', async () => {
    const r = await query(['alert_summary']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(formatRows(['rule', 'alerts'], ROWS, 'table'));
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input).toEqual({
      QueryString: NAMED_QUERIES.find((q) => q.name === 'alert_summary')!.sql,
      WorkGroup: 'Surv-reports',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'surv' },
      ResultConfiguration: { OutputLocation: 's3://surv-lake/athena-results/' },
    });
  });

  it('prints csv and json with the same formatters, and passes ad-hoc SQL through', async () => {
    expect((await query(['alert_summary', '--format', 'csv'])).stdout).toBe(formatRows(['rule', 'alerts'], ROWS, 'csv'));
    expect((await query(['alert_summary', '--json'])).stdout).toBe('{"rule":"WASH_TRADE","alerts":3}\n{"rule":"SPOOFING","alerts":1}\n');
    const sql = 'SELECT rule, count(*) AS alerts FROM alerts GROUP BY 1';
    expect((await query([sql])).code).toBe(0);
    expect(athena.commandCalls(StartQueryExecutionCommand).at(-1)!.args[0].input.QueryString).toBe(sql);
  });

  it('refuses SQL that Athena rejects as input (exit 3) with its reason', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { QueryExecutionId: 'q-1', Status: { State: 'FAILED', StateChangeReason: "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.surv.nope' does not exist" } },
    });
    const r = await query(['SELECT * FROM nope']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error\[ATHENA_QUERY_FAILED\]: Athena query q-1 failed: TABLE_NOT_FOUND: .*\nhint: try `surv query --help`\n$/);
  });

  it('says Athena cannot be reached (exit 4, no stack) when the connection is refused', async () => {
    athena.on(StartQueryExecutionCommand).rejects(Object.assign(new Error(`connect ECONNREFUSED ${endpoint.slice(7)}`), { code: 'ECONNREFUSED' }));
    const r = await query(['alert_summary']);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(`error[AWS_UNREACHABLE]: cannot reach Athena at ${endpoint}: connect ECONNREFUSED ${endpoint.slice(7)}\nhint: try \`curl -sS ${endpoint}\`\n`);
  });

  it('names the missing workgroup when there is no outputs file (exit 2) and sends nothing', async () => {
    const r = await surv(['query', 'alert_summary', '--target', 'aws', '--endpoint', endpoint], { cwd: dir, env: TEST_ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[AWS_TARGET_INCOMPLETE]: surv query --target aws needs the Athena workgroup (--workgroup, SURV_ATHENA_WORKGROUP, or output AthenaWorkGroupName in --outputs FILE)');
    expect(athena.calls()).toHaveLength(0);
  });
});
