import { isSurvError } from '@surv/domain';
import { type Command, type CliIo } from './command';
import { CliError, EXIT, usageError } from './errors';
import { classifyError } from './classify-error';
import { commandHelp, topLevelHelp, groupHelp } from './help';
import { suggest } from './suggest';
import { version } from '../package.json';

/** Flags every command accepts, handled here before the command sees its arguments. */
const GLOBAL_DEBUG = '--debug';

/** The command a line of words selects, and the words left for it. */
interface Selection {
  readonly command: Command;
  readonly rest: readonly string[];
}

/** Longest command path that prefixes the words (commands are `noun verb` or just `noun`). */
const select = (words: readonly string[], commands: readonly Command[]): Selection | undefined => {
  let best: Selection | undefined;
  for (const command of commands) {
    const n = command.path.length;
    if (n > words.length || !command.path.every((w, i) => words[i] === w)) continue;
    if (!best || n > best.command.path.length) best = { command, rest: words.slice(n) };
  }
  return best;
};

const beforeDoubleDash = (args: readonly string[]): readonly string[] => {
  const i = args.indexOf('--');
  return i < 0 ? args : args.slice(0, i);
};

/** Finds the command for `argv` (without node and script) and runs it; throws typed errors. */
const dispatch = async (argv: readonly string[], io: CliIo, commands: readonly Command[]): Promise<void> => {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && argv[1] !== undefined) return dispatch([...argv.slice(1), '--help'], io, commands);
    io.stdout.write(topLevelHelp(commands));
    return;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`surv ${version}\n`);
    return;
  }
  if (first.startsWith('-')) throw usageError(`unknown flag '${first}'; a command comes first`, 'surv --help');

  const selection = select(argv, commands);
  if (!selection) {
    const group = commands.filter((c) => c.path.length > 1 && c.path[0] === first);
    if (group.length > 0) {
      const verb = argv[1];
      if (verb === undefined) throw usageError(`'surv ${first}' needs a command: ${group.map((c) => c.path.at(-1)).join(', ')}`, `surv ${first} --help`);
      if (verb === '--help' || verb === '-h') {
        io.stdout.write(groupHelp(first, group));
        return;
      }
      const guess = suggest(verb, group.map((c) => c.path.at(-1)!));
      throw usageError(`unknown command 'surv ${first} ${verb}'${guess ? `; did you mean '${first} ${guess}'?` : ''}`, `surv ${first} --help`);
    }
    const guess = suggest(first, [...new Set(commands.map((c) => c.path[0]!))]);
    throw usageError(`unknown command '${first}'${guess ? `; did you mean '${guess}'?` : ''}`, guess ? `surv ${guess} --help` : 'surv --help');
  }
  const { command, rest } = selection;
  if (beforeDoubleDash(rest).some((a) => a === '--help' || a === '-h')) {
    io.stdout.write(commandHelp(command));
    return;
  }
  await command.run(rest, io);
};

/**
 * Runs one `surv` invocation in-process and returns its exit code. This is the only place that prints
 * errors: `error[CODE]: message` on stderr plus one hint line naming the next command to try.
 */
export const runCli = async (argv: readonly string[], io: CliIo, commands: readonly Command[]): Promise<number> => {
  const head = beforeDoubleDash(argv);
  const debug = head.includes(GLOBAL_DEBUG);
  // `--debug` is global: drop it wherever it stands before `--`, so commands never see it.
  const args = debug ? [...head.filter((a) => a !== GLOBAL_DEBUG), ...argv.slice(head.length)] : argv;
  try {
    await dispatch(args, io, commands);
    if (io.signal.aborted) throw new CliError('CLI_INTERRUPTED', 'interrupted before the command finished');
    return EXIT.ok;
  } catch (e) {
    const error = io.signal.aborted && !(e instanceof CliError && e.code === 'CLI_INTERRUPTED')
      ? new CliError('CLI_INTERRUPTED', 'interrupted before the command finished', { cause: e })
      : classifyError(e);
    if (error) {
      io.stderr.write(`error[${error.detailCode ?? error.code}]: ${error.message}\n`);
      if (error.hint) io.stderr.write(`hint: try \`${error.hint}\`\n`);
      if (debug) io.stderr.write(`${stackOf(e)}\n`);
      return error.exitCode;
    }
    const message = e instanceof Error ? e.message : String(e);
    const code = isSurvError(e) ? e.code : 'BUG';
    io.stderr.write(`error[${code}]: ${message}\n`);
    io.stderr.write(debug ? `this is a bug; please report it with this stack:\n${stackOf(e)}\n` : 'this is a bug; rerun with --debug to print the stack and report it\n');
    return EXIT.bug;
  }
};

const stackOf = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  let out = e.stack ?? e.message;
  let cause = e.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    out += `\ncaused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
};
