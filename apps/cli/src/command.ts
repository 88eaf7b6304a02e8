import type { Readable, Writable } from 'node:stream';

/** What a command may touch: injected so tests run commands in-process with captured output. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly cwd: string;
  /** True when stderr is a terminal: progress bars and colours only then. */
  readonly interactive: boolean;
  /** Fires when the user asks to stop (Ctrl-C); long commands stop cleanly at the next safe point. */
  readonly signal: AbortSignal;
  /**
   * The environment (`--target aws` reads AWS_REGION, AWS_ENDPOINT_URL, credentials and SURV_* names from it).
   * Injected rather than read from `process.env`, so tests decide exactly what a command sees. @default {}
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * One `surv` command (`noun verb`). Commands are thin: they parse their flags, call libraries,
 * write data to stdout and throw typed `CliError`s; only `main.ts` prints errors and exits.
 */
export interface Command {
  /** Words that select it, e.g. `['sql', 'run']`. */
  readonly path: readonly string[];
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text: usage line, flags with defaults, an example. */
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<void>;
}
