import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSchema, type Alert } from '@surv/domain';
import { streamMarket } from '@surv/simulator';
import { surv } from '../helpers/captured-io';

// A file sorted by symbol (as a per-symbol export is) instead of by time, over more than one batch
// (the pipeline replays 50,000 lines per batch).
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-scan-order-'));
  const events = [...streamMarket({ seed: 11, durationMs: 60_000, eventsPerSecond: 2_000 })];
  await writeFile(join(dir, 'by-time.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const bySymbol = [...events].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  await writeFile(join(dir, 'by-symbol.jsonl'), bySymbol.map((e) => `${JSON.stringify(e)}\n`).join(''));
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

const alertsOf = async (file: string): Promise<Alert[]> =>
  (await readFile(join(dir, file), 'utf8')).trimEnd().split('\n').filter(Boolean).map((l) => AlertSchema.parse(JSON.parse(l)));
const ids = (alerts: readonly Alert[]) => alerts.map((a) => a.alert_id).sort();

describe('surv scan and the order of events', () => {
  it('warns, with the count and the fix, when events come after later ones; --sort replays them in time order', async () => {
    const inOrder = await surv(['scan', 'by-time.jsonl', '--lake', 'lake-a', '--alerts', 'a.jsonl'], { cwd: dir });
    expect(inOrder.code).toBe(0);
    expect(inOrder.stderr).not.toMatch(/warning/);
    const expected = await alertsOf('a.jsonl');
    expect(expected.length).toBeGreaterThan(1);

    const shuffled = await surv(['scan', 'by-symbol.jsonl', '--lake', 'lake-b', '--alerts', 'b.jsonl'], { cwd: dir });
    expect(shuffled.code).toBe(0);
    const late = /warning: (\d+) events came after later events of the input \(it is not in event-time order\).*surv scan by-symbol\.jsonl --sort --lake /.exec(shuffled.stderr);
    expect(late, shuffled.stderr).not.toBeNull();
    expect(Number(late![1])).toBeGreaterThan(10_000);
    expect(ids(await alertsOf('b.jsonl'))).not.toEqual(ids(expected));

    const sorted = await surv(['scan', 'by-symbol.jsonl', '--sort', '--lake', 'lake-c', '--alerts', 'c.jsonl'], { cwd: dir });
    expect(sorted.code).toBe(0);
    expect(sorted.stderr).not.toMatch(/warning/);
    expect(ids(await alertsOf('c.jsonl'))).toEqual(ids(expected));
    expect(sorted.stderr).toMatch(/ 0 duplicates, 0 quarantined/);
  }, 120_000);

  it('lists --sort in its help', async () => {
    const r = await surv(['scan', '--help'], { cwd: dir });
    expect(r.stdout).toMatch(/--sort +replay in event-time order/);
  });
});
