import { resolve } from 'node:path';
import { type Alert } from '@surv/domain';
import { runLocalPipeline } from '@surv/local-runtime';
import { type Command } from '../command';
import { parseArgs, intFlag } from '../args';
import { awsTargetFlags, awsTargetHelp, parseTarget, type AwsResourceName } from '../aws-target';
import { CliError, usageError } from '../errors';
import { ensureLake, lakePath } from '../lake-dir';
import { openLineSources } from '../input/read-many';
import { sortByEventTime } from '../input/sort-by-event-time';
import { recordLines } from '../input/utf8-text';
import { openAtomicFile, type AtomicFileWriter } from '../output/atomic-file-writer';
import { createProgressBar } from '../output/progress-bar';
import { scanOnAws } from './scan-aws';

const NAME = 'scan';
const AWS_RESOURCES: readonly AwsResourceName[] = ['marketStream', 'lakeBucket', 'dataKey'];
const LOCAL_ONLY = ['lake', 'alerts', 'shards', 'sort'] as const;
const SPEC = { lake: { type: 'string' }, alerts: { type: 'string' }, shards: { type: 'string' }, sort: { type: 'boolean' }, ...awsTargetFlags(AWS_RESOURCES) } as const;

/** `surv scan <events...|->`: replays a user's event files (any format `openLineSource` reads) through the whole pipeline. */
export const scanCommand: Command = {
  path: [NAME],
  summary: 'run the pipeline over event files or a folder of them (JSON lines or JSON, gzip or not); alerts as JSON lines',
  help: `Usage: surv scan <events|folder ...|-> [--lake DIR] [--alerts FILE] [--shards N] [--sort]
       surv scan <events|-> --target aws [AWS options]

Replays market events (JSON objects, the event contract) through the pipeline: raw archive, enrichment
into the curated Parquet lake, detection with ROWTIME = event_time, and alerts. Windows still open at
the end of the input are flushed. Bad records are quarantined with their reason and the file and line they
came from (stdin for -), never fatal.
The file is streamed, so files of millions of events run in constant memory. Use '-' to read stdin.
Several files are read one after another, in the order given; a folder stands for every file under it
(hidden ones skipped), in path order, as a Firehose or S3 export names files by time.

Input: the content decides, not the file name. Accepted: JSON lines (LF or CRLF); a top-level JSON array
of events (compact or pretty-printed); pretty-printed objects one after another; objects concatenated
with no delimiter ({...}{...}, as Firehose writes them). Text is UTF-8, or UTF-16 after its byte-order
mark (as Windows PowerShell writes files); a UTF-8 byte-order mark is skipped (at the start, or of a
line, where files were concatenated), and gzip (events.jsonl.gz, any of the above) is decompressed as
it is read. Each object becomes one record (one line in raw/); anything else (text between records, a
number in the array, an object left open, one above 1 MiB, a record whose bytes are not UTF-8) becomes
a record of its own, quarantined with its reason, and the records after it are kept (raw/ keeps the
bytes as read). A damaged gzip stops the run with exit 3 once the records read before the damage are
in the lake.

Options:
  --lake DIR      lake folder (raw/, curated/, alerts/, quarantine/)   default: ./surv-lake
  --alerts FILE   write alerts (JSON lines) to FILE instead of stdout (- for stdout); the file appears
                  only when complete (written under a temporary name, then renamed)
  --shards N      stream shards (events keyed by symbol)                default: 2
  --sort          replay in event-time order whatever the input's order (say, a file sorted by symbol):
                  the input is read and sorted first (in memory up to 256 MiB, beyond that in sorted
                  runs in temporary files), then replayed. Without it, an event older than events of
                  an earlier batch is a late row that the detection windows do not count; the run then
                  warns how many there were

Against AWS (--target aws): the file feeds the deployed pipeline instead. Each record is checked with the
enricher's own parser; valid events are put on the market stream unchanged (key = symbol), where the cloud
enricher, detector and alert publisher process them (alerts arrive on SNS and in the lake's alerts/, not here).
Bad records go to the lake bucket's quarantine/ with their reason, as the enricher would put them, and the first
ones are listed; an event_id repeated in the file is counted and not sent. Prints the counts.

${awsTargetHelp(AWS_RESOURCES)}

Examples:
  surv scan trades.jsonl --lake ./lake --alerts alerts.jsonl
  surv scan firehose-2024-03-01.gz --lake ./lake
  surv scan ./s3-export/raw/ --sort --lake ./lake
  surv scan trades.jsonl --target aws --outputs cdk-outputs.json
`,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, SPEC, NAME);
    if (positionals.length === 0) throw usageError('missing the events file (a path, or - for stdin)', 'surv scan --help');
    if (parseTarget(flags, NAME, { resources: AWS_RESOURCES, localOnly: LOCAL_ONLY }) === 'aws') {
      if (positionals.length > 1) throw usageError(`--target aws takes one events file, got ${positionals.length}: ${positionals.join(' ')}`, 'surv scan --help');
      return scanOnAws(positionals[0]!, flags, io);
    }
    const shards = intFlag(flags['shards'], 'shards', 2, NAME);
    if (shards < 1 || shards > 64) throw usageError(`--shards must be between 1 and 64, got ${shards}`, 'surv scan --help');
    const lake = lakePath(flags['lake'], io.cwd);
    const source = await openLineSources(positionals, { cwd: io.cwd, stdin: io.stdin, command: NAME, signal: io.signal });
    await ensureLake(lake, NAME);

    const alertsPath = typeof flags['alerts'] === 'string' && flags['alerts'] !== '-' ? resolve(io.cwd, flags['alerts']) : undefined;
    const file: AtomicFileWriter | undefined = alertsPath ? await openAtomicFile(alertsPath) : undefined;
    const bar = createProgressBar(io.stderr, io.interactive);
    // Alerts arrive synchronously from the pipeline; keep their writes ordered and surface the first failure.
    let pending: Promise<void> = Promise.resolve();
    const emit = (alert: Alert) => {
      const line = `${JSON.stringify(alert)}\n`;
      if (file) pending = pending.then(() => file.write(line));
      else {
        bar.clear();
        io.stdout.write(line);
        bar.redraw();
      }
    };
    // A damaged input (a corrupt gzip) stops the run as Ctrl-C does: what was read before it is finished whole.
    const stop = AbortSignal.any([io.signal, source.rejected]);
    try {
      const result = await runLocalPipeline({
        lake,
        // Each line goes with its file and line number, which quarantine records name.
        input: recordLines(flags['sort'] === true ? sortByEventTime(source.sourced) : source.sourced, source.illFormed),
        shards,
        rowtime: 'event',
        flushAtEnd: true,
        onAlert: emit,
        onProgress: (p) => bar.update(p, source.totalBytes ? source.bytesRead() / source.totalBytes : undefined),
        signal: stop,
      });
      await pending;
      bar.clear();
      if (source.rejected.aborted) {
        await file?.abort();
        const reason = source.rejected.reason as CliError;
        throw new CliError('CLI_INPUT_REJECTED', `${reason.message}; the lake holds the ${result.events} records read before it, no alerts file was written`, {
          hint: reason.hint, detailCode: reason.detailCode, cause: reason,
        });
      }
      if (result.aborted || io.signal.aborted) {
        // The lake holds what was read, written whole; an alerts file would be partial, so none is kept.
        await file?.abort();
        throw new CliError('CLI_INTERRUPTED', `interrupted after ${result.events} records; the lake holds them, no alerts file was written`, {
          hint: `surv scan ${positionals.join(' ')} --lake ${lake}`,
        });
      }
      await file?.commit();
      io.stderr.write(
        `scanned ${source.name}: ${result.events} records, ${result.valid} valid, ${result.duplicates} duplicates, ` +
          `${result.quarantined} quarantined, ${result.alerts.length} alerts${alertsPath ? ` -> ${alertsPath}` : ''}; lake ${lake}; ` +
          `detection on the ${result.detectionThread} thread\n`,
      );
      if (result.lateEvents > 0) {
        io.stderr.write(
          `warning: ${result.lateEvents} events came after later events of the input (it is not in event-time order), so the ` +
            `detection windows did not count them and alerts may be missing; replay it in event-time order with: ` +
            `surv scan ${positionals.join(' ')} --sort --lake ${lake}\n`,
        );
      }
    } catch (e) {
      bar.clear();
      await pending.catch(() => undefined);
      await file?.abort();
      throw e;
    }
  },
};
