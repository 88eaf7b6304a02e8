import { NAMED_QUERIES } from '@surv/pipeline';
import { openLakeQueryEngine } from '@surv/local-runtime';
import { type Command } from '../command';
import { parseArgs } from '../args';
import { awsTargetFlags, awsTargetHelp, parseTarget, type AwsResourceName } from '../aws-target';
import { usageError } from '../errors';
import { lakePath, requireLake } from '../lake-dir';
import { formatRows, ROW_FORMATS, type RowFormat } from '../output/format-rows';
import { suggest } from '../suggest';
import { queryOnAws } from './query-aws';

const NAME = 'query';
const AWS_RESOURCES: readonly AwsResourceName[] = ['workGroup', 'database', 'lakeBucket'];
const SPEC = { lake: { type: 'string' }, format: { type: 'string' }, json: { type: 'boolean' }, ...awsTargetFlags(AWS_RESOURCES) } as const;

// A lone identifier is meant as a query name; anything else (spaces, SELECT ...) is SQL.
const LOOKS_LIKE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const SQL_WORDS = new Set(['select', 'with', 'show', 'describe', 'explain', 'summarize', 'pragma', 'from', 'values', 'table']);

/** The SQL a `surv query` argument stands for: a named query's text, or the argument itself. */
export const resolveQuery = (arg: string): { name: string | undefined; sql: string } => {
  const named = NAMED_QUERIES.find((q) => q.name === arg);
  if (named) return { name: named.name, sql: named.sql };
  if (LOOKS_LIKE_NAME.test(arg) && !SQL_WORDS.has(arg.toLowerCase())) {
    const names = NAMED_QUERIES.map((q) => q.name);
    const guess = suggest(arg, names);
    throw usageError(`unknown query '${arg}'${guess ? `; did you mean '${guess}'?` : ''} (named queries: ${names.join(', ')})`, `surv query ${guess ?? names[0]}`);
  }
  return { name: undefined, sql: arg };
};

/** `surv query <name|SQL>`: one of the 5 named queries, or any SQL, over the local lake with DuckDB. */
export const queryCommand: Command = {
  path: [NAME],
  summary: 'run a named query or any SQL over the lake (DuckDB)',
  get help() {
    return `Usage: surv query <name|SQL> [--lake DIR] [--format table|csv|json]
       surv query <name|SQL> --target aws [--format table|csv|json] [AWS options]

Runs one of the named surveillance queries (the same SQL Athena runs), or any SQL, over the lake with
DuckDB. Tables: market_events (curated), raw_events, alerts and report_<query> (see surv catalog).

Named queries:
${NAMED_QUERIES.map((q) => `  ${q.name.padEnd(24)}${q.description}`).join('\n')}

Options:
  --lake DIR        lake folder                                     default: ./surv-lake
  --format FORMAT   table, csv or json (one object per line)        default: table
  --json            same as --format json

Against AWS (--target aws): the same SQL runs in Athena, in the stack's workgroup (which enforces where results
go and how they are encrypted) and Glue database, over the lake bucket; same output formats. --bucket, when
known, gives results a home in workgroups that do not enforce one (athena-results/).

${awsTargetHelp(AWS_RESOURCES)}

Examples:
  surv query alert_summary
  surv query "SELECT symbol, count(*) AS n FROM market_events GROUP BY 1 ORDER BY n DESC" --format csv
  surv query alert_summary --target aws --outputs cdk-outputs.json
`;
  },
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, SPEC, NAME);
    if (positionals.length === 0) throw usageError('missing a query name or SQL text', 'surv query --help');
    if (positionals.length > 1) throw usageError(`expected one query (quote SQL), got ${positionals.length} words`, 'surv query --help');
    const formatFlag = flags['json'] ? 'json' : (flags['format'] ?? 'table');
    if (!(ROW_FORMATS as readonly unknown[]).includes(formatFlag)) {
      throw usageError(`--format must be one of ${ROW_FORMATS.join(', ')}, got '${String(formatFlag)}'`, 'surv query --help');
    }
    const target = parseTarget(flags, NAME, { resources: AWS_RESOURCES, localOnly: ['lake'] });
    const { sql } = resolveQuery(positionals[0]!);
    if (target === 'aws') {
      const result = await queryOnAws(sql, flags, io);
      io.stdout.write(formatRows(result.columns, result.rows, formatFlag as RowFormat));
      return;
    }
    const lake = lakePath(flags['lake'], io.cwd);
    await requireLake(lake);
    const engine = await openLakeQueryEngine(lake);
    try {
      const result = await engine.query(sql);
      io.stdout.write(formatRows(result.columns, result.rows, formatFlag as RowFormat));
    } finally {
      await engine.close();
    }
  },
};
