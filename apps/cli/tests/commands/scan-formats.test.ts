import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surv } from '../helpers/captured-io';
import { hashLakeWithoutOrigins, listFiles, readJsonLines } from '../helpers/lake-files';

const FIXTURE = fileURLToPath(new URL('../fixtures/events/scan-small.jsonl', import.meta.url));
const BOM = '\uFEFF';

let dir: string;
/** The fixture's records (its one broken line left out: a broken object has no JSON-text twin) plus a number. */
let items: unknown[];
let reference: { hashes: Record<string, string>; stderr: string; alerts: string };

/** Scans `file` (written under `dir/<name>/`) into `dir/<name>/lake`; the run plus the lake's file hashes. */
const scan = async (name: string, file: string, content: string | Buffer) => {
  await mkdir(join(dir, name));
  await writeFile(join(dir, name, file), content);
  const r = await surv(['scan', file, '--lake', 'lake', '--alerts', 'alerts.jsonl'], { cwd: join(dir, name) });
  const alerts = r.code === 0 ? await readFile(join(dir, name, 'alerts.jsonl'), 'utf8') : '';
  return { ...r, alerts, hashes: await hashLakeWithoutOrigins(join(dir, name, 'lake')) };
};

/** The text of a case's content: gunzipped, UTF-16LE after its byte-order mark, else UTF-8. */
const textOf = (content: string | Buffer): string => {
  if (typeof content === 'string') return content;
  const bytes = content[0] === 0x1f && content[1] === 0x8b ? gunzipSync(content) : content;
  return bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.toString('utf16le') : bytes.toString('utf8');
};
/** The 1-based line of `offset` in `text`. */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const jsonl = (values: readonly unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'surv-scan-formats-'));
  const lines = (await readFile(FIXTURE, 'utf8')).split('\n').filter((l) => l.trim() !== '' && !l.includes('"broken"'));
  items = lines.map((l) => JSON.parse(l) as unknown);
  items.splice(5, 0, 42); // not an object: quarantined whatever the format
  const r = await scan('reference', 'events.jsonl', jsonl(items));
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/17 records, 14 valid, 1 duplicates, 2 quarantined, 1 alerts/);
  reference = { hashes: r.hashes, stderr: r.stderr.replace(/scanned \S+/, 'scanned'), alerts: r.alerts };
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('surv scan, any JSON form of the event contract', () => {
  const pretty = (v: unknown) => JSON.stringify(v, null, 2);
  const crlf = (s: string) => s.replaceAll('\n', '\r\n');
  const cases: [string, string, () => string | Buffer][] = [
    ['JSON lines with a byte-order mark', 'bom.jsonl', () => BOM + jsonl(items)],
    ['JSON lines with CRLF', 'crlf.jsonl', () => crlf(jsonl(items))],
    ['a compact top-level array', 'array.json', () => JSON.stringify(items)],
    ['a pretty-printed top-level array', 'pretty-array.json', () => `${pretty(items)}\n`],
    ['pretty-printed objects one after another', 'pretty.json', () => items.map(pretty).join('\n')],
    ['objects concatenated with no delimiter (Firehose)', 'firehose', () => items.map((v) => JSON.stringify(v)).join('')],
    ['gzip JSON lines, named like anything', 'events.dat', () => gzipSync(jsonl(items))],
    ['a gzip of a BOM + CRLF pretty-printed array', 'events.json.gz', () => gzipSync(BOM + crlf(pretty(items)))],
    ['UTF-16LE JSON lines with CRLF (Windows PowerShell redirection)', 'utf16.jsonl', () => Buffer.from(BOM + crlf(jsonl(items)), 'utf16le')],
  ];
  for (const [what, file, content] of cases) {
    it(`gives ${what} the same lake, alerts and counts as the JSON lines file`, async () => {
      const r = await scan(file.replace(/\W/g, '-'), file, content());
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.replace(/scanned \S+/, 'scanned').replaceAll(join(dir, file.replace(/\W/g, '-')), join(dir, 'reference'))).toBe(reference.stderr);
      expect(r.alerts).toBe(reference.alerts);
      expect(r.hashes).toEqual(reference.hashes);
      // The two bad records (the number 42, E0099's negative price) name this file and the line each starts on.
      const text = textOf(content());
      // 42 as an element: at a line start, or after a bracket, a comma or a closing brace (not after a key's colon).
      const fortyTwo = /(?:^|[[,}])\s*42\s*(?:[,\]{]|$)/m.exec(text)!;
      const origins = Object.fromEntries((await readJsonLines(join(dir, file.replace(/\W/g, '-'), 'lake'), 'quarantine/', '.jsonl'))
        .map((q) => [q['code'], `${String(q['file'])}:${String(q['line'])}`]));
      expect(origins).toEqual({
        NOT_AN_OBJECT: `${file}:${lineAt(text, fortyTwo.index + fortyTwo[0].indexOf('42'))}`,
        SCHEMA_VIOLATION: `${file}:${lineAt(text, text.lastIndexOf('{', text.indexOf('"E0099"')))}`,
      });
    });
  }

  it('quarantines garbage, a number and an unterminated object with their reasons and keeps every record around them', async () => {
    const objects = items.filter((v) => typeof v === 'object');
    const text = `[\n${pretty(objects[0])},\n  7,\n${objects.slice(1, 4).map(pretty).join(',\n')}\n]\nnot json at all\n` +
      `${objects.slice(4).map(pretty).join('\n')}\n{"event_id": "cut short", "price": 1`;
    const r = await scan('bad', 'bad.json', text);
    expect(r.code, r.stderr).toBe(0);
    // 16 objects (14 valid, 1 duplicate, 1 schema violation) + 3 bad records.
    expect(r.stderr).toMatch(/19 records, 14 valid, 1 duplicates, 4 quarantined, 1 alerts/);
    const quarantined = await readJsonLines(join(dir, 'bad', 'lake'), 'quarantine/', '.jsonl');
    const byRaw = Object.fromEntries(quarantined.map((q) => [q['raw'], q['code']]));
    expect(byRaw).toMatchObject({ '7': 'NOT_AN_OBJECT', 'not json at all': 'INVALID_JSON', '{"event_id":"cut short","price":1': 'INVALID_JSON' });
    expect(Object.values(byRaw).sort()).toEqual(['INVALID_JSON', 'INVALID_JSON', 'NOT_AN_OBJECT', 'SCHEMA_VIOLATION']);
  });

  it('quarantines a line that is not UTF-8 (a Latin-1 name) with its reason, and archives its bytes as they were', async () => {
    const objects = items.filter((v) => typeof v === 'object') as Record<string, unknown>[];
    const latin1 = Buffer.from(JSON.stringify({ ...objects[0], event_id: 'latin1', beneficial_owner: 'M\u00fcller' }), 'latin1');
    const lines = jsonl(items).split('\n');
    const content = Buffer.concat([Buffer.from(lines.slice(0, 4).join('\n') + '\n'), latin1, Buffer.from(`\r\n${lines.slice(4).join('\n')}`)]);
    for (const [name, bytes] of [['latin1', content], ['latin1-gz', gzipSync(content)]] as const) {
      const r = await scan(name, 'events.jsonl', bytes);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/18 records, 14 valid, 1 duplicates, 3 quarantined, 1 alerts/);
      expect(r.alerts).toBe(reference.alerts);
      const quarantined = await readJsonLines(join(dir, name, 'lake'), 'quarantine/', '.jsonl');
      expect(quarantined.find((q) => q['code'] === 'INVALID_UTF8')).toMatchObject({ raw: latin1.toString('utf8'), reason: expect.stringMatching(/^record is not UTF-8 text: byte 0xfc at offset \d+/) });
      const rawDir = join(dir, name, 'lake', 'raw');
      const raw = await Promise.all((await listFiles(rawDir)).map((f) => readFile(join(rawDir, f))));
      expect(Buffer.concat(raw).includes(Buffer.concat([latin1, Buffer.from('\n')]))).toBe(true);
    }
  });

  it('quarantines an array element above the 1 MiB record limit as one record, too large, with all of its text', async () => {
    const objects = items.filter((v) => typeof v === 'object');
    const huge = JSON.stringify({ ...(objects[0] as object), event_id: 'huge', note: `{"a":[1]},{"b":2} ${'x'.repeat(1_200_000)}` });
    const r = await scan('huge-element', 'huge.json', JSON.stringify([...objects.slice(0, 3), JSON.parse(huge), ...objects.slice(3)], null, 1));
    expect(r.code, r.stderr).toBe(0);
    // The 16 objects of the reference (14 valid, 1 duplicate, 1 schema violation) + the huge one.
    expect(r.stderr).toMatch(/17 records, 14 valid, 1 duplicates, 2 quarantined, 1 alerts/);
    const quarantined = await readJsonLines(join(dir, 'huge-element', 'lake'), 'quarantine/', '.jsonl');
    expect(quarantined.find((q) => q['code'] === 'RECORD_TOO_LARGE')?.['raw']).toBe(huge);
  });

  it('refuses a damaged gzip with exit 3 after putting the records read before the damage in the lake, whole, and keeps no alerts file', async () => {
    const events = Array.from({ length: 3000 }, (_, i) => ({
      event_id: `G${i}`, event_type: 'ORDER_NEW', event_time: new Date(Date.UTC(2024, 2, 1, 14) + i * 1000).toISOString(), symbol: `S${i % 7}`,
      venue: 'XNAS', account_id: `A${i % 13}`, trader_id: 'T', beneficial_owner: `B${i % 11}`, order_id: `O${i}`, side: i % 2 ? 'BUY' : 'SELL',
      price: 10 + (i % 97) / 100, quantity: 100 + (i % 31),
    }));
    const gz = gzipSync(jsonl(events));
    const r = await scan('damaged', 'cut.jsonl.gz', gz.subarray(0, gz.length - 64));
    expect(r.code).toBe(3);
    const m = /^error\[Z_BUF_ERROR\]: 'cut\.jsonl\.gz' is a damaged gzip stream \(unexpected end of file\) after \d+ compressed bytes; the lake holds the (\d+) records read before it, no alerts file was written\nhint: try `gzip -t cut\.jsonl\.gz`\n$/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const kept = Number(m![1]);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(events.length);
    const raw = await readJsonLines(join(dir, 'damaged', 'lake'), 'raw/', '.jsonl');
    expect(raw.map((e) => e['event_id']).sort()).toEqual(events.slice(0, kept).map((e) => e.event_id).sort());
    expect(await readdir(join(dir, 'damaged'))).toEqual(['cut.jsonl.gz', 'lake']);
  });
});
