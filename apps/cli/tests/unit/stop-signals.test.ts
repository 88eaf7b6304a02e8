import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors';
import { handleStopSignals, type StopSignal } from '../../src/stop-signals';

/** A stand-in for `process`: signals are emitted by hand, output and exit codes recorded. */
const fakeProcess = () => {
  const events = new EventEmitter();
  const written: string[] = [];
  const exits: number[] = [];
  const proc = {
    on: (signal: StopSignal, listener: () => void) => events.on(signal, listener),
    stderr: { write: (text: string) => written.push(text) },
    exit: (code: number) => void exits.push(code),
  };
  return { proc, send: (signal: StopSignal) => events.emit(signal), written, exits };
};

describe('handleStopSignals', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('asks for a graceful stop on the first %s, without exiting', (first) => {
    const { proc, send, written, exits } = fakeProcess();
    const signal = handleStopSignals(proc);
    expect(signal.aborted).toBe(false);
    send(first);
    expect(signal.aborted).toBe(true);
    expect(exits).toEqual([]);
    expect(written.join('')).toBe(`\nstopping (${first === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} again to force)...\n`);
  });

  it.each([
    ['SIGINT', 'SIGINT'], ['SIGTERM', 'SIGTERM'], ['SIGINT', 'SIGTERM'], ['SIGTERM', 'SIGINT'],
  ] as const)('forces an exit (130, interrupted) on a second stop signal: %s then %s', (first, second) => {
    const { proc, send, written, exits } = fakeProcess();
    handleStopSignals(proc);
    send(first);
    send(second);
    expect(exits).toEqual([EXIT.interrupted]);
    expect(written).toHaveLength(1); // the second signal prints nothing more
  });

  it('exits a real process whose graceful stop hangs on a second SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../fixtures/processes/stop-signals-child.ts', import.meta.url))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    const waitFor = (text: string, where: () => string) =>
      new Promise<void>((resolveWait) => {
        const check = () => (where().includes(text) ? resolveWait() : setTimeout(check, 10));
        check();
      });
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitFor('ready', () => stdout);
    child.kill('SIGTERM');
    await waitFor('aborted', () => stdout);
    expect(stderr).toContain('stopping (SIGTERM again to force)');
    child.kill('SIGTERM');
    expect(await exited).toBe(EXIT.interrupted);
  }, 20_000);
});
