import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { surv } from '../helpers/captured-io';

// Opens the demo's HTML report in headless Chromium (the Debian package, as CI installs it) and checks
// that the charts render with data and that the page logs no error.
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env['CI'] === 'true') {
    throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium) before the browser test`);
  }
  console.warn(`\n!!! SKIPPING the browser test of the HTML report: ${CHROMIUM} is missing (apt-get install -y chromium) !!!\n`);
}

let dir: string;
let reportPath: string;
let browser: Browser;

describe.skipIf(!available)('HTML report in a browser', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'surv-browser-'));
    const run = await surv(['demo', '--seed', '11', '--minutes', '2', '--lake', 'lake', '--quiet'], { cwd: dir });
    if (run.code !== 0) throw new Error(`demo failed: ${run.stderr}`);
    reportPath = /^report: (.+)$/m.exec(run.stdout)![1]!;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders every chart as SVG with data and logs no console error', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });

    const charts = await page.locator('figure svg').count();
    expect(charts).toBeGreaterThanOrEqual(3);
    const bars = await page.$$eval('figure svg rect', (rects) =>
      rects.map((r) => ({ height: Number(r.getAttribute('height')), label: r.querySelector('title')?.textContent ?? '', box: r.getBoundingClientRect().height })),
    );
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.some((b) => b.height > 0 && b.box > 0)).toBe(true);
    expect(bars.every((b) => /: \d/.test(b.label))).toBe(true);
    const ruleChart = await page.locator('figure', { hasText: 'Alerts by rule' }).locator('rect title').allTextContents();
    expect(ruleChart.some((t) => /^(WASH_TRADE|SPOOFING): [1-9]/.test(t))).toBe(true);
    for (const name of ['alert_summary', 'wash_trade_candidates', 'spoofing_candidates', 'high_risk_accounts', 'venue_activity']) {
      expect(await page.locator(`section#${name}`).count()).toBe(1);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
