import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sqlRunCommand } from '../../../src/commands/sql/run';
import { captureIo, fixture, parseLines, rejection, tempDir } from './sql-io';

const NAME = 'stagger-window';
const records = readFileSync(fixture(NAME, 'input.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
const run = async (input: string, cwd: string) => {
  const c = captureIo({ cwd });
  const args = [fixture(NAME, 'app.sql'), '--schema', fixture(NAME, 'input-schema.json'), '--input', input, '--rowtime', '__arrival', '--flush', '--emit-rowtime'];
  return { c, done: sqlRunCommand.run(args, c.io) };
};

describe('surv sql run, input formats', () => {
  it('reads a gzip of a BOM + CRLF pretty-printed JSON array as the JSON-lines records', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'records.gz'), gzipSync(`\uFEFF${JSON.stringify(records, null, 2).replaceAll('\n', '\r\n')}`));
    const { c, done } = await run('records.gz', dir);
    await done;
    expect(parseLines(c.stdout())).toEqual(parseLines(readFileSync(fixture(NAME, 'expected.jsonl'), 'utf8').split('\n').filter(Boolean)));
    expect(c.stderr()).toEqual(['sql run: 4 records in, 2 rows out of DESTINATION_SQL_STREAM, 0 errors']);
  });

  it('refuses a damaged gzip with exit 3 and flushes no window', async () => {
    const dir = tempDir();
    const gz = gzipSync(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    writeFileSync(join(dir, 'records.gz'), Buffer.concat([gz.subarray(0, gz.length - 8), Buffer.from('not the trailer')]));
    const { c, done } = await run('records.gz', dir);
    const e = await rejection(done);
    expect(e).toMatchObject({ code: 'CLI_INPUT_REJECTED', exitCode: 3, hint: 'gzip -t records.gz' });
    expect(String(e['message'])).toMatch(/^'records\.gz' is a damaged gzip stream \(.+\) after \d+ compressed bytes; stopped after \d+ records \(0 rows written\)$/);
    expect(c.stdout()).toEqual([]);
  });
});
