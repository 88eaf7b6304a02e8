import { describe, expect, it } from 'vitest';
import { marketStreamRecords, periodIdPrefix } from '@surv/pipeline';

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const event = (id: string, symbol: string) => JSON.stringify({ event_id: id, order_id: `O${id}`, symbol, trade_id: `T${id}`, price: 1 });

describe('marketStreamRecords', () => {
  it('keys events by symbol and prefixes their event, order and trade ids', () => {
    const out = [...marketStreamRecords([{ line: event('1', 'AAPL'), bad: false }, { line: event('2', 'MSFT'), bad: false }], { idPrefix: 'P-' })];
    expect(out.map((r) => r.partitionKey)).toEqual(['AAPL', 'MSFT']);
    expect(JSON.parse(text(out[0]!.data))).toEqual({ event_id: 'P-1', order_id: 'P-O1', symbol: 'AAPL', trade_id: 'P-T1', price: 1 });
    expect(out.every((r) => !r.bad)).toBe(true);
  });

  it("sends a bad line unchanged on its good neighbour's key ('unknown' before any)", () => {
    const out = [...marketStreamRecords([
      { line: '{not json', bad: true }, { line: event('1', 'AAPL'), bad: false }, { line: '[1,2]', bad: true },
    ])];
    expect(out.map((r) => [r.partitionKey, r.bad, text(r.data)])).toEqual([
      ['unknown', true, '{not json'], ['AAPL', false, event('1', 'AAPL')], ['AAPL', true, '[1,2]'],
    ]);
  });

  it('names a period by its start in compact UTC', () => {
    expect(periodIdPrefix(Date.parse('2026-11-25T07:00:00Z'))).toBe('20261125T070000-');
  });
});
