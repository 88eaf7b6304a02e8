import { describe, expect, it } from 'vitest';
import { recordLine, Utf8TextDecoder } from '../../../src/input/utf8-text';

/** Decodes `bytes` cut into reads at `cuts`. */
const decode = (bytes: Buffer, cuts: readonly number[] = []) => {
  const d = new Utf8TextDecoder();
  let text = '';
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    text += d.write(bytes.subarray(at, cut));
    at = cut;
  }
  return { text: text + d.end(), illFormed: d.illFormed };
};

describe('Utf8TextDecoder', () => {
  const valid = Buffer.from('{"owner":"Müller € 😀 \ufffd"}\n', 'utf8');

  it('decodes UTF-8 exactly, a character split between reads at any point included', () => {
    for (let i = 0; i <= valid.length; i++) expect(decode(valid, [i])).toEqual({ text: valid.toString('utf8'), illFormed: false });
  });

  it('keeps each byte that is not UTF-8 as an escape, wherever the reads are cut, and says so', () => {
    const bad = Buffer.concat([Buffer.from('{"a":"M'), Buffer.of(0xfc), Buffer.from('ller","b":"'), Buffer.of(0xe2, 0x82), Buffer.from('","c":"'), Buffer.of(0xed, 0xa0, 0x80), Buffer.from('"}'), Buffer.of(0xf0, 0x9f)]);
    const whole = decode(bad);
    expect(whole.illFormed).toBe(true);
    expect(whole.text).toBe('{"a":"M\udcfcller","b":"\udce2\udc82","c":"\udced\udca0\udc80"}\udcf0\udc9f');
    for (let i = 0; i <= bad.length; i++) expect(decode(bad, [i]).text, `cut at ${i}`).toBe(whole.text);
  });
});

describe('recordLine', () => {
  it('passes well-formed text, and gives back the exact bytes of a line holding escapes', () => {
    expect(recordLine('{"a":"Müller 😀"}')).toBe('{"a":"Müller 😀"}');
    const bytes = Buffer.concat([Buffer.from('{"a":"Mü'), Buffer.of(0xfc, 0xe2, 0x82), Buffer.from('😀"}')]);
    expect(Buffer.from(recordLine(decode(bytes).text) as Uint8Array)).toEqual(bytes);
  });

  it('gives an unpaired UTF-16 surrogate its 3-byte form, which no UTF-8 decoder accepts', () => {
    expect(Buffer.from(recordLine('a\ud800b') as Uint8Array)).toEqual(Buffer.of(0x61, 0xed, 0xa0, 0x80, 0x62));
  });
});
