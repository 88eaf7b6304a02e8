import { EXIT } from './errors';

/** The signals that ask `surv` to stop. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** What `handleStopSignals` needs of the process (the real `process`, or a test's stand-in). */
export interface StopSignalProcess {
  on(signal: StopSignal, listener: () => void): unknown;
  readonly stderr: { write(text: string): unknown };
  exit(code: number): void;
}

const HOW_TO_FORCE: Record<StopSignal, string> = { SIGINT: 'Ctrl-C again', SIGTERM: 'SIGTERM again' };

/**
 * SIGINT (Ctrl-C) and SIGTERM (`kill`, `docker stop`, a CI timeout) ask for a graceful stop: the returned signal
 * aborts, and commands finish what they read, whole, at the next safe point. A second stop signal, of either
 * kind, means "now": the process exits at once with 130 (interrupted), as a supervisor that sends SIGTERM
 * twice expects, not only someone pressing Ctrl-C twice.
 */
export const handleStopSignals = (proc: StopSignalProcess): AbortSignal => {
  const controller = new AbortController();
  let stops = 0;
  const stop = (signal: StopSignal) => {
    stops += 1;
    if (stops > 1) {
      proc.exit(EXIT.interrupted);
      return;
    }
    proc.stderr.write(`\nstopping (${HOW_TO_FORCE[signal]} to force)...\n`);
    controller.abort();
  };
  proc.on('SIGINT', () => stop('SIGINT'));
  proc.on('SIGTERM', () => stop('SIGTERM'));
  return controller.signal;
};
