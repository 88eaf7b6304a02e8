import { describe, expect, it } from 'vitest';
import { runBatchDetection } from '../helpers/batch-detection';
import { EventBuilder } from '../helpers/event-builder';

const O1: [string, string] = ['A1', 'O1'];
const O1b: [string, string] = ['A1b', 'O1'];
const X: [string, string] = ['X1', 'OX'];
const Y: [string, string] = ['Y1', 'OY'];

describe('wash-trade rule (batch SQL)', () => {
  it('counts a self-match drop-copy pair once per execution', async () => {
    const b = new EventBuilder().trade(1_000, O1, O1, 10, 500).trade(2_000, O1, O1, 10, 300).trade(3_000, X, Y, 10, 100);
    const rows = await runBatchDetection(b.sorted());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      RULE: 'WASH_TRADE', PATTERN: 'SELF_MATCH', SEVERITY: 'HIGH', SYMBOL: 'ABC', ACCOUNT_ID: null, BENEFICIAL_OWNER: 'O1',
      WINDOW_START: Date.parse('2024-03-04T15:00:00Z'), WINDOW_END: Date.parse('2024-03-04T15:01:00Z'),
      TRADE_COUNT: 2, SHARED_OWNER_TRADES: 2, SELF_MATCH_TRADES: 2,
    });
  });

  it('flags a cross-account wash reported by one side only', async () => {
    const rows = await runBatchDetection(new EventBuilder().trade(5_000, O1, O1b, 10, 500, { report: 'seller' }).sorted());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ RULE: 'WASH_TRADE', PATTERN: 'CROSS_ACCOUNT', SEVERITY: 'MEDIUM', BENEFICIAL_OWNER: 'O1', SHARED_OWNER_TRADES: 1, SELF_MATCH_TRADES: 0 });
  });

  it('flags anonymous buys and sells of one owner across two accounts matching in size and price on one venue', async () => {
    const b = new EventBuilder()
      .trade(1_000, O1, X, 10.0, 1_000, { anonymous: true, report: 'buyer' })
      .trade(1_004, Y, O1b, 10.01, 980, { anonymous: true, report: 'seller' });
    const rows = await runBatchDetection(b.sorted());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ RULE: 'WASH_TRADE', PATTERN: 'MATCHED_QUANTITY', MATCHED_ACCOUNTS: 2, MATCHED_BUY_QTY: 1000, MATCHED_SELL_QTY: 980 });
    expect(rows[0]!['MATCHED_PRICE_GAP']).toBeCloseTo(0.01 / 10.01, 9);
  });

  it.each([
    ['on two venues (cross-venue arbitrage)', { sellVenue: 'BATS', sellQty: 1_000, sellPrice: 10.01 }],
    ['with sizes far apart', { sellVenue: 'XNAS', sellQty: 500, sellPrice: 10.01 }],
    ['at prices far apart', { sellVenue: 'XNAS', sellQty: 1_000, sellPrice: 10.5 }],
  ])('does not flag anonymous trades of one owner %s', async (_, { sellVenue, sellQty, sellPrice }) => {
    const b = new EventBuilder()
      .trade(1_000, O1, X, 10.0, 1_000, { anonymous: true, report: 'buyer' })
      .trade(1_004, Y, O1b, sellPrice, sellQty, { anonymous: true, report: 'seller', venue: sellVenue });
    expect(await runBatchDetection(b.sorted())).toEqual([]);
  });

  it('does not flag arbitrage of one owner against different named counterparties', async () => {
    const b = new EventBuilder().trade(1_000, O1, X, 10.0, 1_000, { venue: 'XNAS' }).trade(1_004, Y, O1b, 10.02, 1_000, { venue: 'BATS' });
    expect(await runBatchDetection(b.sorted())).toEqual([]);
  });
});

const SP: [string, string] = ['SP', 'OSP'];

const spoof = (report: 'both' | 'buyer' | 'seller') => {
  const b = new EventBuilder().order(0, 'ORDER_NEW', 'SP', 'OSP', 'SELL', 10.01, 100);
  for (let i = 0; i < 4; i++) b.order(10 + i, 'ORDER_NEW', 'SP', 'OSP', 'BUY', 9.99 - (i % 2) * 0.01, 3_000, { order_id: `S${i}` });
  b.trade(400, X, SP, 10.01, 100, { report });
  for (let i = 0; i < 4; i++) b.order(420 + i, 'ORDER_CANCEL', 'SP', 'OSP', 'BUY', 9.99 - (i % 2) * 0.01, 3_000, { order_id: `S${i}` });
  return b.sorted();
};

/** Four 3 000-lot bids placed at `placedAt`, pulled at `cancelAt` (+0..3 ms), and a 100-lot sale at `fillAt`. */
const timedSpoof = (placedAt: number, cancelAt: number, fillAt: number, opts: { replaceAt?: number; ids?: 'placed' | 'unknown' } = {}) => {
  const b = new EventBuilder();
  for (let i = 0; i < 4; i++) b.order(placedAt + i, 'ORDER_NEW', 'SP', 'OSP', 'BUY', 9.99, 3_000, { order_id: `S${i}` });
  if (opts.replaceAt !== undefined) for (let i = 0; i < 4; i++) b.order(opts.replaceAt + i, 'ORDER_REPLACE', 'SP', 'OSP', 'BUY', 9.98, 3_000, { order_id: `S${i}` });
  b.trade(fillAt, X, SP, 10.01, 100);
  for (let i = 0; i < 4; i++) {
    b.order(cancelAt + i, 'ORDER_CANCEL', 'SP', 'OSP', 'BUY', 9.99, 3_000, { order_id: opts.ids === 'unknown' ? `U${i}` : `S${i}` });
  }
  return b.sorted();
};

describe('spoofing rule (batch SQL)', () => {
  it.each(['both', 'buyer', 'seller'] as const)('flags a spoofing burst when the fill is reported by %s side(s)', async (report) => {
    const rows = await runBatchDetection(spoof(report));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      RULE: 'SPOOFING', PATTERN: 'SPOOFING_BURST', SEVERITY: 'CRITICAL', ACCOUNT_ID: 'SP', BENEFICIAL_OWNER: 'OSP',
      SPOOF_SIDE: 'BUY', ORDERS_PLACED: 4, ORDERS_CANCELLED: 4, CANCELLED_QTY: 12_000, SIDE_FILLED_QTY: 0,
      OTHER_SIDE_FILLS: 1, OTHER_SIDE_FILLED_QTY: 100, PRICE_LEVELS: 2, TRADE_COUNT: null,
    });
    expect(rows[0]!['SIDE_ORDER_SHARE']).toBeCloseTo(24_000 / 24_100, 12);
  });

  it('flags a burst whose genuine fill is reported only by a counterparty that names no owner', async () => {
    const events = spoof('buyer').map((e) => (e.event_type === 'TRADE' ? { ...e, counterparty_beneficial_owner: undefined } : e));
    const rows = await runBatchDetection(events.map((e) => JSON.parse(JSON.stringify(e))));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ RULE: 'SPOOFING', ACCOUNT_ID: 'SP', BENEFICIAL_OWNER: 'OSP', OTHER_SIDE_FILLS: 1 });
  });

  it('still flags a burst whose orders were placed just before the window boundary and cancelled after it', async () => {
    const b = new EventBuilder().order(59_700, 'ORDER_NEW', 'SP', 'OSP', 'SELL', 10.01, 100);
    for (let i = 0; i < 4; i++) b.order(59_800 + i, 'ORDER_NEW', 'SP', 'OSP', 'BUY', 9.99, 3_000, { order_id: `S${i}` });
    b.trade(60_200, X, SP, 10.01, 100);
    for (let i = 0; i < 4; i++) b.order(60_210 + i, 'ORDER_CANCEL', 'SP', 'OSP', 'BUY', 9.99, 3_000, { order_id: `S${i}` });
    const rows = await runBatchDetection(b.sorted());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ RULE: 'SPOOFING', ACCOUNT_ID: 'SP', WINDOW_START: Date.parse('2024-03-04T15:01:00Z'), ORDERS_PLACED: 0, ORDERS_CANCELLED: 4, SIDE_ORDER_SHARE: 1 });
  });

  it('names the pattern LAYERING for orders over several levels replaced many times', async () => {
    const b = new EventBuilder().order(0, 'ORDER_NEW', 'SP', 'OSP', 'BUY', 9.99, 100);
    for (let i = 0; i < 5; i++) b.order(5 + i, 'ORDER_NEW', 'SP', 'OSP', 'SELL', 10.01 + i * 0.01, 2_000, { order_id: `L${i}` });
    for (let r = 0; r < 30; r++) b.order(100 + r * 100, 'ORDER_REPLACE', 'SP', 'OSP', 'SELL', 10.02 + (r % 5) * 0.01, 2_000, { order_id: `L${r % 5}` });
    b.trade(3_500, SP, X, 9.99, 100);
    for (let i = 0; i < 5; i++) b.order(3_520 + i, 'ORDER_CANCEL', 'SP', 'OSP', 'SELL', 10.02, 2_000, { order_id: `L${i}` });
    const rows = await runBatchDetection(b.sorted());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ RULE: 'SPOOFING', PATTERN: 'LAYERING', SPOOF_SIDE: 'SELL', ORDERS_REPLACED: 30, ORDERS_CANCELLED: 5 });
  });

  it('does not flag a two-sided market maker that cancels most quotes and fills on both sides', async () => {
    const MM: [string, string] = ['MM', 'OMM'];
    const b = new EventBuilder();
    for (let i = 0; i < 40; i++) {
      b.order(i * 500, 'ORDER_NEW', 'MM', 'OMM', 'BUY', 9.99, 500).order(i * 500 + 1, 'ORDER_NEW', 'MM', 'OMM', 'SELL', 10.01, 500);
      if (i % 10 === 3) b.trade(i * 500 + 200, MM, X, 9.99, 500);
      else b.order(i * 500 + 300, 'ORDER_CANCEL', 'MM', 'OMM', 'BUY', 9.99, 500);
      if (i % 10 === 7) b.trade(i * 500 + 200, Y, MM, 10.01, 500);
      else b.order(i * 500 + 300, 'ORDER_CANCEL', 'MM', 'OMM', 'SELL', 10.01, 500);
    }
    expect(await runBatchDetection(b.sorted())).toEqual([]);
  });

  it('counts only pulled orders: cancels less than SPOOF_MAX_ORDER_AGE (30 s) after the order was placed or modified', async () => {
    // Placed at 0, cancelled 29.996-29.999 s later: pulled. Exactly 30 s or more: resting orders, not counted.
    expect(await runBatchDetection(timedSpoof(0, 29_996, 25_000))).toMatchObject([{ RULE: 'SPOOFING', ORDERS_CANCELLED: 4, CANCELS_NEAR_FILL: 4 }]);
    expect(await runBatchDetection(timedSpoof(0, 30_000, 25_000))).toEqual([]);
    expect(await runBatchDetection(timedSpoof(0, 50_000, 45_000))).toEqual([]);
    // A replace (cancel/replace, FIX 35=G) renews the order: modified at 25 s, pulled at 50 s.
    expect(await runBatchDetection(timedSpoof(0, 50_000, 45_000, { replaceAt: 25_000 }))).toMatchObject([{ RULE: 'SPOOFING', ORDERS_REPLACED: 4, ORDERS_CANCELLED: 4 }]);
    // Cancels of orders this feed never saw placed (placed before it began) are not pulls either.
    expect(await runBatchDetection(timedSpoof(0, 400, 300, { ids: 'unknown' }))).toEqual([]);
  });

  it('needs the pulls and the opposite execution within SPOOF_MAX_FILL_GAP (15 s) of one another, in either order', async () => {
    // Pulled right after the genuine fill, or just before the account sells (the order does not matter).
    expect(await runBatchDetection(timedSpoof(0, 14_000, 1_000))).toMatchObject([{ RULE: 'SPOOFING', CANCELS_NEAR_FILL: 4 }]);
    expect(await runBatchDetection(timedSpoof(0, 1_000, 15_002))).toMatchObject([{ RULE: 'SPOOFING', CANCELS_NEAR_FILL: 4 }]);
    // The span is (t - 15 s, t]: a pull exactly 15 s after the fill no longer sees it.
    expect(await runBatchDetection(timedSpoof(0, 15_997, 1_000))).toMatchObject([{ RULE: 'SPOOFING', ORDERS_CANCELLED: 4, CANCELS_NEAR_FILL: 3 }]);
    expect(await runBatchDetection(timedSpoof(0, 15_998, 1_000))).toEqual([]);
    // Pulls 20 s away from the only execution are not a burst around a genuine order.
    expect(await runBatchDetection(timedSpoof(0, 1_000, 21_004))).toEqual([]);
    expect(await runBatchDetection(timedSpoof(10_000, 31_000, 11_000))).toEqual([]);
  });

  it('does not flag pulls scattered over the minute around a small fill (a busy ordinary account)', async () => {
    const b = new EventBuilder();
    for (const [i, at] of [2_000, 20_000, 40_000].entries()) {
      b.order(at, 'ORDER_NEW', 'SP', 'OSP', 'BUY', 9.99, 2_000, { order_id: `S${i}` }).order(at + 5_000, 'ORDER_CANCEL', 'SP', 'OSP', 'BUY', 9.99, 2_000, { order_id: `S${i}` });
    }
    b.trade(30_000, X, SP, 10.01, 100);
    expect(await runBatchDetection(b.sorted())).toEqual([]);
  });

  it('does not flag one large cancelled order, nor cancels without an opposite fill', async () => {
    const b = new EventBuilder().order(0, 'ORDER_NEW', 'I', 'OI', 'BUY', 9.9, 50_000).trade(100, X, ['I', 'OI'], 10, 100).order(5_000, 'ORDER_CANCEL', 'I', 'OI', 'BUY', 9.9, 50_000);
    for (let i = 0; i < 5; i++) b.order(10 + i, 'ORDER_NEW', 'Z', 'OZ', 'BUY', 9.99, 3_000).order(500 + i, 'ORDER_CANCEL', 'Z', 'OZ', 'BUY', 9.99, 3_000);
    expect(await runBatchDetection(b.sorted())).toEqual([]);
  });
});
