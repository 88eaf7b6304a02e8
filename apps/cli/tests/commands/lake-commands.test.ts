import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_QUERIES } from '@surv/pipeline';
import { surv } from '../helpers/captured-io';

// One small lake, built by `surv scan` over the fixture (a wash trade by owner BO-9 on ZETA and a
// spoofing burst by account ACC-5 on ACME among ordinary flow), shared by the read-only commands.
const FIXTURE = fileURLToPath(new URL('../fixtures/events/lake-small.jsonl', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-lake-cmds-'));
  const r = await surv(['scan', FIXTURE, '--lake', 'lake', '--alerts', 'alerts.jsonl'], { cwd: dir });
  if (r.code !== 0) throw new Error(`scan failed: ${r.stderr}`);
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('surv query', () => {
  it('runs SQL over the curated events and formats the rows as a table, CSV or JSON', async () => {
    const sql = 'SELECT symbol, count(*) AS n FROM market_events GROUP BY symbol ORDER BY symbol';
    const table = await surv(['query', sql, '--lake', 'lake'], { cwd: dir });
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^symbol +n\n-+ +-+\nACME +22\nZETA +1\n\(2 rows\)\n$/);
    const csv = await surv(['query', sql, '--lake', 'lake', '--format', 'csv'], { cwd: dir });
    expect(csv.stdout).toBe('symbol,n\nACME,22\nZETA,1\n');
    const json = await surv(['query', sql, '--lake', 'lake', '--json'], { cwd: dir });
    expect(json.stdout).toBe('{"symbol":"ACME","n":22}\n{"symbol":"ZETA","n":1}\n');
  });

  it('runs every named query by name', async () => {
    for (const q of NAMED_QUERIES) {
      const r = await surv(['query', q.name, '--lake', 'lake', '--format', 'json'], { cwd: dir });
      expect(r.code, `${q.name}: ${r.stderr}`).toBe(0);
    }
    const wash = await surv(['query', 'wash_trade_candidates', '--lake', 'lake', '--format', 'json'], { cwd: dir });
    expect(wash.stdout).toContain('"beneficial_owner":"BO-9"');
    const summary = await surv(['query', 'alert_summary', '--lake', 'lake', '--format', 'csv'], { cwd: dir });
    expect(summary.stdout).toMatch(/^SPOOFING,2024-03-01,\w+,1,1,1$/m);
    expect(summary.stdout).toMatch(/^WASH_TRADE,2024-03-01,\w+,1,1,1$/m);
  });

  it('suggests the named query a typo meant (exit 2), and refuses SQL DuckDB cannot bind (exit 3)', async () => {
    const typo = await surv(['query', 'alert_sumary', '--lake', 'lake'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("did you mean 'alert_summary'?");
    expect(typo.stderr).toContain('hint: try `surv query alert_summary`');
    const bad = await surv(['query', 'SELECT nope FROM market_events', '--lake', 'lake'], { cwd: dir });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^error\[LOCAL_QUERY_FAILED\]: .*nope/);
    expect(bad.stderr).toContain('hint: try `surv catalog');
  });

  it('refuses a missing lake (exit 3) and a bad --format (exit 2)', async () => {
    const missing = await surv(['query', 'alert_summary', '--lake', 'nowhere'], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('hint: try `surv demo');
    const format = await surv(['query', 'alert_summary', '--lake', 'lake', '--format', 'xml'], { cwd: dir });
    expect(format.code).toBe(2);
  });
});

describe('surv catalog', () => {
  it('prints the raw, curated and alerts tables with partitions', async () => {
    const r = await surv(['catalog', '--lake', 'lake'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^market_events +\(curated, parquet, \d+ objects?, 1 partition partitioned by dt, hour\)/m);
    expect(r.stdout).toMatch(/^raw_events +\(raw, json/m);
    expect(r.stdout).toMatch(/^alerts +\(alerts, json, 2 objects/m);
    expect(r.stdout).toContain('partitions: dt=2024-03-01/hour=14');
    const json = JSON.parse((await surv(['catalog', '--lake', 'lake', '--json'], { cwd: dir })).stdout) as { tables: { name: string }[] };
    expect(json.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['raw_events', 'market_events', 'alerts']));
  });
});

describe('surv report', () => {
  it('runs the 5 named queries, writes the HTML report and prints its path', async () => {
    const r = await surv(['report', '--lake', 'lake'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const q of NAMED_QUERIES) expect(r.stdout).toMatch(new RegExp(`^  ${q.name} +\\d+ rows$`, 'm'));
    const path = /^report: (.+)$/m.exec(r.stdout)?.[1];
    expect(path).toBeDefined();
    expect((await stat(path!)).size).toBeGreaterThan(0);
  });
});
