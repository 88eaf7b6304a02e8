import { PassThrough, Readable } from 'node:stream';
import { type CliIo } from '../../src/command';
import { runCli } from '../../src/cli';
import { type Command } from '../../src/command';

/** The outcome of one in-process `surv` run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const collect = () => {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
};

/** Runs `surv <argv>` in-process with captured output; `stdin` feeds `-`. */
export const surv = async (
  argv: readonly string[],
  options: {
    cwd?: string; stdin?: string; stdinStream?: Readable; signal?: AbortSignal; interactive?: boolean; commands?: readonly Command[];
    env?: Readonly<Record<string, string | undefined>>;
  } = {},
): Promise<CliRun> => {
  const out = collect();
  const err = collect();
  const io: CliIo = {
    stdout: out.stream,
    stderr: err.stream,
    stdin: options.stdinStream ?? Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    cwd: options.cwd ?? process.cwd(),
    interactive: options.interactive ?? false,
    signal: options.signal ?? new AbortController().signal,
    env: options.env ?? {},
  };
  const code = await runCli(argv, io, options.commands ?? (await import('../../src/commands')).COMMANDS);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out.text(), stderr: err.text() };
};
