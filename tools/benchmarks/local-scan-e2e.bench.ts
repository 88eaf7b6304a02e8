import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamMarket } from '@surv/simulator';
import { runLocalPipeline } from '@surv/local-runtime';
import { report, heapMb } from './bench-report';

// `surv scan` end to end over a file of simulated events: parse, stream, raw archive, enrich +
// score + Parquet, detection (KDA SQL engine), alert publishing. Target: >= 100k events/s at 1M events.
const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'surv-bench-scan-'));
const file = join(dir, 'events.jsonl');

const writeEvents = async () => {
  const out = createWriteStream(file);
  let n = 0;
  const eventsPerSecond = 2_000;
  for (const e of streamMarket({ seed: 5, durationMs: Math.ceil((N / eventsPerSecond) * 1000 * 1.05), eventsPerSecond })) {
    if (n++ >= N) break;
    if (!out.write(JSON.stringify(e) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n > N ? N : n;
};

const written = await writeEvents();
const bytes = statSync(file).size;
let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
const start = performance.now();
const summary = await runLocalPipeline({
  lake: join(dir, 'lake'),
  input: createInterface({ input: createReadStream(file), crlfDelay: Infinity }),
});
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
rmSync(dir, { recursive: true, force: true });
report('local-runtime', 'scan-e2e', {
  events: written,
  input_mb: Math.round(bytes / 1e6),
  seconds: +seconds.toFixed(2),
  throughput_eps: Math.round(written / seconds),
  target_eps: 100_000,
  meets_target: written / seconds >= 100_000,
  alerts: summary.alerts.length,
  detection_thread: summary.detectionThread,
  quarantined: summary.quarantined,
  peak_rss_mb: Math.round(peakRss / 1e6),
  heap_after_mb: heapMb(),
});
