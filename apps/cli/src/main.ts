import { runCli } from './cli';
import { COMMANDS } from './commands';
import { EXIT } from './errors';
import { handleStopSignals } from './stop-signals';

// The `surv` bin: wires the process (argv, streams, Ctrl-C, exit code) to `runCli`, which does the rest.
// The first SIGINT or SIGTERM asks commands to stop at the next safe point; a second one means "now".
const signal = handleStopSignals(process);
// `surv query ... | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  interactive: Boolean(process.stderr.isTTY),
  signal,
  env: process.env,
}, COMMANDS);
// Let stdout drain (a pipe or a file) before leaving; exit explicitly so no idle handle keeps us alive.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
