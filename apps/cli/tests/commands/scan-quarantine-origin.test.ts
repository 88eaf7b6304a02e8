import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuarantineRecordSchema, type QuarantineRecord } from '@surv/domain';
import { surv } from '../helpers/captured-io';
import { readJsonLines } from '../helpers/lake-files';

// scan-small.jsonl: line 4 is not JSON, line 8 has a negative price.
const FIXTURE = fileURLToPath(new URL('../fixtures/events/scan-small.jsonl', import.meta.url));
let dir: string;
let lines: string[];
/** The line each element of the second file's pretty-printed array starts on (the file is written below). */
let elementLines: number[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-scan-origin-'));
  lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
  // First file: the fixture's first 9 lines, a blank line and a line of junk (line 11).
  await writeFile(join(dir, 'day-1.jsonl'), `${lines.slice(0, 9).join('\n')}\n\nnot json at all\n`);
  // Second file, gzipped: the rest as a pretty-printed JSON array, with two bad elements among them.
  const events = lines.slice(9).map((l) => JSON.parse(l) as Record<string, unknown>);
  const array: unknown[] = [...events.slice(0, 3), { ...events[3], quantity: 0 }, ...events.slice(3), 42];
  const text = JSON.stringify(array, null, 2);
  elementLines = text.split('\n').flatMap((l, i) => (/^ {2}[^ \]}]/.test(l) ? [i + 1] : []));
  expect(elementLines).toHaveLength(array.length);
  await mkdir(join(dir, 'more'));
  await writeFile(join(dir, 'more', 'day-2.json.gz'), gzipSync(text));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const quarantined = async (lake: string): Promise<QuarantineRecord[]> =>
  (await readJsonLines(join(dir, lake), 'quarantine/', '.jsonl')).map((r) => QuarantineRecordSchema.parse(r));
const origins = (records: readonly QuarantineRecord[]) =>
  records.map((r) => `${r.file}:${r.line} ${r.code}`).sort();

describe('surv scan quarantine records', () => {
  it('name the file and line of each bad record across two files, JSON lines and a gzipped JSON array', async () => {
    const r = await surv(['scan', 'day-1.jsonl', 'more/day-2.json.gz', '--lake', 'lake', '--alerts', 'alerts.jsonl'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/5 quarantined/);
    const records = await quarantined('lake');
    expect(origins(records)).toEqual([
      'day-1.jsonl:11 INVALID_JSON',
      'day-1.jsonl:4 INVALID_JSON',
      'day-1.jsonl:8 SCHEMA_VIOLATION',
      `more/day-2.json.gz:${elementLines[3]} SCHEMA_VIOLATION`,
      `more/day-2.json.gz:${elementLines.at(-1)} NOT_AN_OBJECT`,
    ].sort());
    // What was there before is still there: the reason, the original text and the stream position.
    const broken = records.find((q) => q.line === 4)!;
    expect(broken).toMatchObject({ raw: '{"event_id": "broken",', source: expect.stringMatching(/^shardId-\d{12}\/\d{20}$/) as unknown });
    expect(broken.quarantined_at).toMatch(/^2024-03-01T/);
  });

  it('name the same origins when the input is sorted by event time first', async () => {
    const plain = await surv(['scan', 'day-1.jsonl', 'more/day-2.json.gz', '--lake', 'plain'], { cwd: dir });
    const sorted = await surv(['scan', 'day-1.jsonl', 'more/day-2.json.gz', '--sort', '--lake', 'sorted'], { cwd: dir });
    expect([plain.code, sorted.code]).toEqual([0, 0]);
    expect(origins(await quarantined('sorted'))).toEqual(origins(await quarantined('plain')));
  });

  it('name stdin for input read from -', async () => {
    const r = await surv(['scan', '-', '--lake', 'lake'], { cwd: dir, stdin: await readFile(join(dir, 'day-1.jsonl'), 'utf8') });
    expect(r.code, r.stderr).toBe(0);
    expect(origins(await quarantined('lake'))).toEqual(['stdin:11 INVALID_JSON', 'stdin:4 INVALID_JSON', 'stdin:8 SCHEMA_VIOLATION']);
  });
});
