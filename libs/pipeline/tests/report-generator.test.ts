import { describe, expect, it } from 'vitest';
import { generateReports, NAMED_QUERIES, toCsv, type QueryEngine, type QueryResult } from '@surv/pipeline';
import { MemoryStore } from './memory-store';

/** Answers each known query with canned rows (the real engine runs in local-runtime's tests). */
class CannedEngine implements QueryEngine {
  readonly asked: string[] = [];
  async query(sql: string): Promise<QueryResult> {
    this.asked.push(sql);
    const q = NAMED_QUERIES.find((x) => x.sql === sql);
    switch (q?.name) {
      case 'alert_summary': return { columns: ['rule', 'alert_day', 'severity', 'alerts'], rows: [
        { rule: 'WASH_TRADE', alert_day: '2024-03-04', severity: 'HIGH', alerts: 7n },
        { rule: 'SPOOFING', alert_day: '2024-03-04', severity: 'MEDIUM', alerts: 5 }] };
      case 'high_risk_accounts': return { columns: ['account_id', 'alerts'], rows: [{ account_id: 'ACC-<9>', alerts: 3 }] };
      case 'venue_activity': return { columns: ['venue_category', 'events'], rows: [{ venue_category: 'LIT_EXCHANGE', events: 1234 }] };
      case undefined: break;
      default: return { columns: ['x', 'note'], rows: [{ x: 1, note: 'a,"b"' }] };
    }
    if (sql.includes('alert_hour')) return { columns: ['alert_hour', 'alerts'], rows: [{ alert_hour: '2024-03-04T14', alerts: 12 }] };
    return { columns: ['bucket', 'events'], rows: [{ bucket: 0, events: 1000 }, { bucket: 90, events: 234 }] };
  }
}

describe('generateReports', () => {
  it('writes CSV and JSON per named query under reports/<query>/dt=, and one offline HTML report with the numbers', async () => {
    const store = new MemoryStore();
    const r = await generateReports(new CannedEngine(), store, { now: new Date('2024-03-05T08:00:00Z') });
    expect(r.queries.map((q) => q.name)).toEqual(NAMED_QUERIES.map((q) => q.name));
    expect(store.keys('reports/alert_summary/')).toEqual(['reports/alert_summary/dt=2024-03-05/alert_summary.csv', 'reports/alert_summary/dt=2024-03-05/alert_summary.json']);
    expect(store.text('reports/alert_summary/dt=2024-03-05/alert_summary.csv')).toBe('rule,alert_day,severity,alerts\r\nWASH_TRADE,2024-03-04,HIGH,7\r\nSPOOFING,2024-03-04,MEDIUM,5\r\n');
    expect(store.text('reports/alert_summary/dt=2024-03-05/alert_summary.json').trim().split('\n').map((l) => JSON.parse(l))[0]).toEqual({ rule: 'WASH_TRADE', alert_day: '2024-03-04', severity: 'HIGH', alerts: 7 });
    expect(r.htmlKey).toBe('reports/surveillance_report/dt=2024-03-05/surveillance_report.html');
    const html = store.text(r.htmlKey);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // no network references
    expect(html).not.toContain('<script');
    expect(html).toContain('data-total="alerts"><b>12</b>'); // 7 + 5
    expect(html).toContain('data-total="events"><b>1234</b>');
    expect(html).toContain('WASH_TRADE: 7');
    expect(html).toContain('SPOOFING: 5');
    expect(html).toContain('ACC-&lt;9&gt;: 3'); // escaped account label, top accounts chart
    expect(html).toContain('90-100: 234'); // risk distribution
    expect(html).toContain('2024-03-04T14h: 12'); // alerts over time
    expect((html.match(/<svg /g) ?? []).length).toBe(4);
  });

  it('reports a failing query as a typed error naming it', async () => {
    const engine: QueryEngine = { query: async () => { throw new Error('no such table'); } };
    await expect(generateReports(engine, new MemoryStore(), { now: new Date() })).rejects.toMatchObject({ code: 'PIPELINE_QUERY_FAILED', message: expect.stringContaining('wash_trade_candidates') });
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and newlines and leaves nulls empty', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,"y"', b: null }, { a: 'l1\nl2', b: 2 }])).toBe('a,b\r\n"x,""y""",\r\n"l1\nl2",2\r\n');
  });
});
