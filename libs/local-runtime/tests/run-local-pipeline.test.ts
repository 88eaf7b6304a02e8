import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { QuarantineRecordSchema, type Alert } from '@surv/domain';
import { runLocalPipeline, JsonlFileNotifier, type SourcedLines } from '@surv/local-runtime';
import { removeTempDirs, tempDir } from './temp-dirs';
import { snapshot } from './lake-snapshot';

afterAll(removeTempDirs);

const FIXTURE = new URL('./fixtures/wash-and-spoof.jsonl', import.meta.url);
const lines = () => createInterface({ input: createReadStream(FIXTURE), crlfDelay: Infinity });
const tempLake = () => tempDir('surv-lake-');

describe('runLocalPipeline', () => {
  it('runs a hand-made file with a wash trade and a spoofing burst end to end', async () => {
    const lake = await tempLake();
    const fired: Alert[] = [];
    const progress: number[] = [];
    const alertsFile = join(await tempDir('surv-alerts-'), 'alerts.jsonl');
    const summary = await runLocalPipeline({
      lake, input: lines(), batchSize: 16,
      onAlert: (a) => fired.push(a), onProgress: (p) => progress.push(p.events), notifiers: [new JsonlFileNotifier(alertsFile)],
    });
    expect(summary).toMatchObject({ events: 48, valid: 45, duplicates: 1, quarantined: 2, aborted: false, lateEvents: 0 });
    expect(summary.alertsByRule).toEqual({ WASH_TRADE: 1, SPOOFING: 1 });
    const wash = summary.alerts.find((a) => a.rule === 'WASH_TRADE')!;
    // The real detection app (@surv/detection on @surv/kav2-sql), event-time windows of 1 minute.
    expect(wash).toMatchObject({ symbol: 'ACME', beneficial_owner: 'BO-W', pattern: 'CROSS_ACCOUNT', window_start: '2024-03-04T14:31:00.000Z', detected_at: '2024-03-04T14:32:00.000Z' });
    expect(wash.evidence).toMatchObject({ shared_owner_trades: 2 });
    const spoof = summary.alerts.find((a) => a.rule === 'SPOOFING')!;
    expect(spoof).toMatchObject({ symbol: 'MSFT', account_id: 'ACC-S', pattern: 'LAYERING', window_start: '2024-03-04T14:32:00.000Z' });
    expect(spoof.evidence).toMatchObject({ spoof_side: 'BUY', orders_cancelled: 6 });
    // The two-sided market maker cancels a lot but fills both sides: no alert.
    expect(summary.alerts.some((a) => a.account_id === 'ACC-MM' || a.beneficial_owner === 'BO-MM')).toBe(false);
    expect(fired).toEqual(summary.alerts);
    expect(progress).toEqual([16, 32, 48]);
    expect((await readFile(alertsFile, 'utf8')).trim().split('\n')).toHaveLength(2);

    const files = [...(await snapshot(lake)).keys()];
    expect(files.filter((f) => f.startsWith('alerts/'))).toEqual(summary.alerts.map((a) => `alerts/dt=2024-03-04/${a.alert_id}.json`).sort());
    const curated = files.filter((f) => f.startsWith('curated/'));
    expect(curated.length).toBe(summary.curatedObjects);
    expect(curated.every((f) => /^curated\/market_events\/dt=2024-03-04\/hour=14\/shardId-00000000000[01]-\d{20}-\d{20}\.parquet$/.test(f))).toBe(true);
    const raw = files.filter((f) => f.startsWith('raw/'));
    expect(raw.length).toBe(summary.rawObjects);
    let rawLines = 0;
    for (const f of raw) rawLines += (await readFile(join(lake, f), 'utf8')).trim().split('\n').length;
    expect(rawLines).toBe(48); // raw keeps everything as delivered, duplicates and bad records included
    const quarantine = files.filter((f) => f.startsWith('quarantine/'));
    const q = (await Promise.all(quarantine.map((f) => readFile(join(lake, f), 'utf8'))))
      .flatMap((t) => t.trim().split('\n')).map((l) => QuarantineRecordSchema.parse(JSON.parse(l)));
    expect(q.map((r) => r.code).sort()).toEqual(['INVALID_JSON', 'SCHEMA_VIOLATION']);
    expect(q.find((r) => r.code === 'SCHEMA_VIOLATION')!.reason).toMatch(/price/);
    expect(q.find((r) => r.code === 'INVALID_JSON')!.raw).toBe('{"event_id": "broken", ');
  });

  it('treats optional fields written as null exactly like absent ones (same counts, same alerts, same curated rows)', async () => {
    const all = (await readFile(FIXTURE, 'utf8')).trim().split('\n');
    const optional = ['counterparty_account_id', 'counterparty_beneficial_owner', 'trade_id'];
    const withNulls = all.map((l) => {
      let o: unknown;
      try {
        o = JSON.parse(l);
      } catch {
        return l;
      }
      if (typeof o !== 'object' || o === null) return l;
      const event = o as Record<string, unknown>;
      for (const f of optional) if (!(f in event)) event[f] = null;
      return JSON.stringify(event);
    });
    expect(withNulls.filter((l) => l.includes('":null')).length).toBeGreaterThan(30);
    async function* input(lines: string[]) { yield lines; }
    const a = await tempLake(), b = await tempLake();
    const plain = await runLocalPipeline({ lake: a, input: input(all), batchSize: 16 });
    const nulls = await runLocalPipeline({ lake: b, input: input(withNulls), batchSize: 16 });
    expect(nulls).toMatchObject({ events: plain.events, valid: plain.valid, duplicates: plain.duplicates, quarantined: plain.quarantined });
    expect(nulls.alerts).toEqual(plain.alerts);
    const curated = async (lake: string) => [...(await snapshot(lake))].filter(([k]) => k.startsWith('curated/'));
    expect(await curated(b)).toEqual(await curated(a));
  });

  it('counts the events that come after later events of an earlier batch (input not in event-time order)', async () => {
    const all = (await readFile(FIXTURE, 'utf8')).trim().split('\n');
    // The first event, moved to the end: two batches later, it is older than everything replayed.
    const moved = [...all.slice(1), all[0]!];
    async function* input() { yield moved; }
    const summary = await runLocalPipeline({ lake: await tempLake(), input: input(), batchSize: 16 });
    expect(summary).toMatchObject({ events: 48, valid: 45, lateEvents: 1 });
  });

  it('takes a line as bytes: not UTF-8, they are archived as they are and the record is quarantined as INVALID_UTF8', async () => {
    const all = (await readFile(FIXTURE, 'utf8')).trim().split('\n');
    const latin1 = Buffer.from(all[0]!.replace('"ev-0001"', '"ev-latin1"').replace('"BO-1"', '"M\u00fcller"'), 'latin1');
    async function* input() { yield [...all.slice(0, 3), latin1, ...all.slice(3)]; yield Buffer.from(`${all.at(-1)!}\r`); }
    const lake = await tempLake();
    const summary = await runLocalPipeline({ lake, input: input(), batchSize: 16 });
    expect(summary).toMatchObject({ events: 50, valid: 45, duplicates: 2, quarantined: 3 });
    expect(summary.alertsByRule).toEqual({ WASH_TRADE: 1, SPOOFING: 1 });
    const files = await snapshot(lake);
    const raw = [...files.keys()].filter((f) => f.startsWith('raw/'));
    const rawBytes = Buffer.concat(await Promise.all(raw.map((f) => readFile(join(lake, f)))));
    expect(rawBytes.includes(Buffer.concat([latin1, Buffer.from('\n')]))).toBe(true);
    const q = (await Promise.all([...files.keys()].filter((f) => f.startsWith('quarantine/')).map((f) => readFile(join(lake, f), 'utf8'))))
      .flatMap((t) => t.trim().split('\n')).map((l) => QuarantineRecordSchema.parse(JSON.parse(l)));
    expect(q.find((r) => r.code === 'INVALID_UTF8')).toMatchObject({ raw: latin1.toString('utf8'), reason: expect.stringMatching(/^record is not UTF-8 text: byte 0xfc at offset \d+/) });
  });

  it('dates the quarantine records of an input that starts with bad records by the wall clock, not the epoch', async () => {
    const all = (await readFile(FIXTURE, 'utf8')).trim().split('\n');
    async function* input() { yield ['not json', '{"event_id": 7}']; yield all.slice(0, 4); }
    const lake = await tempLake();
    const before = Date.now();
    const summary = await runLocalPipeline({ lake, input: input(), batchSize: 2 });
    expect(summary).toMatchObject({ events: 6, quarantined: 2 });
    const files = [...(await snapshot(lake)).keys()];
    expect(files.filter((f) => f.includes('1970'))).toEqual([]);
    const q = (await Promise.all(files.filter((f) => f.startsWith('quarantine/')).map((f) => readFile(join(lake, f), 'utf8'))))
      .flatMap((t) => t.trim().split('\n')).map((l) => QuarantineRecordSchema.parse(JSON.parse(l)));
    expect(q.map((r) => Date.parse(r.quarantined_at) >= before - 1000)).toEqual([true, true]);
    expect(files.filter((f) => f.startsWith('curated/')).every((f) => f.includes('dt=2024-03-04'))).toBe(true);
  });

  it('does not count re-sent duplicates as late events (the same file scanned twice in one run)', async () => {
    const all = (await readFile(FIXTURE, 'utf8')).trim().split('\n');
    async function* input() { yield [...all, ...all]; }
    const summary = await runLocalPipeline({ lake: await tempLake(), input: input(), batchSize: 16 });
    expect(summary).toMatchObject({ events: 96, valid: 45, duplicates: 47, quarantined: 4, lateEvents: 0 });
    expect(summary.alertsByRule).toEqual({ WASH_TRADE: 1, SPOOFING: 1 });
  });

  it('quarantines an event dated far in the future (a mistyped year) in replay, so the events after it are not late', async () => {
    const all = (await readFile(FIXTURE, 'utf8')).trim().split('\n');
    const typo = all[0]!.replace('"ev-0001"', '"ev-typo"').replace('"2024-03-04T', '"2204-03-04T');
    // The same input with a line that is plainly bad in its place: the same batches, so the same late rows.
    async function* input(second: string) { yield [all[0]!, second, ...all.slice(1)]; }
    const lake = await tempLake();
    const baseline = await runLocalPipeline({ lake: await tempLake(), input: input('not json'), batchSize: 16 });
    const summary = await runLocalPipeline({ lake, input: input(typo), batchSize: 16 });
    expect(summary).toMatchObject({ events: 49, valid: 45, duplicates: 1, quarantined: 3, lateEvents: baseline.lateEvents });
    expect(summary.alerts).toEqual(baseline.alerts);
    expect(summary.alertsByRule).toEqual({ WASH_TRADE: 1, SPOOFING: 1 });
    const files = [...(await snapshot(lake)).keys()];
    expect(files.some((f) => f.includes('2204'))).toBe(false);
    const q = (await Promise.all(files.filter((f) => f.startsWith('quarantine/')).map((f) => readFile(join(lake, f), 'utf8'))))
      .flatMap((t) => t.trim().split('\n')).map((l) => QuarantineRecordSchema.parse(JSON.parse(l)));
    expect(q.find((r) => r.raw === typo)).toMatchObject({ code: 'TIMESTAMP_OUT_OF_RANGE', reason: expect.stringMatching(/2204-03-04T14:30:00.000Z.*future/) });
  });

  it('gives identical lake contents for the same input, and a replay overwrites instead of duplicating', async () => {
    const a = await tempLake(), b = await tempLake();
    await runLocalPipeline({ lake: a, input: lines(), batchSize: 20 });
    await runLocalPipeline({ lake: b, input: lines(), batchSize: 20 });
    const first = await snapshot(a);
    expect(await snapshot(b)).toEqual(first);
    const again = await runLocalPipeline({ lake: a, input: lines(), batchSize: 20 });
    expect(again.valid).toBe(45);
    expect(await snapshot(a)).toEqual(first);
  });

  it('takes lines in chunks (arrays of lines, batches cut inside a chunk) exactly as one by one', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    const all = text.split('\n');
    async function* chunks() {
      // Uneven chunks, so batch boundaries (every 20 lines) fall inside them; CRLF and blank lines included.
      for (let i = 0; i < all.length; i += 7) yield all.slice(i, i + 7).map((l, k) => (k % 2 === 0 ? `${l}\r` : l));
    }
    const a = await tempLake(), b = await tempLake();
    const one = await runLocalPipeline({ lake: a, input: lines(), batchSize: 20 });
    const chunked = await runLocalPipeline({ lake: b, input: chunks(), batchSize: 20 });
    expect({ ...chunked, durationMs: 0 }).toEqual({ ...one, durationMs: 0 });
    expect(await snapshot(b)).toEqual(await snapshot(a));
  });

  it('names the file and line of each quarantined record when the input says where its lines come from', async () => {
    const all = (await readFile(FIXTURE, 'utf8')).trim().split('\n');
    // Two files: the fixture's first 25 lines (its bad line 21) and the rest (its bad line 31 is their line 7,
    // after a blank line 1 that is no record), in chunks cut across batches; then a chunk whose lines came
    // from either file (as a sort hands them on) and one line given without an origin.
    const second = ['', ...all.slice(25)];
    async function* input(): AsyncGenerator<SourcedLines | string> {
      for (let i = 0; i < 25; i += 10) {
        const lines = all.slice(i, Math.min(i + 10, 25));
        yield { lines, file: 'day-1.jsonl', lineNumbers: lines.map((_, k) => i + k + 1) };
      }
      yield { lines: second, file: 'more/day-2.jsonl.gz', lineNumbers: second.map((_, k) => k + 1) };
      yield { lines: ['{"from": "a"', 'nope'], file: ['day-1.jsonl', 'more/day-2.jsonl.gz'], lineNumbers: [40, 9] };
      yield '[1]';
    }
    const lake = await tempLake();
    const summary = await runLocalPipeline({ lake, input: input(), batchSize: 16 });
    expect(summary).toMatchObject({ events: 51, valid: 45, quarantined: 5 });
    const files = [...(await snapshot(lake)).keys()];
    const q = (await Promise.all(files.filter((f) => f.startsWith('quarantine/')).map((f) => readFile(join(lake, f), 'utf8'))))
      .flatMap((t) => t.trim().split('\n')).map((l) => QuarantineRecordSchema.parse(JSON.parse(l)));
    const origins = q.map((r) => [r.raw, r.file, r.line]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(origins).toEqual([
      ['[1]', undefined, undefined],
      ['nope', 'more/day-2.jsonl.gz', 9],
      ['{"event_id": "broken", ', 'day-1.jsonl', 21],
      [all[30], 'more/day-2.jsonl.gz', 7],
      ['{"from": "a"', 'day-1.jsonl', 40],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    // The stream position is still there, as before.
    expect(q.every((r) => /^shardId-\d{12}\/\d{20}$/.test(r.source))).toBe(true);
  });

  it('stops cleanly on abort, leaving only whole objects', async () => {
    const lake = await tempLake();
    const controller = new AbortController();
    let n = 0;
    async function* slow() {
      for await (const l of lines()) {
        if (++n === 30) controller.abort();
        yield l;
      }
    }
    const summary = await runLocalPipeline({ lake, input: slow(), batchSize: 10, signal: controller.signal });
    expect(summary.aborted).toBe(true);
    expect(summary.events).toBeLessThan(48);
    const files = [...(await snapshot(lake)).keys()];
    expect(files.some((f) => f.includes('.tmp-'))).toBe(false);
    for (const f of files) expect((await stat(join(lake, f))).size).toBeGreaterThan(0);
  });

  it('runs live with arrival-time ROWTIME', async () => {
    const summary = await runLocalPipeline({ lake: await tempLake(), input: lines(), rowtime: 'arrival', shards: 3 });
    // Every record arrives within the same minute of wall-clock time, so the 14:31 wash trade and the
    // 14:32 spoofing burst share one window and still alert; quarantine and counts are unchanged.
    expect(summary).toMatchObject({ events: 48, valid: 45, duplicates: 1, quarantined: 2 });
    expect(Object.keys(summary.alertsByRule)).toContain('WASH_TRADE');
  });

  it('lets a partial batch through after maxBatchWaitMs when the producer goes quiet', async () => {
    const all: string[] = [];
    for await (const l of lines()) all.push(l);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const progress: number[] = [];
    async function* producer() {
      yield* all.slice(0, 5);
      await gate; // quiet until the first 5 lines went through
      yield* all.slice(5);
    }
    const summary = await runLocalPipeline({
      lake: await tempLake(), input: producer(), batchSize: 1000, maxBatchWaitMs: 5,
      onProgress: (p) => { progress.push(p.events); if (p.events === 5) release(); },
    });
    expect(progress).toEqual([5, 48]);
    expect(summary.valid).toBe(45);
  });

  it('rejects invalid options with a typed error', async () => {
    await expect(runLocalPipeline({ lake: await tempLake(), input: lines(), batchSize: 0 })).rejects.toMatchObject({ code: 'LOCAL_INVALID_OPTIONS' });
    await expect(runLocalPipeline({ lake: await tempLake(), input: lines(), maxBatchWaitMs: 0 })).rejects.toMatchObject({ code: 'LOCAL_INVALID_OPTIONS' });
  });
});
