import { runCli } from './cli';
import { COMMANDS } from './commands';
import { EXIT } from './errors';

// The `surv` bin: wires the process (argv, streams, Ctrl-C, exit code) to `runCli`, which does the rest.
const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  // The first Ctrl-C asks commands to stop at the next safe point; a second one means "now".
  if (interrupts > 1) process.exit(EXIT.interrupted);
  process.stderr.write('\nstopping (Ctrl-C again to force)...\n');
  controller.abort();
});
process.on('SIGTERM', () => controller.abort());
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
  signal: controller.signal,
  env: process.env,
}, COMMANDS);
// Let stdout drain (a pipe or a file) before leaving; exit explicitly so no idle handle keeps us alive.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
