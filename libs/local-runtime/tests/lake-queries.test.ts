import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_QUERIES } from '@surv/pipeline';
import { crawlLake, openLakeQueryEngine, runLocalPipeline, runReports, type Catalog } from '@surv/local-runtime';
import { removeTempDirs, tempDir } from './temp-dirs';

afterAll(removeTempDirs);

const FIXTURE = new URL('./fixtures/wash-and-spoof.jsonl', import.meta.url);
let lake: string;

beforeAll(async () => {
  lake = await tempDir('surv-lakeq-');
  await runLocalPipeline({ lake, input: createInterface({ input: createReadStream(FIXTURE), crlfDelay: Infinity }), batchSize: 16 });
});

describe('crawlLake', () => {
  it('catalogues raw, curated and alerts with their columns and partitions', async () => {
    const catalog = await crawlLake(lake);
    expect(JSON.parse(await readFile(join(lake, 'catalog.json'), 'utf8'))).toEqual(catalog);
    const t = (name: string) => catalog.tables.find((x) => x.name === name)!;
    expect(catalog.tables.map((x) => x.name)).toEqual(['raw_events', 'market_events', 'alerts']);
    expect(t('market_events')).toMatchObject({ layer: 'curated', location: 'curated/market_events/', format: 'parquet', partitionKeys: ['dt', 'hour'], partitions: [{ dt: '2024-03-04', hour: '14' }] });
    const cols = Object.fromEntries(t('market_events').columns.map((c) => [c.name, c.type]));
    expect(cols).toMatchObject({ event_time: 'TIMESTAMP WITH TIME ZONE', price: 'DOUBLE', risk_score: 'DOUBLE', regulatory_flags: 'VARCHAR', event_id: 'VARCHAR' });
    expect(t('raw_events')).toMatchObject({ partitionKeys: ['year', 'month', 'day', 'hour'], partitions: [{ year: '2024', month: '03', day: '04', hour: '14' }] });
    expect(t('raw_events').columns.find((c) => c.name === 'event_time')!.type).toBe('VARCHAR');
    expect(t('alerts')).toMatchObject({ partitionKeys: ['dt'], partitions: [{ dt: '2024-03-04' }], objects: 2 });
    expect(t('alerts').columns.find((c) => c.name === 'window_start')!.type).toBe('VARCHAR');
  });

  it('keeps the contract columns a lake has no value for yet, so every named query binds', async () => {
    const onlyWash = await tempDir('surv-washonly-');
    const washLines = (await readFile(FIXTURE, 'utf8')).split('\n').filter((l) => l.includes('"TRADE"'));
    async function* input() { for (const l of washLines) yield l; }
    const summary = await runLocalPipeline({ lake: onlyWash, input: input() });
    expect(summary.alerts.length).toBeGreaterThan(0);
    expect(summary.alerts.every((a) => a.account_id === undefined)).toBe(true);
    const catalog = await crawlLake(onlyWash);
    expect(catalog.tables.find((x) => x.name === 'alerts')!.columns.map((c) => c.name)).toContain('account_id');
    const engine = await openLakeQueryEngine(onlyWash);
    try {
      for (const q of NAMED_QUERIES) await expect(engine.query(q.sql)).resolves.toBeDefined();
    } finally {
      await engine.close();
    }
  });

  it('gives an empty lake its tables, so the named queries still run', async () => {
    const empty = await tempDir('surv-empty-');
    const catalog: Catalog = await crawlLake(empty);
    expect(catalog.tables.map((x) => [x.name, x.objects])).toEqual([['raw_events', 0], ['market_events', 0], ['alerts', 0]]);
    const engine = await openLakeQueryEngine(empty);
    try {
      for (const q of NAMED_QUERIES) expect((await engine.query(q.sql)).rows).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});

describe('named queries on DuckDB', () => {
  it('EXPLAIN and run every named query over the lake views', async () => {
    await crawlLake(lake);
    const engine = await openLakeQueryEngine(lake);
    try {
      const counts: Record<string, number> = {};
      for (const q of NAMED_QUERIES) {
        const plan = await engine.query(`EXPLAIN ${q.sql}`);
        expect(plan.rows.length).toBeGreaterThan(0);
        counts[q.name] = (await engine.query(q.sql)).rows.length;
      }
      expect(counts).toEqual({ wash_trade_candidates: 1, spoofing_candidates: 1, high_risk_accounts: expect.any(Number), alert_summary: 2, venue_activity: 1 });
      const wash = (await engine.query(NAMED_QUERIES[0]!.sql)).rows[0]!;
      expect(wash).toMatchObject({ dt: '2024-03-04', symbol: 'ACME', beneficial_owner: 'BO-W', self_matched_trades: 2, total_notional: 101000 });
      const spoof = (await engine.query(NAMED_QUERIES[1]!.sql)).rows[0]!;
      expect(spoof).toMatchObject({ symbol: 'MSFT', account_id: 'ACC-S', spoof_side: 'BUY', side_orders: 6, side_cancels: 6, cancel_ratio: 1 });
      const venue = (await engine.query(NAMED_QUERIES[4]!.sql)).rows[0]!;
      expect(venue).toMatchObject({ venue_category: 'LIT_EXCHANGE', events: 45 });
      const accounts = (await engine.query(NAMED_QUERIES[2]!.sql)).rows;
      expect(accounts.filter((r) => Number(r['alerts']) > 0).map((r) => r['account_id']).sort()).toEqual(['ACC-S', 'ACC-W1', 'ACC-W2']);
      // Microsecond event times survive the Parquet round trip.
      const t = await engine.query(`SELECT COUNT(*) AS n, MIN(event_time) AS first FROM market_events`);
      expect(t.rows[0]).toMatchObject({ n: 45, first: '2024-03-04T14:30:00.000Z' });
      // raw keeps every delivered line; the unparsable one reads as a row of NULLs (like Athena's ignore.malformed.json).
      const raw = await engine.query('SELECT COUNT(*) AS n, COUNT(event_id) AS ids FROM raw_events');
      expect(raw.rows[0]).toEqual({ n: 48, ids: 47 });
    } finally {
      await engine.close();
    }
  });
});

describe('runReports', () => {
  it('writes CSV/JSON per query and an HTML report whose numbers match the results, then catalogues them', async () => {
    const result = await runReports(lake, { now: new Date('2024-03-05T06:00:00Z') });
    expect(result.queries.map((q) => q.name)).toEqual(NAMED_QUERIES.map((q) => q.name));
    expect(result.htmlPath).toBe(join(lake, 'reports', 'surveillance_report', 'dt=2024-03-05', 'surveillance_report.html'));
    const html = await readFile(result.htmlPath, 'utf8');
    expect(html).toContain('data-total="alerts"><b>2</b>');
    expect(html).toContain('data-total="events"><b>45</b>');
    expect(html).toContain('WASH_TRADE: 1');
    expect(html).toContain('SPOOFING: 1');
    expect(html).not.toContain('<script');
    const summaryCsv = await readFile(result.queries.find((q) => q.name === 'alert_summary')!.files[0]!, 'utf8');
    expect(summaryCsv.split('\r\n')[0]).toBe('rule,alert_day,severity,alerts,symbols,parties');
    expect(summaryCsv.trim().split('\r\n')).toHaveLength(3);
    const catalog = JSON.parse(await readFile(join(lake, 'catalog.json'), 'utf8')) as Catalog;
    expect(catalog.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['report_alert_summary', 'report_venue_activity']));
    const engine = await openLakeQueryEngine(lake);
    try {
      expect((await engine.query('SELECT SUM(alerts) AS n FROM report_alert_summary')).rows[0]!['n']).toBe(2);
    } finally {
      await engine.close();
    }
  });
});
