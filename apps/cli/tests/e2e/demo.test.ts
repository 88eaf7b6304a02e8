import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSchema, parseMarketEvent, type Alert } from '@surv/domain';
import { DuckDbQueryEngine } from '@surv/local-runtime';
import { simulateMarket } from '@surv/simulator';
import { DEMO_BAD_RECORD_RATE } from '../../src/commands/demo';
import { surv, type CliRun } from '../helpers/captured-io';
import { hashTree, listFiles, readJsonLines } from '../helpers/lake-files';

// The end-to-end run: `surv demo` in-process on a small seed, then the lake checked against the
// simulator's ground truth, with DuckDB reading the Parquet the pipeline wrote.
const SEED = 7;
const MINUTES = 3;
let dir: string;
let lake: string;
let run: CliRun;
let firstHashes: Record<string, string>;
let alerts: Alert[];
const market = simulateMarket({ seed: SEED, durationMs: MINUTES * 60_000, badRecordRate: DEMO_BAD_RECORD_RATE });

/** Valid events of the simulated feed: event id -> times delivered. */
const valid = new Map<string, number>();
for (const e of market.events) {
  const p = parseMarketEvent(JSON.stringify(e), { nowMs: Date.parse('2100-01-01T00:00:00Z') });
  if (p.ok) valid.set(p.event.event_id, (valid.get(p.event.event_id) ?? 0) + 1);
}

const sql = async <T = Record<string, unknown>>(query: string): Promise<T[]> => {
  const engine = await DuckDbQueryEngine.open({ threads: 1 });
  try {
    return (await engine.query(query)).rows as T[];
  } finally {
    await engine.close();
  }
};
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-demo-'));
  lake = join(dir, 'lake');
  run = await surv(['demo', '--seed', String(SEED), '--minutes', String(MINUTES), '--lake', 'lake'], { cwd: dir });
  if (run.code !== 0) throw new Error(`demo failed (${run.code}): ${run.stderr}`);
  firstHashes = await hashTree(lake);
  alerts = (await readJsonLines(lake, 'alerts/', '.json')).map((a) => AlertSchema.parse(a));
}, 120_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** A query's timestamp (ISO, or DuckDB's 'YYYY-MM-DD HH:MM:SS' in UTC) as epoch ms. */
const utcMs = (v: unknown): number => {
  const text = String(v).replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
};
const overlaps = (a: Alert, startMs: number, endMs: number) => Date.parse(a.window_start) <= endMs && Date.parse(a.window_end) > startMs;
const names = (a: Alert, s: { account_id?: string; beneficial_owner?: string }) =>
  (s.account_id !== undefined && a.account_id === s.account_id) || (s.beneficial_owner !== undefined && a.beneficial_owner === s.beneficial_owner);

describe('surv demo, end to end', () => {
  it('prints each alert as it fires, then the summary with precision, recall and the report path', () => {
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(run.stdout).toContain(a.symbol);
    expect(run.stdout).toMatch(/^Summary$/m);
    expect(run.stdout).toMatch(/precision/i);
    expect(run.stdout).toMatch(/recall/i);
    expect(run.stdout).toMatch(/^report: .+\.html$/m);
  });

  it('alerts on every injected manipulation and on no benign look-alike', () => {
    const scenarios = market.groundTruth;
    expect(scenarios.some((s) => s.expectedRule !== null)).toBe(true);
    expect(scenarios.some((s) => s.expectedRule === null)).toBe(true);
    for (const s of scenarios) {
      // About this scenario: same symbol, its account or owner, a window overlapping its events.
      const hits = alerts.filter((a) => a.symbol === s.symbol && names(a, s) && overlaps(a, s.startMs, s.endMs));
      if (s.expectedRule === null) expect(hits, `benign ${s.kind} ${s.id} alerted`).toEqual([]);
      else expect(hits.filter((a) => a.rule === s.expectedRule).length, `${s.kind} ${s.id} missed`).toBeGreaterThan(0);
    }
  });

  it('writes every valid event exactly once to curated/ (Parquet, counted by DuckDB) and to raw/', async () => {
    const curated = await sql<{ event_id: string; n: number }>(
      `SELECT event_id, count(*)::INTEGER AS n FROM read_parquet(${lit(`${lake}/curated/**/*.parquet`)}, hive_partitioning = true) GROUP BY event_id`,
    );
    expect(curated.length).toBe(valid.size);
    expect(curated.every((r) => r.n === 1)).toBe(true);
    expect(new Set(curated.map((r) => r.event_id))).toEqual(new Set(valid.keys()));

    const rawLines: string[] = [];
    for (const f of (await listFiles(lake)).filter((p) => p.startsWith('raw/'))) rawLines.push(...(await readFile(join(lake, f), 'utf8')).split('\n').filter(Boolean));
    const rawIds = new Map<string, number>();
    for (const l of rawLines) {
      const p = parseMarketEvent(l, { nowMs: Date.parse('2100-01-01T00:00:00Z') });
      if (p.ok) rawIds.set(p.event.event_id, (rawIds.get(p.event.event_id) ?? 0) + 1);
    }
    // raw/ keeps records as delivered: each valid event as many times as it was sent (once, unless the feed duplicated it).
    expect(rawIds).toEqual(valid);
  });

  it('puts every bad record in quarantine/ with its reason and original text', async () => {
    expect(market.badRecords.length).toBeGreaterThan(0);
    const quarantined = await readJsonLines(lake, 'quarantine/', '.jsonl');
    const byRaw = new Map(quarantined.map((q) => [q['raw'], q]));
    for (const bad of market.badRecords) {
      const q = byRaw.get(bad);
      expect(q, `bad record not quarantined: ${bad.slice(0, 80)}`).toBeDefined();
      expect(String(q!['reason']).length).toBeGreaterThan(0);
      expect(String(q!['code'])).toMatch(/^[A-Z_]+$/);
    }
  });

  it('answers the 5 named queries consistently with the alerts', async () => {
    const query = async (name: string) => JSON.parse(`[${(await surv(['query', name, '--lake', 'lake', '--json'], { cwd: dir })).stdout.trim().split('\n').filter(Boolean).join(',')}]`) as Record<string, unknown>[];
    expect(alerts.filter((x) => x.rule === 'SPOOFING').length).toBeGreaterThan(0);
    const summary = await query('alert_summary');
    const byRule: Record<string, number> = {};
    for (const r of summary) byRule[String(r['rule'])] = (byRule[String(r['rule'])] ?? 0) + Number(r['alerts']);
    const expected: Record<string, number> = {};
    for (const a of alerts) expected[a.rule] = (expected[a.rule] ?? 0) + 1;
    expect(byRule).toEqual(expected);

    const wash = await query('wash_trade_candidates');
    const washAlerts = alerts.filter((a) => a.rule === 'WASH_TRADE');
    for (const w of wash) expect(washAlerts.some((a) => a.symbol === w['symbol'] && a.beneficial_owner === w['beneficial_owner']), JSON.stringify(w)).toBe(true);

    // spoofing_candidates is the spoofing rule run over the lake with detection.sql's thresholds: one
    // row per spoofing alert, same symbol, account and window.
    const spoof = await query('spoofing_candidates');
    const spoofAlerts = alerts.filter((x) => x.rule === 'SPOOFING');
    expect(spoof).toHaveLength(spoofAlerts.length);
    for (const a of spoofAlerts) {
      expect(spoof.some((r) => r['symbol'] === a.symbol && r['account_id'] === a.account_id && utcMs(r['window_start']) === Date.parse(a.window_start)), `${a.symbol} ${a.account_id} ${a.window_start}`).toBe(true);
    }

    const accounts = await query('high_risk_accounts');
    for (const a of alerts.filter((x) => x.account_id)) {
      expect(accounts.some((r) => r['account_id'] === a.account_id && Number(r['alerts']) > 0), `${a.account_id}`).toBe(true);
    }
    const venues = await query('venue_activity');
    const total = venues.reduce((n, r) => n + Number(r['events']), 0);
    expect(total).toBe(valid.size);
  });

  it('writes an HTML report that references the data', async () => {
    const path = /^report: (.+)$/m.exec(run.stdout)![1]!;
    const html = await readFile(path, 'utf8');
    for (const name of ['alert_summary', 'wash_trade_candidates', 'spoofing_candidates', 'high_risk_accounts', 'venue_activity']) {
      expect(html).toContain(`id="${name}"`);
    }
    for (const a of alerts.filter((x) => x.account_id)) expect(html).toContain(a.account_id!);
    expect(html).toContain('<svg');
  });

  it('gives byte-identical lake contents when run again with the same seed', async () => {
    const again = await surv(['demo', '--seed', String(SEED), '--minutes', String(MINUTES), '--lake', 'lake', '--quiet'], { cwd: dir });
    expect(again.code).toBe(0);
    const second = await hashTree(lake);
    expect(Object.keys(second)).toEqual(Object.keys(firstHashes));
    expect(second).toEqual(firstHashes);
  }, 120_000);
});
