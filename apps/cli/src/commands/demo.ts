import { type Alert } from '@surv/domain';
import { runLocalPipeline, runReports } from '@surv/local-runtime';
import { createMarketSimulation, evaluateDetection } from '@surv/simulator';
import { type Command } from '../command';
import { parseArgs, intFlag } from '../args';
import { CliError, usageError } from '../errors';
import { lakePath } from '../lake-dir';
import { resetLake } from '../lake-reset';
import { createProgressBar } from '../output/progress-bar';
import { formatAlertLine } from '../output/alert-line';
import { formatEvaluation } from '../output/format-evaluation';

const NAME = 'demo';
const SPEC = { minutes: { type: 'string' }, seed: { type: 'string' }, lake: { type: 'string' }, quiet: { type: 'boolean' } } as const;

/** Demo defaults (README): ten simulated minutes, seed 42. */
export const DEMO_DEFAULTS = { minutes: 10, seed: 42 } as const;
/** Bad records per good event the demo feeds in, so the quarantine has something to show (about 1 in 500). */
export const DEMO_BAD_RECORD_RATE = 0.002;
/** Records per pipeline batch in the demo: small enough that alerts and the progress bar move as the market replays. */
export const DEMO_BATCH_SIZE = 5_000;
const MAX_MINUTES = 24 * 60;
const MAX_SEED = 0xffff_ffff;

/** `surv demo`: simulate a market with injected abuse, run the whole pipeline, score detection, report. */
export const demoCommand: Command = {
  path: [NAME],
  summary: 'simulate a market with injected manipulations, run the pipeline, print alerts and a report',
  help: `Usage: surv demo [--minutes N] [--seed S] [--lake DIR] [--quiet]

Simulates a market (seeded, reproducible) with injected manipulations (wash trades, spoofing, layering),
benign look-alikes (market makers, hedges) and some bad records, then runs the whole pipeline as on AWS:
sharded stream -> raw archive, enrichment into the curated Parquet lake, the KDA SQL detector, alerts ->
report (the 5 named queries and an HTML page). Prints each alert as it fires, then a summary with
detection precision and recall against the injected ground truth. The lake folder is emptied first.

Options:
  --minutes N   simulated market minutes                       default: ${DEMO_DEFAULTS.minutes}
  --seed S      random seed (same seed, same market, same lake) default: ${DEMO_DEFAULTS.seed}
  --lake DIR    lake folder (emptied first)                     default: ./surv-lake
  --quiet       print the summary only, not each alert

Example:
  surv demo --minutes 5 --seed 7 --lake /tmp/lake
`,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, SPEC, NAME);
    if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`, 'surv demo --help');
    const minutes = intFlag(flags['minutes'], 'minutes', DEMO_DEFAULTS.minutes, NAME);
    if (minutes < 1 || minutes > MAX_MINUTES) throw usageError(`--minutes must be between 1 and ${MAX_MINUTES}, got ${minutes}`, 'surv demo --help');
    const seed = intFlag(flags['seed'], 'seed', DEMO_DEFAULTS.seed, NAME);
    if (seed > MAX_SEED) throw usageError(`--seed must be at most ${MAX_SEED}, got ${seed}`, 'surv demo --help');
    const lake = lakePath(flags['lake'], io.cwd);
    await resetLake(lake, NAME);

    const simulation = createMarketSimulation({ seed, durationMs: minutes * 60_000, badRecordRate: DEMO_BAD_RECORD_RATE });
    // The feed is generated as it is consumed (constant memory); the expected size only drives the progress bar.
    const { durationMs, eventsPerSecond } = simulation.options;
    const expected = (durationMs / 1000) * eventsPerSecond * (1 + DEMO_BAD_RECORD_RATE);
    let bad = 0;
    async function* feed(): AsyncGenerator<string> {
      for (const r of simulation.records()) {
        if (r.bad) bad++;
        yield r.line;
      }
    }
    io.stdout.write(`surv demo: seed ${seed}, ${minutes} simulated minutes, ${simulation.groundTruth.length} injected scenarios, lake ${lake}\n\n`);

    const bar = createProgressBar(io.stderr, io.interactive);
    const onAlert = (alert: Alert) => {
      if (flags['quiet']) return;
      bar.clear();
      io.stdout.write(`${formatAlertLine(alert)}\n`);
      bar.redraw();
    };
    const result = await runLocalPipeline({
      lake,
      input: feed(),
      batchSize: DEMO_BATCH_SIZE,
      rowtime: 'event',
      flushAtEnd: true,
      onAlert,
      onProgress: (p) => bar.update(p, Math.min(0.99, p.events / expected)),
      signal: io.signal,
    });
    bar.clear();
    if (result.aborted || io.signal.aborted) {
      throw new CliError('CLI_INTERRUPTED', `interrupted after ${result.events} records; the lake holds what was read, whole`, { hint: 'surv demo' });
    }

    const evaluation = evaluateDetection(simulation.groundTruth, result.alerts);
    // The report's clock is the end of the simulated period, so the same seed gives the same lake byte for byte.
    const report = await runReports(lake, { now: new Date(simulation.options.startMs + durationMs) });

    const byRule = Object.entries(result.alertsByRule).sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule} ${n}`).join(', ');
    const out = [
      '',
      'Summary',
      `  records      ${result.events.toLocaleString('en-US')} read: ${result.valid.toLocaleString('en-US')} valid, ${result.duplicates} duplicates`,
      `  quarantined  ${result.quarantined} records with their reason (quarantine/); ${bad} bad records were injected`,
      `  alerts       ${result.alerts.length}${byRule ? ` (${byRule})` : ''}`,
      `  lake         ${result.rawObjects} raw, ${result.curatedObjects} curated, ${result.quarantineObjects} quarantine objects in ${lake}`,
      '',
      formatEvaluation(evaluation),
      ...evaluation.unmatchedAlerts.slice(0, 10).map((a) => `    ${a.rule} ${a.symbol} ${a.account_id ?? a.beneficial_owner ?? ''} ${a.window_start}`),
      '',
      `report: ${report.htmlPath}`,
      `next:   surv query alert_summary --lake ${lake}`,
      '',
    ];
    io.stdout.write(out.join('\n'));
  },
};
