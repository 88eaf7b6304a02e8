import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands';
import { surv } from '../helpers/captured-io';

const names = COMMANDS.map((c) => c.path.join(' '));

describe('surv --help', () => {
  it('lists every command with its summary', async () => {
    const r = await surv(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`\\n  ${c.path.join(' ')} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
  });

  it.each(names)('prints usage, options and an example for `surv %s --help`', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await surv([...name.split(' '), flag]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Usage: surv ${name}`));
      expect(r.stdout).toMatch(/Example/);
    }
  });

  it.each(names)('rejects an unknown flag on `surv %s` with exit 2 and a hint', async (name) => {
    const r = await surv([...name.split(' '), '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error[CLI_USAGE]: unknown flag '--no-such-flag' for '${name}'\nhint: try \`surv ${name} --help\`\n`);
  });
});
