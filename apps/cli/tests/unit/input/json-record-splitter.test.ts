import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, parseMarketEvent } from '@surv/domain';
import { JsonRecordSplitter } from '../../../src/input/json-record-splitter';

/** Runs the splitter over `pieces` and returns each record with the line it starts on, as `line: record`. */
const splitWithLines = (pieces: readonly string[], options?: ConstructorParameters<typeof JsonRecordSplitter>[0]) => {
  const s = new JsonRecordSplitter(options);
  const out: string[] = [];
  const collect = (records: string[]) => records.forEach((r, i) => out.push(`${s.startLines[i]}: ${r}`));
  for (const p of pieces) collect(s.push(p));
  collect(s.end());
  return out;
};

/** Runs the splitter over `pieces` (chunk boundaries between them) and returns every record. */
const split = (pieces: readonly string[], options?: ConstructorParameters<typeof JsonRecordSplitter>[0]) => {
  const s = new JsonRecordSplitter(options);
  const out: string[] = [];
  for (const p of pieces) out.push(...s.push(p));
  out.push(...s.end());
  return out;
};

const events = [
  { event_id: 'E1', note: 'braces } { and brackets ] [ in a string', nested: { a: [1, { b: 'x' }], c: {} } },
  { event_id: 'E2', note: 'escaped \\" quote, a backslash \\\\ and a "quoted" word', list: [[], [[]], {}] },
  { event_id: 'E3', note: 'unicode ü € 😀 and \\u007b', tab: 'a\tb', empty: '' },
];
const compact = events.map((e) => JSON.stringify(e));

describe('JsonRecordSplitter', () => {
  it('yields each object of a compact or pretty-printed top-level array as one compact line', () => {
    expect(split([JSON.stringify(events)])).toEqual(compact);
    expect(split([JSON.stringify(events, null, 2)])).toEqual(compact);
    expect(split([`\r\n[\r\n${events.map((e) => JSON.stringify(e, null, '\t').replaceAll('\n', '\r\n')).join(' ,\r\n')}\r\n]\r\n`])).toEqual(compact);
  });

  it('yields objects concatenated with no delimiter, or pretty-printed one after another', () => {
    expect(split([compact.join('')])).toEqual(compact);
    expect(split([events.map((e) => JSON.stringify(e, null, 4)).join('\n')])).toEqual(compact);
    expect(split([events.map((e) => JSON.stringify(e, null, 0)).join('\n\n')])).toEqual(compact);
  });

  it('gives the same records wherever the chunk boundaries fall (every position, and one character at a time)', () => {
    for (const sample of [JSON.stringify(events, null, 2), compact.join(''), `[${compact.join(',')}] junk {"open": "x`]) {
      const whole = split([sample]);
      for (let i = 0; i <= sample.length; i++) {
        expect(split([sample.slice(0, i), sample.slice(i)]), `cut at ${i}`).toEqual(whole);
      }
      expect(split([...sample])).toEqual(whole);
    }
  });

  it('keeps strings exactly, whitespace and braces included, and drops only the whitespace between tokens', () => {
    const records = split(['[ { "a" : "  x  }{ ]" ,\n "b" : [ 1 , 2 ] } ]']);
    expect(records).toEqual(['{"a":"  x  }{ ]","b":[1,2]}']);
    expect(JSON.parse(records[0]!)).toEqual({ a: '  x  }{ ]', b: [1, 2] });
  });

  it('parses back to the same events', () => {
    expect(split([JSON.stringify(events, null, 2)]).map((r) => JSON.parse(r) as unknown)).toEqual(events);
  });

  it('makes every array element that is not an object a record of its own, which the parser then rejects', () => {
    const records = split(['[{"a":1}, 42, "a \\" string", null, [1,{"b":2}], -1.5e3 ,{"c":3}]']);
    expect(records).toEqual(['{"a":1}', '42', '"a \\" string"', 'null', '[1,{"b":2}]', '-1.5e3', '{"c":3}']);
    expect(records.slice(1, 6).map((r) => (parseMarketEvent(r) as { code: string }).code)).toEqual(Array(5).fill('NOT_AN_OBJECT'));
  });

  it('makes garbage between records a record of its own, a line at a time, and keeps the records around it', () => {
    const records = split(['{"a":1}garbage here\nmore junk {"b":2}}\n,{"c":3}']);
    expect(records).toEqual(['{"a":1}', 'garbage here', 'more junk', '{"b":2}', '}', ',', '{"c":3}']);
    for (const bad of ['garbage here', 'more junk', '}', ',']) expect(parseMarketEvent(bad)).toMatchObject({ ok: false, code: 'INVALID_JSON', raw: bad });
  });

  it('returns an object still open at the end of input as it is, to be quarantined as invalid JSON', () => {
    expect(split(['{"a":1}{"b": {"c": 2']).slice(1)).toEqual(['{"b":{"c":2']);
    expect(split(['[{"a":1}, {"b"'])).toEqual(['{"a":1}', '{"b"']);
    expect(parseMarketEvent('{"b":{"c":2')).toMatchObject({ ok: false, code: 'INVALID_JSON' });
  });

  it('ends a record at a line break inside a string, so an unterminated string does not swallow the records after it', () => {
    const records = split(['[\n  {"a": "never closed},\n  {"b": 2},\n  {"c": 3}\n]\n']);
    expect(records).toEqual(['{"a":"never closed},', '{"b":2}', '{"c":3}']);
  });

  it('holds an object above the size cap whole until it closes: one object, one record', () => {
    const big = `{"pad":"${'x'.repeat(250)}","n":{"m":1},"s":"}{ },{"}`;
    expect(split([`[${big},{"after":1}]`], { maxRecordLength: 100 })).toEqual([big, '{"after":1}']);
    expect(split([big.slice(0, 120), big.slice(120), '{"after":1}'], { maxRecordLength: 100 })).toEqual([big, '{"after":1}']);
  });

  it('cuts an object still open at maxObjectLength at the size cap, keeps the rest in pieces, and resynchronises at the next object', () => {
    const big = `{"pad":"${'x'.repeat(250)}","n":{"m":1}}`;
    const records = split([`[${big},{"after":1}]`], { maxRecordLength: 100, maxObjectLength: 200 });
    expect(records.at(-1)).toBe('{"after":1}');
    expect(records[0]).toHaveLength(101);
    expect(records.slice(0, -1).join('')).toBe(big);
    expect(records.slice(0, -1).every((r) => r.length <= 101)).toBe(true);
  });

  it('does not let an unterminated object swallow more than the cap, however long the line', () => {
    const following = Array.from({ length: 50 }, (_, i) => `{"i":${i}}`);
    const records = split([`{"open":[1,2${following.join('')}`], { maxRecordLength: 100 });
    // The cut falls inside {"i":12}; from the next `}{` on, each object is a record of its own again.
    expect(records[0]).toHaveLength(101);
    expect(records[1]).toBe('":12}');
    expect(records.slice(2)).toEqual(following.slice(13));
    expect(records.join('')).toBe(`{"open":[1,2${following.join('')}`);
  });

  it('caps garbage without a line break and a huge array element too', () => {
    expect(split(['x'.repeat(250)], { maxRecordLength: 100 }).map((r) => r.length)).toEqual([101, 101, 48]);
    const element = `"${'y'.repeat(300)}"`;
    const records = split([`[${element},{"z":1}]`], { maxRecordLength: 100 });
    expect(records.map((r) => r.length)).toEqual([101, 101, 100, 7]);
    expect(records.slice(0, 3).join('')).toBe(element);
    expect(records.at(-1)).toBe('{"z":1}');
  });

  it('holds and cuts objects above the cap the same wherever the chunk boundaries fall', () => {
    const big = `{"pad":"${'x'.repeat(120)}","n":{"m":[1,2]}}`;
    const options = { maxRecordLength: 50, maxObjectLength: 100 };
    for (const sample of [`[{"a":1}, ${big.slice(0, 90)} , {"b": 2}]`, `{"a":1}${big.slice(0, 70)}`, `[${big}, {"c": 3}]`, `${big.slice(0, 60)}{"open":"x`]) {
      const whole = split([sample], options);
      for (let i = 0; i <= sample.length; i++) expect(split([sample.slice(0, i), sample.slice(i)], options), `cut at ${i}`).toEqual(whole);
      expect(split([...sample], options)).toEqual(whole);
    }
  });

  it('passes an object above the default cap (MAX_RECORD_BYTES) whole, for the parser to quarantine as too large', () => {
    const exact = `{"p":"${'a'.repeat(MAX_RECORD_BYTES - 8)}"}`;
    expect(exact).toHaveLength(MAX_RECORD_BYTES);
    const over = `{"p":"${'b'.repeat(2 * MAX_RECORD_BYTES)}"}`;
    const records = split([exact, over, '{"next":true}']);
    expect(records).toEqual([exact, over, '{"next":true}']);
    expect(parseMarketEvent(records[1]!)).toMatchObject({ ok: false, code: 'RECORD_TOO_LARGE', raw: over });
  });

  it('never yields a line break inside a record', () => {
    const records = split(['{"a":\r\n1}\r\njunk\r\n[1,\n2, "s\n"]  {"big":"', 'q'.repeat(120), '\n\n}\n}{"ok":1}'], { maxRecordLength: 50 });
    expect(records.some((r) => /[\r\n]/.test(r))).toBe(false);
    expect(records.at(-1)).toBe('{"ok":1}');
  });

  it('skips a byte-order mark between concatenated documents', () => {
    expect(split(['{"a":1}\n\uFEFF{"b":2}'])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('tells the line each record starts on, wherever the chunk boundaries fall', () => {
    const pretty = JSON.stringify(events.slice(0, 2), null, 2);
    const starts = pretty.split('\n').flatMap((l, i) => (l === '  {' ? [i + 1] : []));
    expect(starts[0]).toBe(2);
    const n = pretty.split('\n').length; // the array's last line
    const sample = `${pretty}\r\n\r\ngarbage\n{"a":\n1}{"b":2}\n[\n 42,\n "s\n"]\n{"open": `;
    const expected = [...compact.slice(0, 2).map((r, i) => `${starts[i]}: ${r}`),
      `${n + 2}: garbage`, `${n + 3}: {"a":1}`, `${n + 4}: {"b":2}`, `${n + 6}: 42`, `${n + 7}: "s`, `${n + 8}: "]`, `${n + 9}: {"open":`];
    expect(splitWithLines([sample])).toEqual(expected);
    for (let i = 0; i <= sample.length; i++) expect(splitWithLines([sample.slice(0, i), sample.slice(i)]), `cut at ${i}`).toEqual(expected);
    expect(splitWithLines([...sample])).toEqual(expected);
  });

  it('names the line a cut object started on for the pieces that follow its cut, and the line of each record after that', () => {
    // The object starts on line 3 and is cut (at 100, once open at 200) before its line break on line 4.
    const big = `{"pad":"${'x'.repeat(250)}",\n"n":{"m":1}}`;
    const sample = `{"a":1}\n\n${big}\n{"after":1}\n\n"tail ${'y'.repeat(120)}`;
    const options = { maxRecordLength: 100, maxObjectLength: 200 };
    const lines = splitWithLines([sample], options);
    for (let i = 0; i <= sample.length; i += 7) expect(splitWithLines([sample.slice(0, i), sample.slice(i)], options), `cut at ${i}`).toEqual(lines);
    expect(lines[0]).toBe('1: {"a":1}');
    expect(lines.slice(1, -3).length).toBeGreaterThan(1);
    expect(lines.slice(1, -3).every((l) => l.startsWith('3: '))).toBe(true);
    expect(lines.slice(-3).map((l) => l.slice(0, l.indexOf(':')))).toEqual(['5', '7', '7']);
  });
});
