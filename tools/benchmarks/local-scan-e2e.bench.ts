import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLocalPipeline } from '@surv/local-runtime';
import { report, heapMb } from './bench-report';

// `surv scan` end to end over a file of simulated events: parse, stream, raw archive, enrich +
// score + Parquet, detection (KDA SQL engine), alert publishing. Target: >= 100k events/s at 1M events.
// The file is written by another process, so the timed process starts clean, as `surv scan` does.
const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'surv-bench-scan-'));
const file = join(dir, 'events.jsonl');

const writeEvents = (): number => {
  const script = fileURLToPath(new URL('./write-simulated-events.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, file, String(N)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`writing simulated events failed (exit ${r.status})`);
  return Number(r.stdout);
};

const written = writeEvents();
const bytes = statSync(file).size;
let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
const start = performance.now();
const loop = performance.eventLoopUtilization();
const summary = await runLocalPipeline({
  lake: join(dir, 'lake'),
  input: createInterface({ input: createReadStream(file), crlfDelay: Infinity }),
});
const seconds = (performance.now() - start) / 1000;
// Main thread busy (parse, stream, archive, enrich, Parquet staging): detection runs on a worker.
const mainBusy = performance.eventLoopUtilization(loop);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
rmSync(dir, { recursive: true, force: true });
report('local-runtime', 'scan-e2e', {
  events: written,
  input_mb: Math.round(bytes / 1e6),
  seconds: +seconds.toFixed(2),
  throughput_eps: Math.round(written / seconds),
  main_thread_busy_s: +(mainBusy.active / 1000).toFixed(2),
  target_eps: 100_000,
  meets_target: written / seconds >= 100_000,
  alerts: summary.alerts.length,
  detection_thread: summary.detectionThread,
  quarantined: summary.quarantined,
  peak_rss_mb: Math.round(peakRss / 1e6),
  heap_after_mb: heapMb(),
});
