import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar, renderProgress } from '../../../src/output/progress-bar';

describe('progress bar', () => {
  it('renders the fraction done and the counts', () => {
    expect(renderProgress({ events: 12345, alerts: 3, quarantined: 7 }, 0.5, 10)).toBe('[#####.....]  50%  12,345 records · 3 alerts · 7 quarantined');
    expect(renderProgress({ events: 1, alerts: 0, quarantined: 0 }, undefined)).toBe('1 records · 0 alerts · 0 quarantined');
  });

  it('writes nothing when the output is not a terminal', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (c: Buffer) => (written += c.toString()));
    const bar = createProgressBar(out, false);
    bar.update({ events: 1, alerts: 0, quarantined: 0 }, 1);
    bar.clear();
    out.end();
    expect(written).toBe('');
  });

  it('draws on a terminal and clears its line', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const bar = createProgressBar(out, true, 0);
    bar.update({ events: 5, alerts: 1, quarantined: 0 }, 1);
    bar.clear();
    await new Promise((r) => setImmediate(r));
    expect(chunks.join('')).toContain('100%  5 records · 1 alerts');
    expect(chunks.at(-1)).toBe('\r\u001b[2K');
  });
});
