import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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

// The same file through the command itself (`surv scan FILE`), as a user runs it: process start-up,
// reading the file, the whole pipeline, the alerts file. Peak memory is the process's high-water mark.
const cli = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const highWaterMb = (pid: number): number | undefined => {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1000);
  } catch {
    return undefined; // not Linux, or the process already ended
  }
};
const cliStart = performance.now();
const child = spawn(process.execPath, [cli, 'scan', file, '--lake', join(dir, 'cli-lake'), '--alerts', join(dir, 'alerts.jsonl')], { stdio: ['ignore', 'ignore', 'pipe'] });
let cliPeakMb: number | undefined;
const watch = setInterval(() => { cliPeakMb = highWaterMb(child.pid!) ?? cliPeakMb; }, 50);
let stderr = '';
child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
const [code] = (await once(child, 'exit')) as [number | null];
clearInterval(watch);
const cliSeconds = (performance.now() - cliStart) / 1000;
rmSync(dir, { recursive: true, force: true });
if (code !== 0) throw new Error(`surv scan exited ${code}: ${stderr.trim()}`);
report('local-runtime', 'surv-scan-command', {
  events: written,
  seconds_incl_startup: +cliSeconds.toFixed(2),
  throughput_eps: Math.round(written / cliSeconds),
  target_eps: 100_000,
  meets_target: written / cliSeconds >= 100_000,
  peak_rss_mb: cliPeakMb ?? 'n/a',
  summary: stderr.trim().split('\n').pop() ?? '',
});

