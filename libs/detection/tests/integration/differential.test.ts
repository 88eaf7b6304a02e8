import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '@surv/domain';
import { simulateMarket } from '@surv/simulator';
import { runBatchDetection, type Row } from '../helpers/batch-detection';
import { runStreamingDetection } from '../helpers/stream-detection';
import { EventBuilder } from '../helpers/event-builder';

/** Equal rows; doubles may differ in the last bits because the engines sum in different orders. */
const expectSameRows = (stream: Row[], batch: Row[]) => {
  expect(stream.map((r) => Object.keys(r).sort())).toEqual(batch.map((r) => Object.keys(r).sort()));
  stream.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      const w = batch[i]![k];
      if (typeof v === 'number' && typeof w === 'number' && !Number.isInteger(v)) expect(v, `${i}.${k}`).toBeCloseTo(w, 9);
      else expect(v, `${i}.${k}`).toEqual(w);
    }
  });
};

const differential = async (events: readonly MarketEvent[]) => {
  const batch = await runBatchDetection(events);
  const { rows, errors } = runStreamingDetection(events);
  expect(errors).toEqual([]);
  expectSameRows(rows, batch);
  return batch;
};

describe('streaming engine vs DuckDB batch: same alert rows', () => {
  it.each([[1, 'both-sides'], [3, 'one-side']] as const)('over a simulated market with manipulations (seed %i, %s)', async (seed, tradeReporting) => {
    const rows = await differential(simulateMarket({ seed, tradeReporting }).events);
    expect(rows.filter((r) => r['RULE'] === 'SPOOFING').length).toBeGreaterThanOrEqual(5);
    expect(rows.filter((r) => r['RULE'] === 'WASH_TRADE').length).toBeGreaterThanOrEqual(6);
  });

  it('over a simulated market without manipulations', async () => {
    await differential(simulateMarket({ seed: 9, manipulations: false, durationMs: 240_000 }).events);
  });

  it('over hand-made edge cases: one-sided reports, anonymous matches, layering, a market maker', async () => {
    const X: [string, string] = ['X1', 'OX'];
    const Y: [string, string] = ['Y1', 'OY'];
    const SP: [string, string] = ['SP', 'OSP'];
    const b = new EventBuilder()
      .trade(1_000, ['A1', 'O1'], ['A1', 'O1'], 10, 500)
      .trade(2_000, ['B1', 'O2'], ['B2', 'O2'], 10, 500, { report: 'seller' })
      .trade(3_000, ['A3', 'O3'], X, 10, 1_000, { anonymous: true, report: 'buyer' })
      .trade(3_004, Y, ['A4', 'O3'], 10.01, 990, { anonymous: true, report: 'seller' })
      .order(61_000, 'ORDER_NEW', 'SP', 'OSP', 'SELL', 10.01, 100);
    for (let i = 0; i < 4; i++) b.order(61_010 + i, 'ORDER_NEW', 'SP', 'OSP', 'BUY', 9.99 - i * 0.01, 3_000, { order_id: `S${i}` });
    for (let r = 0; r < 12; r++) b.order(61_100 + r, 'ORDER_REPLACE', 'SP', 'OSP', 'BUY', 9.98 - (r % 3) * 0.01, 3_000, { order_id: `S${r % 4}` });
    b.trade(61_400, X, SP, 10.01, 100, { report: 'buyer' });
    for (let i = 0; i < 4; i++) b.order(61_420 + i, 'ORDER_CANCEL', 'SP', 'OSP', 'BUY', 9.99, 3_000, { order_id: `S${i}` });
    for (let i = 0; i < 20; i++) {
      b.order(120_000 + i * 500, 'ORDER_NEW', 'MM', 'OMM', 'BUY', 9.99, 500).order(120_001 + i * 500, 'ORDER_NEW', 'MM', 'OMM', 'SELL', 10.01, 500);
      b.order(120_300 + i * 500, 'ORDER_CANCEL', 'MM', 'OMM', 'BUY', 9.99, 500).order(120_300 + i * 500, 'ORDER_CANCEL', 'MM', 'OMM', 'SELL', 10.01, 500);
    }
    b.trade(125_000, ['MM', 'OMM'], X, 9.99, 500).trade(126_000, Y, ['MM', 'OMM'], 10.01, 500);
    // A burst straddling the 15:03 boundary: orders before it, fill and cancels after it.
    b.order(179_700, 'ORDER_NEW', 'SQ', 'OSQ', 'BUY', 9.99, 100);
    for (let i = 0; i < 3; i++) b.order(179_900 + i, 'ORDER_NEW', 'SQ', 'OSQ', 'SELL', 10.02, 4_000, { order_id: `Q${i}` });
    b.trade(180_150, ['SQ', 'OSQ'], Y, 9.99, 100, { report: 'seller' });
    const anonymousOwner = b.events[b.events.length - 1]!;
    delete anonymousOwner.counterparty_beneficial_owner;
    for (let i = 0; i < 3; i++) b.order(180_160 + i, 'ORDER_CANCEL', 'SQ', 'OSQ', 'SELL', 10.02, 4_000, { order_id: `Q${i}` });
    const rows = await differential(b.sorted());
    expect(rows.map((r) => [r['RULE'], r['PATTERN'], r['WINDOW_START']])).toEqual([
      ['SPOOFING', 'LAYERING', Date.parse('2024-03-04T15:01:00Z')],
      ['SPOOFING', 'SPOOFING_BURST', Date.parse('2024-03-04T15:03:00Z')],
      ['WASH_TRADE', 'SELF_MATCH', Date.parse('2024-03-04T15:00:00Z')],
      ['WASH_TRADE', 'CROSS_ACCOUNT', Date.parse('2024-03-04T15:00:00Z')],
      ['WASH_TRADE', 'MATCHED_QUANTITY', Date.parse('2024-03-04T15:00:00Z')],
    ]);
  });

  it('over the cancel-latency and fill-gap boundaries (30 s age, 15 s gap, replaces, unknown orders, either order)', async () => {
    const X: [string, string] = ['X1', 'OX'];
    const b = new EventBuilder();
    // [placed, replaced, cancelled, filled] in ms within the case's own minute; one account per case.
    const cases: [number, number | null, number, number][] = [
      [0, null, 29_996, 25_000], [0, null, 30_000, 25_000], [0, 25_000, 50_000, 45_000], [0, null, 14_000, 1_000],
      [0, null, 1_000, 15_002], [0, null, 15_997, 1_000], [0, null, 15_998, 1_000], [0, null, 1_000, 21_004], [10_000, null, 31_000, 11_000],
    ];
    cases.forEach(([placed, replaced, cancelled, filled], k) => {
      const at = (ms: number) => k * 60_000 + ms;
      const acc = `P${k}`;
      for (let i = 0; i < 4; i++) b.order(at(placed + i), 'ORDER_NEW', acc, `O${acc}`, 'BUY', 9.99, 3_000, { order_id: `${acc}-S${i}` });
      if (replaced !== null) for (let i = 0; i < 4; i++) b.order(at(replaced + i), 'ORDER_REPLACE', acc, `O${acc}`, 'BUY', 9.98, 3_000, { order_id: `${acc}-S${i}` });
      b.trade(at(filled), X, [acc, `O${acc}`], 10.01, 100);
      for (let i = 0; i < 4; i++) b.order(at(cancelled + i), 'ORDER_CANCEL', acc, `O${acc}`, 'BUY', 9.99, 3_000, { order_id: `${acc}-S${i}` });
    });
    const rows = await differential(b.sorted());
    expect(rows.map((r) => [r['ACCOUNT_ID'], r['CANCELS_NEAR_FILL']])).toEqual([['P0', 4], ['P2', 4], ['P3', 4], ['P4', 4], ['P5', 3]]);
  });

  it('over microsecond timestamps, including events in the last microseconds of a window', async () => {
    const sim = simulateMarket({ seed: 6, durationMs: 180_000, tradeReporting: 'one-side' });
    const micro = sim.events.map((e, i) => {
      const t = Date.parse(e.event_time);
      const edge = t % 60_000 === 59_999;
      const us = edge ? '999' : String(i % 1000).padStart(3, '0');
      return { ...e, event_time: `${e.event_time.slice(0, 23)}${us}Z` };
    });
    const rows = await differential(micro);
    expect(rows.length).toBeGreaterThan(0);
  });
});
