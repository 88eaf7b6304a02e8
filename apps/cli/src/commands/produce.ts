import { once } from 'node:events';
import { parseIsoTimestamp, toIsoUtc } from '@surv/domain';
import { KinesisRecordWriter } from '@surv/aws';
import { marketStreamRecords, periodIdPrefix } from '@surv/pipeline';
import { createMarketSimulation } from '@surv/simulator';
import { type Command, type CliIo } from '../command';
import { parseArgs, intFlag, numberFlag } from '../args';
import { awsTargetFlags, awsTargetHelp, parseTarget, resolveAwsTarget } from '../aws-target';
import { checkStream, kinesisClient, placeOf } from '../aws/aws-clients';
import { RecordBatcher } from '../aws/record-batcher';
import { CliError, usageError } from '../errors';

const NAME = 'produce';
const SPEC = {
  minutes: { type: 'string' }, seed: { type: 'string' }, start: { type: 'string' }, rate: { type: 'string' }, 'bad-rate': { type: 'string' },
  ...awsTargetFlags(['marketStream']),
} as const;

/** Defaults of `surv produce`: one minute of the producer Lambda's market (50 events/s, 1 bad record in 1000). */
export const PRODUCE_DEFAULTS = { minutes: 1, seed: 42, rate: 50, badRate: 0.001 } as const;
const MAX_MINUTES = 24 * 60;
const MAX_SEED = 0xffff_ffff;
const MINUTE_MS = 60_000;
const decoder = new TextDecoder();

/** `surv produce`: the simulated market as the producer Lambda sends it, to stdout or to the market stream. */
export const produceCommand: Command = {
  path: [NAME],
  summary: 'simulate a market and send it to the market stream (--target aws) or stdout',
  help: `Usage: surv produce [--minutes N] [--seed S] [--start TIME] [--rate R] [--bad-rate P] [--target local|aws] [AWS options]

Simulates a market (seeded, with injected manipulations, benign look-alikes and a few bad records) exactly as
the producer Lambda does: keyed by symbol, event/order/trade ids prefixed with the start time, so separate runs
never share an id while rerunning the same --start and --seed re-sends the same events (dropped as duplicates).
  --target local (default)  prints the records as JSON lines on stdout (input for surv scan)
  --target aws              puts them on the deployed market stream (PutRecords, retried) and prints the count;
                            the cloud pipeline (enricher, detector, alerts) takes it from there

Options:
  --minutes N       simulated minutes                                   default: ${PRODUCE_DEFAULTS.minutes}
  --seed S          random seed (same seed and start, same events)      default: ${PRODUCE_DEFAULTS.seed}
  --start TIME      start of the simulated period, ISO-8601 UTC         default: the last whole N minutes
  --rate R          background events per second                        default: ${PRODUCE_DEFAULTS.rate}
  --bad-rate P      bad records per event, for the quarantine path      default: ${PRODUCE_DEFAULTS.badRate}

${awsTargetHelp(['marketStream'])}

Examples:
  surv produce --minutes 5 > events.jsonl && surv scan events.jsonl
  surv produce --target aws --outputs cdk-outputs.json --minutes 5
  surv produce --target aws --endpoint http://localhost:4566 --stream surv-market --region us-east-1
`,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, SPEC, NAME);
    if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`, `surv ${NAME} --help`);
    const target = parseTarget(flags, NAME, { resources: ['marketStream'], localOnly: [] });
    const minutes = intFlag(flags['minutes'], 'minutes', PRODUCE_DEFAULTS.minutes, NAME);
    if (minutes < 1 || minutes > MAX_MINUTES) throw usageError(`--minutes must be between 1 and ${MAX_MINUTES}, got ${minutes}`, `surv ${NAME} --help`);
    const seed = intFlag(flags['seed'], 'seed', PRODUCE_DEFAULTS.seed, NAME);
    if (seed > MAX_SEED) throw usageError(`--seed must be at most ${MAX_SEED}, got ${seed}`, `surv ${NAME} --help`);
    const rate = numberFlag(flags['rate'], 'rate', PRODUCE_DEFAULTS.rate, NAME, { min: 0.001, max: 100_000 });
    const badRecordRate = numberFlag(flags['bad-rate'], 'bad-rate', PRODUCE_DEFAULTS.badRate, NAME, { min: 0, max: 1 });
    const startMs = startOf(flags['start'], minutes);

    const simulation = createMarketSimulation({ seed, startTime: startMs, durationMs: minutes * MINUTE_MS, eventsPerSecond: rate, badRecordRate });
    const records = marketStreamRecords(simulation.records(), { idPrefix: periodIdPrefix(startMs) });
    const period = `${toIsoUtc(startMs)} to ${toIsoUtc(startMs + minutes * MINUTE_MS)}, seed ${seed}, ${simulation.groundTruth.length} injected scenarios`;
    let total = 0;
    let bad = 0;

    if (target === 'local') {
      for (const r of records) {
        if (io.signal.aborted) break;
        total += 1;
        bad += r.bad ? 1 : 0;
        await writeLine(io, `${decoder.decode(r.data)}\n`);
      }
      io.stderr.write(`produced ${total} records (${bad} bad) on stdout: ${period}\n`);
      return;
    }

    const env = io.env ?? {};
    const aws = await resolveAwsTarget({ flags, env, cwd: io.cwd, command: NAME, need: ['marketStream'] });
    const place = placeOf('kinesis', aws, env);
    const client = kinesisClient(aws, env);
    try {
      await checkStream(client, aws.marketStream, place, `surv ${NAME} --target aws --outputs cdk-outputs.json`);
      const batcher = new RecordBatcher(new KinesisRecordWriter({ client, streamName: aws.marketStream }));
      for (const r of records) {
        if (io.signal.aborted) {
          await batcher.flush();
          throw new CliError('CLI_INTERRUPTED', `interrupted: ${batcher.written} records were written to stream '${aws.marketStream}'`);
        }
        total += 1;
        bad += r.bad ? 1 : 0;
        await batcher.add({ partitionKey: r.partitionKey, data: r.data });
      }
      await batcher.flush();
      io.stdout.write(`produced ${batcher.written} records (${bad} bad) on stream '${aws.marketStream}' at ${place}: ${period}\n`);
    } finally {
      client.destroy();
    }
  },
};

/** `--start`, or the last whole `minutes` before now (recent, so the data lands in today's partitions). */
const startOf = (flag: string | boolean | undefined, minutes: number): number => {
  if (flag === undefined) return Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - minutes * MINUTE_MS;
  const ms = typeof flag === 'string' ? parseIsoTimestamp(flag) : undefined;
  if (ms === undefined) throw usageError(`--start must be an ISO-8601 UTC time such as 2026-01-05T14:30:00Z, got '${String(flag)}'`, `surv ${NAME} --help`);
  return ms;
};

/** Writes to stdout, waiting when the pipe is full, so a long market streams in constant memory. */
const writeLine = async (io: CliIo, line: string): Promise<void> => {
  if (!io.stdout.write(line)) await once(io.stdout, 'drain');
};
