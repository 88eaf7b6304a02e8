import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runLocalPipeline, runReports } from '@surv/local-runtime';
import { removeTempDirs, tempDir } from './temp-dirs';

afterAll(removeTempDirs);

// Debian's chromium (installed by .ci/run when missing, see STACK.md).
const CHROMIUM = '/usr/bin/chromium';

describe('HTML report in a browser', () => {
  it('renders offline: four charts, the totals, and no network request', async () => {
    const lake = await tempDir('surv-html-');
    const input = createInterface({ input: createReadStream(new URL('./fixtures/wash-and-spoof.jsonl', import.meta.url)), crlfDelay: Infinity });
    await runLocalPipeline({ lake, input });
    const { htmlPath } = await runReports(lake, { now: new Date('2024-03-05T06:00:00Z') });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(htmlPath).href);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      expect(await page.locator('svg').count()).toBe(4);
      expect(await page.locator('[data-total="alerts"] b').textContent()).toBe('2');
      expect(await page.locator('[data-total="events"] b').textContent()).toBe('45');
      expect(await page.locator('section#alert_summary table tbody tr').count()).toBe(2);
      const bars = await page.locator('svg rect').count();
      expect(bars).toBeGreaterThanOrEqual(4);
    } finally {
      await browser.close();
    }
  });
});
