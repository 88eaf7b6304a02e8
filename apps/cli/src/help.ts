import { type Command } from './command';

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - s.length));

/** The command list shown by `surv --help` and `surv` alone. */
export const topLevelHelp = (commands: readonly Command[]): string => {
  const names = commands.map((c) => c.path.join(' '));
  const width = Math.max(...names.map((n) => n.length)) + 3;
  return [
    'surv: real-time trade surveillance, locally (in-process stream, lake on disk, DuckDB).',
    'produce, scan and query also run against the deployed stack: --target aws (see their --help).',
    '',
    'Usage: surv <command> [options]',
    '',
    'Commands:',
    ...commands.map((c, i) => `  ${pad(names[i]!, width)}${c.summary}`),
    '',
    'Global options:',
    '  -h, --help     help for surv or for a command (surv <command> --help)',
    '  -V, --version  print the version',
    '  --debug        print stacks with errors',
    '',
    'Exit codes: 0 ok, 1 bug, 2 usage, 3 input rejected, 4 DuckDB or AWS failed, 130 interrupted.',
    'Start with: surv demo',
    '',
  ].join('\n');
};

/** Help for a noun with several verbs (`surv sql --help`). */
export const groupHelp = (noun: string, commands: readonly Command[]): string => {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length)) + 3;
  return [`Usage: surv ${noun} <command> [options]`, '', 'Commands:', ...commands.map((c) => `  ${pad(c.path.join(' '), width)}${c.summary}`), ''].join('\n');
};

/** A command's own `--help` text, ending in a newline. */
export const commandHelp = (command: Command): string => (command.help.endsWith('\n') ? command.help : `${command.help}\n`);
