import { reportObjectKey, utcDate } from '@surv/domain';
import { toCsv, plainValue } from './csv';
import { PipelineError } from './errors';
import { renderHtmlReport, type ChartPoint } from './html-report';
import { NAMED_QUERIES, type NamedQuery } from './named-queries';
import type { ObjectStore, QueryEngine, QueryResult } from './ports';

export interface GenerateReportsOptions {
  /** The run's time: names the `dt=` partition and is printed in the HTML. */
  readonly now: Date;
  /** Queries to run. @default NAMED_QUERIES */
  readonly queries?: readonly NamedQuery[];
}

export interface ReportOutput {
  readonly name: string;
  readonly rowCount: number;
  readonly keys: readonly string[];
  readonly result: QueryResult;
}

export interface GenerateReportsResult {
  readonly queries: readonly ReportOutput[];
  readonly htmlKey: string;
}

/** Name of the HTML report's folder under `reports/`. */
export const HTML_REPORT_NAME = 'surveillance_report';

/** Chart queries of the HTML report only (not named queries); same SQL in both dialects. */
const ALERTS_BY_HOUR_SQL = `SELECT SUBSTR(window_start, 1, 13) AS alert_hour, COUNT(DISTINCT alert_id) AS alerts
FROM alerts GROUP BY SUBSTR(window_start, 1, 13) ORDER BY alert_hour`;
const RISK_BUCKETS_SQL = `SELECT CAST(FLOOR(LEAST(risk_score, 99.999) / 10) AS INTEGER) * 10 AS bucket, COUNT(*) AS events
FROM market_events GROUP BY CAST(FLOOR(LEAST(risk_score, 99.999) / 10) AS INTEGER) * 10 ORDER BY bucket`;

const num = (v: unknown): number => {
  const p = plainValue(v);
  return typeof p === 'number' ? p : Number(p ?? 0);
};

const run = async (engine: QueryEngine, name: string, sql: string): Promise<QueryResult> => {
  try {
    return await engine.query(sql);
  } catch (cause) {
    throw new PipelineError('PIPELINE_QUERY_FAILED', `query ${name} failed: ${String((cause as Error)?.message ?? cause)}`, { cause });
  }
};

const sumBy = (rows: readonly Record<string, unknown>[], key: string, value: string): ChartPoint[] => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(String(r[key]), (m.get(String(r[key])) ?? 0) + num(r[value]));
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([label, v]) => ({ label, value: v }));
};

/**
 * The report generator: runs the named queries, writes each result to
 * `reports/<query>/dt=YYYY-MM-DD/<query>.csv` and `.json`, and one self-contained HTML report to
 * `reports/surveillance_report/dt=YYYY-MM-DD/surveillance_report.html`.
 */
export const generateReports = async (engine: QueryEngine, store: ObjectStore, options: GenerateReportsOptions): Promise<GenerateReportsResult> => {
  const dt = utcDate(options.now.getTime());
  const outputs: ReportOutput[] = [];
  for (const q of options.queries ?? NAMED_QUERIES) {
    const result = await run(engine, q.name, q.sql);
    const rows = result.rows.map((r) => Object.fromEntries(result.columns.map((c) => [c, plainValue(r[c])])));
    const csvKey = reportObjectKey(q.name, dt, `${q.name}.csv`);
    const jsonKey = reportObjectKey(q.name, dt, `${q.name}.json`);
    await store.putObject(csvKey, toCsv(result.columns, rows), { contentType: 'text/csv' });
    // JSON Lines, one row per line: what Glue's JSON classifier and DuckDB's read_json expect.
    await store.putObject(jsonKey, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''), { contentType: 'application/x-ndjson' });
    outputs.push({ name: q.name, rowCount: rows.length, keys: [csvKey, jsonKey], result: { columns: result.columns, rows } });
  }

  const byName = new Map(outputs.map((o) => [o.name, o.result]));
  const rowsOf = (name: string) => byName.get(name)?.rows ?? [];
  const alertsByHour = await run(engine, 'alerts_by_hour', ALERTS_BY_HOUR_SQL);
  const riskBuckets = await run(engine, 'risk_buckets', RISK_BUCKETS_SQL);
  const summary = rowsOf('alert_summary');
  const accounts = rowsOf('high_risk_accounts');
  const html = renderHtmlReport({
    title: 'surv surveillance report',
    generatedAt: options.now.toISOString(),
    totals: [
      { label: 'alerts', value: summary.reduce((s, r) => s + num(r['alerts']), 0) },
      { label: 'events', value: rowsOf('venue_activity').reduce((s, r) => s + num(r['events']), 0) },
      { label: 'wash trade candidates', value: rowsOf('wash_trade_candidates').length },
      { label: 'spoofing candidates', value: rowsOf('spoofing_candidates').length },
      { label: 'high risk accounts', value: accounts.length },
    ],
    alertsOverTime: alertsByHour.rows.map((r) => ({ label: `${String(r['alert_hour'])}h`, value: num(r['alerts']) })),
    alertsByRule: sumBy(summary, 'rule', 'alerts'),
    topAccounts: accounts.slice(0, 10).map((r) => ({ label: String(r['account_id']), value: num(r['alerts']) })),
    riskDistribution: riskBuckets.rows.map((r) => ({ label: `${num(r['bucket'])}-${num(r['bucket']) + 10}`, value: num(r['events']) })),
    tables: (options.queries ?? NAMED_QUERIES).map((q) => ({ name: q.name, description: q.description, result: byName.get(q.name)! })),
  });
  const htmlKey = reportObjectKey(HTML_REPORT_NAME, dt, `${HTML_REPORT_NAME}.html`);
  await store.putObject(htmlKey, html, { contentType: 'text/html; charset=utf-8' });
  return { queries: outputs, htmlKey };
};
