import { crawlLake } from '@surv/local-runtime';
import { type Command } from '../command';
import { parseArgs } from '../args';
import { usageError } from '../errors';
import { lakePath, requireLake } from '../lake-dir';
import { formatCatalog } from '../output/format-catalog';

const NAME = 'catalog';
const SPEC = { lake: { type: 'string' }, json: { type: 'boolean' } } as const;

/** `surv catalog`: crawls the lake (as the Glue crawlers do on AWS) and prints its tables. */
export const catalogCommand: Command = {
  path: [NAME],
  summary: 'crawl the lake and print its tables, columns and partitions',
  help: `Usage: surv catalog [--lake DIR] [--json]

Crawls the lake as the Glue crawlers do on AWS: finds the raw, curated and report tables, their columns
and Hive partitions, writes catalog.json into the lake and prints the tables.

Options:
  --lake DIR   lake folder                        default: ./surv-lake
  --json       print the catalog as JSON

Example:
  surv catalog --lake ./surv-lake
`,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, SPEC, NAME);
    if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`, 'surv catalog --help');
    const lake = lakePath(flags['lake'], io.cwd);
    await requireLake(lake);
    const catalog = await crawlLake(lake);
    io.stdout.write(flags['json'] ? `${JSON.stringify(catalog, null, 2)}\n` : formatCatalog(catalog));
  },
};
