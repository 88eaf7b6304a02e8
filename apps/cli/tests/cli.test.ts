import { describe, expect, it } from 'vitest';
import { type Command } from '../src/command';
import { CliError } from '../src/errors';
import { parseArgs } from '../src/args';
import { surv } from './helpers/captured-io';

// A small command set, so dispatch and error rendering are tested without the pipeline.
const echo: Command = {
  path: ['echo'],
  summary: 'print the arguments',
  help: 'Usage: surv echo [--upper] <words...>',
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, { upper: { type: 'boolean' } }, 'echo');
    const text = positionals.join(' ');
    io.stdout.write(`${flags['upper'] ? text.toUpperCase() : text}\n`);
  },
};
const failing = (error: unknown): Command => ({ path: ['fail'], summary: 'fails', help: 'Usage: surv fail', run: async () => Promise.reject(error) });
const sqlRun: Command = { path: ['sql', 'run'], summary: 'run sql', help: 'Usage: surv sql run', run: async (_a, io) => void io.stdout.write('ran\n') };
const sqlCheck: Command = { path: ['sql', 'check'], summary: 'check sql', help: 'Usage: surv sql check', run: async () => undefined };
const commands = [echo, sqlRun, sqlCheck];

describe('surv command dispatch', () => {
  it('runs the command the words select and passes the rest as arguments', async () => {
    const r = await surv(['echo', '--upper', 'hello', 'world'], { commands });
    expect(r).toMatchObject({ code: 0, stdout: 'HELLO WORLD\n', stderr: '' });
  });

  it('selects two-word commands', async () => {
    expect((await surv(['sql', 'run'], { commands })).stdout).toBe('ran\n');
  });

  it('lists every command with its summary for --help, -h, help and no arguments', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], []]) {
      const r = await surv(argv, { commands });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: surv <command>');
      for (const c of commands) expect(r.stdout).toContain(`${c.path.join(' ')}`);
      expect(r.stdout).toContain('print the arguments');
    }
  });

  it("prints a command's help for --help anywhere before --, and for `help <command>`", async () => {
    expect((await surv(['echo', 'x', '--help'], { commands })).stdout).toContain('Usage: surv echo');
    expect((await surv(['help', 'echo'], { commands })).stdout).toContain('Usage: surv echo');
    expect((await surv(['echo', '--', '--help'], { commands })).stdout).toBe('--help\n');
  });

  it('lists the verbs of a noun for `surv sql --help` and asks for one when missing', async () => {
    const help = await surv(['sql', '--help'], { commands });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('sql run');
    expect(help.stdout).toContain('sql check');
    const missing = await surv(['sql'], { commands });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error\[CLI_USAGE\]: 'surv sql' needs a command: run, check\nhint: try `surv sql --help`\n$/);
  });

  it('prints the version', async () => {
    const r = await surv(['--version'], { commands });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^surv \d+\.\d+\.\d+\n$/);
  });

  it('rejects an unknown command with exit 2, a suggestion and a hint', async () => {
    const r = await surv(['ecko'], { commands });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error[CLI_USAGE]: unknown command 'ecko'; did you mean 'echo'?\nhint: try `surv echo --help`\n");
    const verb = await surv(['sql', 'rn'], { commands });
    expect(verb.code).toBe(2);
    expect(verb.stderr).toContain("did you mean 'sql run'?");
  });

  it('rejects an unknown flag with exit 2 naming the flag and the help to read', async () => {
    const r = await surv(['echo', '--loud'], { commands });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error[CLI_USAGE]: unknown flag '--loud' for 'echo'\nhint: try `surv echo --help`\n");
  });

  it('maps typed errors to their exit codes and shows the detail code', async () => {
    const rejected = await surv(['fail'], { commands: [failing(new CliError('CLI_INPUT_REJECTED', 'bad file', { hint: 'surv scan --help', detailCode: 'KAV2_PARSE_UNEXPECTED' }))] });
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toBe('error[KAV2_PARSE_UNEXPECTED]: bad file\nhint: try `surv scan --help`\n');
    const backend = await surv(['fail'], { commands: [failing(new CliError('CLI_BACKEND_FAILED', 'duckdb is gone'))] });
    expect(backend.code).toBe(4);
  });

  it('reports an unexpected error as a bug (exit 1), with the stack only under --debug', async () => {
    const bug = new TypeError('x is undefined');
    const quiet = await surv(['fail'], { commands: [failing(bug)] });
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toContain('error[BUG]: x is undefined');
    expect(quiet.stderr).toContain('this is a bug');
    expect(quiet.stderr).not.toContain('at ');
    const loud = await surv(['fail', '--debug'], { commands: [failing(bug)] });
    expect(loud.code).toBe(1);
    expect(loud.stderr).toContain('TypeError: x is undefined');
    expect(loud.stderr).toMatch(/\n\s+at /);
  });

  it('exits 130 when interrupted, whatever the command threw', async () => {
    const controller = new AbortController();
    const slow: Command = {
      path: ['slow'], summary: 's', help: 'h',
      async run() {
        controller.abort();
        throw new Error('aborted mid-write');
      },
    };
    const r = await surv(['slow'], { commands: [slow], signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^error\[CLI_INTERRUPTED\]/);
  });
});
