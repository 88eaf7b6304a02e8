import type { QueryResult } from './ports';
import { plainValue } from './csv';

/** One labelled value of a chart. */
export interface ChartPoint {
  readonly label: string;
  readonly value: number;
}

/** Everything the HTML report shows; numbers come straight from the query results. */
export interface HtmlReportInput {
  readonly title: string;
  readonly generatedAt: string;
  readonly totals: readonly ChartPoint[];
  readonly alertsOverTime: readonly ChartPoint[];
  readonly alertsByRule: readonly ChartPoint[];
  readonly topAccounts: readonly ChartPoint[];
  readonly riskDistribution: readonly ChartPoint[];
  readonly tables: readonly { name: string; description: string; result: QueryResult }[];
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** A vertical bar chart as inline SVG (no scripts, no network). */
export const barChartSvg = (title: string, points: readonly ChartPoint[], color = '#2f6fb0'): string => {
  if (points.length === 0) return `<figure><figcaption>${esc(title)}</figcaption><p class="empty">no data</p></figure>`;
  const width = Math.max(320, points.length * 48 + 60), height = 220, base = 170, top = 20;
  const max = Math.max(...points.map((p) => p.value), 1);
  const bw = (width - 60) / points.length;
  const bars = points.map((p, i) => {
    const h = ((base - top) * p.value) / max;
    const x = 50 + i * bw;
    return `<g><rect x="${(x + 4).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(bw - 8).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${esc(p.label)}: ${fmt(p.value)}</title></rect>`
      + `<text x="${(x + bw / 2).toFixed(1)}" y="${(base - h - 4).toFixed(1)}" text-anchor="middle" class="v">${fmt(p.value)}</text>`
      + `<text x="${(x + bw / 2).toFixed(1)}" y="${base + 14}" text-anchor="end" transform="rotate(-35 ${(x + bw / 2).toFixed(1)} ${base + 14})" class="l">${esc(p.label)}</text></g>`;
  }).join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height + 40}" width="${width}" height="${height + 40}" role="img" aria-label="${esc(title)}">`
    + `<line x1="46" y1="${base}" x2="${width - 6}" y2="${base}" stroke="#999"/>${bars}</svg></figure>`;
};

const table = (result: QueryResult, limit = 50): string => {
  if (result.rows.length === 0) return '<p class="empty">no rows</p>';
  const head = result.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = result.rows.slice(0, limit).map((r) => `<tr>${result.columns.map((c) => {
    const v = plainValue(r[c]);
    return `<td>${v === null ? '' : esc(typeof v === 'object' ? JSON.stringify(v) : String(v))}</td>`;
  }).join('')}</tr>`).join('');
  const more = result.rows.length > limit ? `<p>${result.rows.length - limit} more rows in the CSV/JSON files.</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
};

/** Renders the one self-contained HTML report: inline CSS and SVG only, opens offline. */
export const renderHtmlReport = (input: HtmlReportInput): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}h1{margin-bottom:0}.sub{color:#666}
.totals{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}.total{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem}
.total b{display:block;font-size:1.6rem}.charts{display:flex;flex-wrap:wrap;gap:2rem}figure{margin:0}
figcaption{font-weight:600;margin-bottom:.3rem}svg .v{font-size:10px;fill:#333}svg .l{font-size:10px;fill:#555}
table{border-collapse:collapse;font-size:.85rem;margin-bottom:1.5rem}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
th{background:#f4f4f4}.empty{color:#888}
</style></head><body>
<h1>${esc(input.title)}</h1><p class="sub">Generated ${esc(input.generatedAt)}</p>
<section class="totals">${input.totals.map((t) => `<div class="total" data-total="${esc(t.label)}"><b>${fmt(t.value)}</b>${esc(t.label)}</div>`).join('')}</section>
<section class="charts">
${barChartSvg('Alerts over time (by hour of window start)', input.alertsOverTime)}
${barChartSvg('Alerts by rule', input.alertsByRule, '#b0452f')}
${barChartSvg('Top accounts (alerts)', input.topAccounts, '#6a3fb0')}
${barChartSvg('Risk score distribution (events per 10-point bucket)', input.riskDistribution, '#2f9b5a')}
</section>
${input.tables.map((t) => `<section id="${esc(t.name)}"><h2>${esc(t.name)}</h2><p>${esc(t.description)}</p>${table(t.result)}</section>`).join('\n')}
</body></html>
`;
