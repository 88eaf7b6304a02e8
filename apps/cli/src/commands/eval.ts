import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalPipeline } from '@surv/local-runtime';
import { createMarketSimulation, evaluateDetection, type DetectionEvaluation } from '@surv/simulator';
import { type Command } from '../command';
import { parseArgs, intFlag } from '../args';
import { CliError, usageError } from '../errors';
import { createProgressBar } from '../output/progress-bar';
import { formatEvaluation, totalEvaluations } from '../output/format-evaluation';
import { DEMO_BAD_RECORD_RATE } from './demo';

const NAME = 'eval';
const SPEC = { seeds: { type: 'string' }, minutes: { type: 'string' }, json: { type: 'boolean' } } as const;
const DEFAULT_SEEDS = [1, 2, 3];
const DEFAULT_MINUTES = 10;
const MAX_SEEDS = 100;

/** Parses `--seeds 1,2,3` (or a range `1-5`) into distinct seeds, in order. */
export const parseSeeds = (value: string | boolean | undefined): number[] => {
  if (value === undefined) return DEFAULT_SEEDS;
  const bad = () => usageError(`--seeds takes whole numbers separated by commas (or a range 1-5), got '${String(value)}'`, 'surv eval --help');
  if (typeof value !== 'string') throw bad();
  const seeds: number[] = [];
  for (const part of value.split(',')) {
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (range) {
      const from = Number(range[1]), to = Number(range[2]);
      if (to < from || to - from >= MAX_SEEDS) throw bad();
      for (let s = from; s <= to; s++) seeds.push(s);
    } else if (/^\s*\d+\s*$/.test(part)) seeds.push(Number(part));
    else throw bad();
  }
  const distinct = [...new Set(seeds)];
  if (distinct.length === 0 || distinct.length > MAX_SEEDS) throw bad();
  if (distinct.some((s) => s > 0xffff_ffff)) throw usageError(`--seeds must be at most ${0xffff_ffff}`, 'surv eval --help');
  return distinct;
};

/** `surv eval`: detection precision and recall over several seeded markets. */
export const evalCommand: Command = {
  path: [NAME],
  summary: 'score detection (precision, recall, false alerts) over several simulated markets',
  help: `Usage: surv eval [--seeds 1,2,3] [--minutes N] [--json]

Simulates one market per seed (with injected manipulations and benign look-alikes), runs the whole
pipeline on each into a temporary lake, and scores the alerts against the injected ground truth:
recall per manipulation pattern, precision per rule, false alerts per benign look-alike, summed over
the seeds. The temporary lakes are removed afterwards.

Options:
  --seeds LIST   seeds, comma-separated or a range (1-5)     default: ${DEFAULT_SEEDS.join(',')}
  --minutes N    simulated minutes per seed                  default: ${DEFAULT_MINUTES}
  --json         print totals and per-seed results as one JSON object

Example:
  surv eval --seeds 1-5 --minutes 5 --json
`,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, SPEC, NAME);
    if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`, 'surv eval --help');
    const seeds = parseSeeds(flags['seeds']);
    const minutes = intFlag(flags['minutes'], 'minutes', DEFAULT_MINUTES, NAME);
    if (minutes < 1 || minutes > 24 * 60) throw usageError(`--minutes must be between 1 and 1440, got ${minutes}`, 'surv eval --help');

    const bar = createProgressBar(io.stderr, io.interactive);
    const perSeed: { seed: number; evaluation: DetectionEvaluation; events: number; alerts: number }[] = [];
    const work = await mkdtemp(join(tmpdir(), 'surv-eval-'));
    try {
      for (const [i, seed] of seeds.entries()) {
        const simulation = createMarketSimulation({ seed, durationMs: minutes * 60_000, badRecordRate: DEMO_BAD_RECORD_RATE });
        const expected = (simulation.options.durationMs / 1000) * simulation.options.eventsPerSecond;
        const lake = join(work, `seed-${seed}`);
        const result = await runLocalPipeline({
          lake,
          input: (async function* () {
            for (const r of simulation.records()) yield r.line;
          })(),
          rowtime: 'event',
          flushAtEnd: true,
          onProgress: (p) => bar.update(p, Math.min(1, (i + Math.min(0.99, p.events / expected)) / seeds.length)),
          signal: io.signal,
        });
        if (result.aborted || io.signal.aborted) throw new CliError('CLI_INTERRUPTED', `interrupted during seed ${seed}`, { hint: 'surv eval --help' });
        perSeed.push({ seed, evaluation: evaluateDetection(simulation.groundTruth, result.alerts), events: result.events, alerts: result.alerts.length });
        // Each seed's lake is only needed for its alerts: free the disk as we go.
        await rm(lake, { recursive: true, force: true });
      }
    } finally {
      bar.clear();
      await rm(work, { recursive: true, force: true });
    }
    const totals = totalEvaluations(perSeed.map((s) => s.evaluation), perSeed.map((s) => `seed ${s.seed}`));
    if (flags['json']) {
      io.stdout.write(`${JSON.stringify({ seeds, minutes, totals, perSeed })}\n`);
      return;
    }
    io.stdout.write(`surv eval: seeds ${seeds.join(', ')}, ${minutes} simulated minutes each\n`);
    for (const s of perSeed) io.stdout.write(`  seed ${s.seed}: ${s.events.toLocaleString('en-US')} records, ${s.alerts} alerts\n`);
    io.stdout.write(`\n${formatEvaluation(totals)}\n`);
  },
};
