import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { streamMarket } from '@surv/simulator';

/**
 * Writes `count` simulated events (seed 5, 2 000 events/s) as JSON lines to `path`. Run as its own
 * process by benches that time a pipeline over a file: generating in the timed process left its heap
 * and GC state behind and slowed what followed by a quarter, which `surv scan` never sees.
 */
export const writeSimulatedEvents = async (path: string, count: number): Promise<number> => {
  const out = createWriteStream(path);
  let n = 0;
  const eventsPerSecond = 2_000;
  for (const e of streamMarket({ seed: 5, durationMs: Math.ceil((count / eventsPerSecond) * 1000 * 1.05), eventsPerSecond })) {
    if (n >= count) break;
    n++;
    if (!out.write(JSON.stringify(e) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
};

const [path, count] = process.argv.slice(2);
if (path !== undefined && count !== undefined) process.stdout.write(String(await writeSimulatedEvents(path, Number(count))));
