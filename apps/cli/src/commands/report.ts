import { runReports } from '@surv/local-runtime';
import { type Command } from '../command';
import { parseArgs } from '../args';
import { usageError } from '../errors';
import { lakePath, requireLake } from '../lake-dir';

const NAME = 'report';
const SPEC = { lake: { type: 'string' }, json: { type: 'boolean' } } as const;

/** `surv report`: the 5 named queries into `reports/` and the HTML report. */
export const reportCommand: Command = {
  path: [NAME],
  summary: 'run the 5 named queries into reports/ and write the HTML report',
  help: `Usage: surv report [--lake DIR] [--json]

Runs the 5 named surveillance queries over the lake, writes their results under reports/<query>/dt=.../
and an HTML report with charts, then prints the report's path.

Options:
  --lake DIR   lake folder                               default: ./surv-lake
  --json       print the result as one JSON object

Example:
  surv report --lake ./surv-lake
`,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, SPEC, NAME);
    if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`, 'surv report --help');
    const lake = lakePath(flags['lake'], io.cwd);
    await requireLake(lake);
    const result = await runReports(lake);
    if (flags['json']) {
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const width = Math.max(...result.queries.map((q) => q.name.length)) + 2;
    for (const q of result.queries) io.stdout.write(`  ${q.name.padEnd(width)}${String(q.rowCount).padStart(6)} rows\n`);
    io.stdout.write(`report: ${result.htmlPath}\n`);
  },
};
