import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertSchema } from '@surv/domain';
import { surv } from '../helpers/captured-io';
import { readJsonLines } from '../helpers/lake-files';

const FIXTURE = fileURLToPath(new URL('../fixtures/events/scan-small.jsonl', import.meta.url));
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-scan-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('surv scan', () => {
  it('quarantines bad lines with their reason, keeps going, and writes alerts as JSON lines to --alerts', async () => {
    const r = await surv(['scan', FIXTURE, '--lake', 'lake', '--alerts', 'out/alerts.jsonl'], { cwd: dir });
    expect(r.stderr).toContain('2 quarantined');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/17 records, 14 valid, 1 duplicates, 2 quarantined, 1 alerts/);

    const alerts = (await readFile(join(dir, 'out/alerts.jsonl'), 'utf8')).trimEnd().split('\n').map((l) => AlertSchema.parse(JSON.parse(l)));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'WASH_TRADE', symbol: 'ZETA', beneficial_owner: 'BO-9' });
    expect(await readdir(join(dir, 'out'))).toEqual(['alerts.jsonl']);

    const quarantined = await readJsonLines(join(dir, 'lake'), 'quarantine/', '.jsonl');
    expect(quarantined.map((q) => q['code']).sort()).toEqual(['INVALID_JSON', 'SCHEMA_VIOLATION']);
    expect(quarantined.find((q) => q['code'] === 'INVALID_JSON')?.['raw']).toBe('{"event_id": "broken",');
    expect(String(quarantined.find((q) => q['code'] === 'SCHEMA_VIOLATION')?.['reason'])).toContain('price');
  });

  it('reads stdin for - and prints alerts on stdout', async () => {
    const r = await surv(['scan', '-', '--lake', 'lake'], { cwd: dir, stdin: await readFile(FIXTURE, 'utf8') });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(AlertSchema.parse(JSON.parse(lines[0]!))).toMatchObject({ rule: 'WASH_TRADE' });
  });

  it('refuses a missing file with exit 3 and usage mistakes with exit 2, each with a hint', async () => {
    const missing = await surv(['scan', 'nope.jsonl'], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error\[ENOENT\]: cannot read 'nope.jsonl': no such file\nhint: try `surv scan --help`\n$/);
    for (const argv of [['scan'], ['scan', FIXTURE, '--shards', 'x'], ['scan', FIXTURE, '--shards', '0'], ['scan', FIXTURE, '--alerts']]) {
      const r = await surv(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error\[CLI_USAGE\]: .+\nhint: try `surv scan --help`\n$/);
    }
  });

  it('refuses a lake or an alerts file that cannot be created, before reading any event', async () => {
    await writeFile(join(dir, 'plain'), 'not a folder');
    const lake = await surv(['scan', FIXTURE, '--lake', 'plain/lake'], { cwd: dir });
    expect(lake.code).toBe(3);
    expect(lake.stderr).toMatch(/^error\[CLI_INPUT_REJECTED\]: cannot use '.*plain\/lake' as a lake: ENOTDIR.*\nhint: try `surv scan --lake <new folder>`\n$/);
    const alerts = await surv(['scan', FIXTURE, '--lake', 'lake', '--alerts', 'plain/alerts.jsonl'], { cwd: dir });
    expect(alerts.code).toBe(3);
    expect(alerts.stderr).toMatch(/^error\[CLI_INPUT_REJECTED\]: cannot write '.*plain\/alerts\.jsonl': EEXIST: file already exists/);
  });
});

describe('surv scan, interrupted', () => {
  it('stops at Ctrl-C with exit 130 and keeps no partial alerts file', async () => {
    const controller = new AbortController();
    const lines = (await readFile(FIXTURE, 'utf8')).split('\n');
    // A feed that the user interrupts half-way: the signal fires while lines are still arriving.
    const stdin = Readable.from((function* () {
      for (const [i, line] of lines.entries()) {
        if (i === 8) controller.abort();
        yield `${line}\n`;
      }
    })());
    const r = await surv(['scan', '-', '--lake', 'lake', '--alerts', 'out/alerts.jsonl'], { cwd: dir, stdinStream: stdin, signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^error\[CLI_INTERRUPTED\]: interrupted after \d+ records/);
    expect(await readdir(join(dir, 'out'))).toEqual([]);
  });
});
