import { describe, expect, it } from 'vitest';
import { LineBatch } from '../src/line-batch';

const event = (over: Record<string, unknown> = {}) => JSON.stringify({
  event_id: 'e1', event_type: 'ORDER_NEW', event_time: '2024-03-04T14:30:00.000Z', symbol: 'ACME', venue: 'XNYS', account_id: 'A',
  trader_id: 'T', beneficial_owner: 'B', order_id: 'o1', side: 'BUY', price: 10, quantity: 1, ...over,
});
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('LineBatch', () => {
  it('in replay, parses each line as it arrives and keys it by symbol, keeping only its bytes', () => {
    const batch = new LineBatch(true);
    const lines = [event(), '{"symbol":"XYZ","broken"', event({ event_id: 'e2', symbol: 'Ünï' })];
    for (const l of lines) batch.push(l);
    expect(batch.length).toBe(3);
    const taken = batch.take();
    expect(taken.bytes.map(text)).toEqual(lines);
    expect(taken.partitionKeys).toEqual(['ACME', 'XYZ', 'Ünï']);
    expect(taken.parsed!.map((p) => p.ok)).toEqual([true, false, true]);
    expect(taken.lines).toEqual([undefined, undefined, undefined]);
    expect(batch.length).toBe(0);
  });

  it('keeps the text of a line whose bytes are not its text (a lone surrogate)', () => {
    const batch = new LineBatch(true);
    const lone = event({ trader_id: 'T?' }).replace('T?', 'T\ud800'); // raw, as JSON.stringify would escape it
    batch.push(event());
    batch.push(lone);
    const taken = batch.take();
    expect(taken.lines).toEqual([undefined, lone]);
    expect(text(taken.bytes[1]!)).toBe(lone.replace('\ud800', '\ufffd'));
    batch.push(event());
    expect(batch.take().lines).toEqual([undefined]);
  });

  it('live, keeps every line for parsing on first use and keys by the symbol field', () => {
    const batch = new LineBatch(false);
    batch.push(event());
    batch.push('not json');
    const taken = batch.take();
    expect(taken.parsed).toBeUndefined();
    expect(taken.lines).toEqual([event(), 'not json']);
    expect(taken.partitionKeys).toEqual(['ACME', '~nosymbol']);
  });

  it('spreads long input over several buffers without corrupting earlier lines', () => {
    const batch = new LineBatch(true);
    const big = event({ order_id: 'x'.repeat(200) });
    const lines = Array.from({ length: 20_000 }, (_, i) => (i % 1000 === 0 ? `${'y'.repeat(2_000_000)}` : big));
    for (const l of lines) batch.push(l);
    const taken = batch.take();
    expect(taken.bytes.every((b, i) => text(b) === lines[i])).toBe(true);
  });
});
