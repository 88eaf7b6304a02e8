import { describe, expect, it } from 'vitest';
import { findVenue, parseMarketEvent, type MarketEvent } from '@surv/domain';
import { createMarketSimulation, SCENARIO_KINDS, simulateMarket, streamMarket, type GroundTruthScenario } from '@surv/simulator';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const base = simulateMarket({ seed: 11 });
const oneSide = simulateMarket({ seed: 11, tradeReporting: 'one-side' });
const byId = (events: MarketEvent[]) => new Map(events.map((e) => [e.event_id, e]));
const scenarioEvents = (events: MarketEvent[], s: GroundTruthScenario) => {
  const index = byId(events);
  return s.eventIds.map((id) => index.get(id)!);
};

describe('simulateMarket', () => {
  it('gives byte-identical output for the same seed and different output for another', () => {
    const again = simulateMarket({ seed: 11 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(base));
    expect(JSON.stringify(simulateMarket({ seed: 12 }).events.slice(0, 50))).not.toBe(JSON.stringify(base.events.slice(0, 50)));
  });

  it('produces about eventsPerSecond x duration valid events, sorted by event_time, with unique ids', () => {
    expect(base.events.length).toBeGreaterThan(50 * 600 * 0.9);
    expect(base.events.length).toBeLessThan(50 * 600 * 1.3);
    const ids = new Set<string>();
    let last = 0;
    for (const e of base.events) {
      const r = parseMarketEvent(JSON.stringify(e), { nowMs: NOW });
      expect(r.ok, JSON.stringify(e)).toBe(true);
      const t = Date.parse(e.event_time);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      ids.add(e.event_id);
    }
    expect(ids.size).toBe(base.events.length);
  });

  it('trades on known MICs: mostly lit exchanges, some dark pools, a little OTC and crypto', () => {
    const counts: Record<string, number> = {};
    for (const e of base.events) {
      const v = findVenue(e.venue);
      expect(v, e.venue).toBeDefined();
      counts[v!.category] = (counts[v!.category] ?? 0) + 1;
    }
    const total = base.events.length;
    expect(counts['LIT_EXCHANGE']! / total).toBeGreaterThan(0.6);
    expect(counts['DARK_POOL']).toBeGreaterThan(0);
    expect(counts['OTC']).toBeGreaterThan(0);
    expect(counts['CRYPTO']).toBeGreaterThan(0);
    expect(new Set(base.events.map((e) => e.symbol)).size).toBe(20);
    expect(new Set(base.events.map((e) => e.account_id)).size).toBeGreaterThan(150);
    expect(new Set(base.events.map((e) => e.event_type))).toEqual(new Set(['ORDER_NEW', 'ORDER_CANCEL', 'ORDER_REPLACE', 'TRADE']));
  });

  it('reports each execution once per side (drop copies naming each other) in both-sides mode', () => {
    const byTrade = new Map<string, MarketEvent[]>();
    for (const e of base.events.filter((x) => x.event_type === 'TRADE')) byTrade.set(e.trade_id!, [...(byTrade.get(e.trade_id!) ?? []), e]);
    expect(byTrade.size).toBeGreaterThan(1000);
    for (const [, [a, b, ...rest]] of byTrade) {
      expect(rest).toHaveLength(0);
      expect(new Set([a!.side, b!.side])).toEqual(new Set(['BUY', 'SELL']));
      expect(a!.counterparty_account_id).toBe(b!.account_id);
      expect(b!.counterparty_account_id).toBe(a!.account_id);
      expect(a!.counterparty_beneficial_owner).toBe(b!.beneficial_owner);
      expect([a!.price, a!.quantity, a!.event_time]).toEqual([b!.price, b!.quantity, b!.event_time]);
    }
  });

  it('reports each execution once in one-side mode', () => {
    const trades = oneSide.events.filter((x) => x.event_type === 'TRADE');
    expect(new Set(trades.map((t) => t.trade_id)).size).toBe(trades.length);
    expect(trades.every((t) => t.counterparty_account_id && t.counterparty_beneficial_owner)).toBe(true);
  });

  it('never lets background accounts of one owner trade with each other: only wash scenarios do', () => {
    const washIds = new Set(base.groundTruth.filter((s) => s.kind.startsWith('WASH')).flatMap((s) => s.eventIds));
    const shared = base.events.filter((e) => e.event_type === 'TRADE' && e.counterparty_beneficial_owner === e.beneficial_owner);
    expect(shared.length).toBeGreaterThan(0);
    for (const e of shared) expect(washIds.has(e.event_id)).toBe(true);
  });

  it('labels every scenario with its rule, symbol, key, time span and events inside one minute', () => {
    expect(base.groundTruth.map((s) => s.kind).sort()).toEqual(
      SCENARIO_KINDS.flatMap((k) => Array(k === 'LAYERING' ? 2 : 3).fill(k)).sort(),
    );
    const index = byId(base.events);
    for (const s of base.groundTruth) {
      expect(s.eventIds.length).toBeGreaterThan(0);
      for (const id of s.eventIds) {
        const e = index.get(id);
        expect(e, id).toBeDefined();
        expect(e!.symbol).toBe(s.symbol);
        const t = Date.parse(e!.event_time);
        expect(t >= s.startMs && t <= s.endMs).toBe(true);
      }
      expect(Math.floor(s.startMs / 60_000)).toBe(Math.floor(s.endMs / 60_000));
      expect(s.account_id ?? s.beneficial_owner).toBeDefined();
      expect(s.expectedRule).toBe(s.kind.startsWith('BENIGN') ? null : s.kind.startsWith('WASH') ? 'WASH_TRADE' : 'SPOOFING');
    }
  });

  it('places scenarios at the prices the background market trades at that moment', () => {
    for (const s of base.groundTruth) {
      const mine = scenarioEvents(base.events, s);
      const near = base.events.filter((e) => e.symbol === s.symbol && e.event_id.startsWith('E') && Math.abs(Date.parse(e.event_time) - s.startMs) < 30_000);
      expect(near.length, s.id).toBeGreaterThan(0);
      const avg = (xs: MarketEvent[]) => xs.reduce((a, e) => a + e.price, 0) / xs.length;
      expect(Math.abs(avg(mine) / avg(near) - 1), s.id).toBeLessThan(0.01);
    }
  });

  it('injects spoofing: large one-sided orders cancelled within milliseconds after the genuine order fills', () => {
    for (const s of base.groundTruth.filter((x) => x.kind === 'SPOOFING')) {
      const events = scenarioEvents(base.events, s).filter((e) => e.account_id === s.account_id);
      const cancels = events.filter((e) => e.event_type === 'ORDER_CANCEL');
      const fills = events.filter((e) => e.event_type === 'TRADE');
      expect(cancels.length).toBeGreaterThanOrEqual(3);
      expect(new Set(cancels.map((c) => c.side)).size).toBe(1);
      expect(fills.every((f) => f.side !== cancels[0]!.side)).toBe(true);
      const spoofQty = cancels.reduce((a, c) => a + c.quantity, 0);
      const genuineQty = fills.reduce((a, c) => a + c.quantity, 0);
      expect(spoofQty).toBeGreaterThan(10 * genuineQty);
      const lastFill = Math.max(...fills.map((f) => Date.parse(f.event_time)));
      const firstCancelAfter = Math.min(...cancels.map((c) => Date.parse(c.event_time)).filter((t) => t >= lastFill - 5_000));
      expect(firstCancelAfter - lastFill).toBeLessThan(100);
    }
  });

  it('injects layering: several price levels replaced a hundred times or more', () => {
    for (const s of base.groundTruth.filter((x) => x.kind === 'LAYERING')) {
      const events = scenarioEvents(base.events, s);
      const replaces = events.filter((e) => e.event_type === 'ORDER_REPLACE');
      expect(replaces.length).toBeGreaterThanOrEqual(100);
      expect(new Set(replaces.map((e) => e.price)).size).toBeGreaterThanOrEqual(3);
      expect(events.filter((e) => e.event_type === 'ORDER_CANCEL').length).toBeGreaterThanOrEqual(4);
    }
  });

  it('injects wash trades: same account, or two accounts of one owner, legs milliseconds apart', () => {
    for (const s of base.groundTruth.filter((x) => x.kind.startsWith('WASH'))) {
      const trades = scenarioEvents(base.events, s).filter((e) => e.event_type === 'TRADE');
      expect(trades.length).toBeGreaterThanOrEqual(4);
      for (const t of trades) {
        expect(t.counterparty_beneficial_owner).toBe(t.beneficial_owner);
        expect(t.counterparty_account_id === t.account_id).toBe(s.kind === 'WASH_SELF_MATCH');
      }
    }
  });

  it('injects benign look-alikes: balanced market maker, cross-venue arbitrage, one large cancel', () => {
    for (const s of base.groundTruth.filter((x) => x.kind.startsWith('BENIGN'))) {
      const events = scenarioEvents(base.events, s);
      const mine = events.filter((e) => e.beneficial_owner === s.beneficial_owner);
      if (s.kind === 'BENIGN_MARKET_MAKER') {
        const news = mine.filter((e) => e.event_type === 'ORDER_NEW');
        const cancels = mine.filter((e) => e.event_type === 'ORDER_CANCEL');
        expect(cancels.length / news.length).toBeGreaterThan(0.7);
        const placed = (side: string) => mine.filter((e) => e.side === side && e.event_type !== 'ORDER_CANCEL' && e.event_type !== 'TRADE').reduce((a, e) => a + e.quantity, 0);
        expect(placed('BUY') / (placed('BUY') + placed('SELL'))).toBeCloseTo(0.5, 1);
        const fills = mine.filter((e) => e.event_type === 'TRADE');
        expect(new Set(fills.map((e) => e.side))).toEqual(new Set(['BUY', 'SELL']));
      } else if (s.kind === 'BENIGN_ARBITRAGE') {
        const fills = mine.filter((e) => e.event_type === 'TRADE');
        expect(new Set(fills.map((e) => e.venue)).size).toBe(2);
        expect(fills.every((f) => f.counterparty_beneficial_owner !== s.beneficial_owner)).toBe(true);
      } else {
        expect(mine.filter((e) => e.event_type === 'ORDER_CANCEL')).toHaveLength(1);
      }
    }
  });
});

describe('streamMarket', () => {
  it('yields the same events as simulateMarket', () => {
    expect(JSON.stringify([...streamMarket({ seed: 11 })])).toBe(JSON.stringify(base.events));
  });

  it('streams lazily: the first events of a very large run arrive without generating the rest', () => {
    const it = streamMarket({ seed: 3, durationMs: 10 * 3_600_000, eventsPerSecond: 10_000, manipulations: false });
    const first = Array.from({ length: 1000 }, () => it.next().value as MarketEvent);
    expect(first.every((e) => e.event_time.startsWith('2024-03-04T15:00:0'))).toBe(true);
  });

  it('opens on full books: most cancels of the first minute pull orders placed before the period', () => {
    const start = Date.parse('2024-03-04T15:00:00.000Z');
    const placed = new Set<string>();
    let cancels = 0, unseen = 0;
    for (const e of base.events) {
      if (Date.parse(e.event_time) >= start + 60_000) break;
      if (e.event_type === 'ORDER_NEW') placed.add(e.order_id);
      if (e.event_type === 'ORDER_CANCEL' && e.event_id.startsWith('E')) {
        cancels++;
        if (!placed.has(e.order_id)) unseen++;
      }
    }
    expect(cancels).toBeGreaterThan(300);
    expect(unseen / cancels).toBeGreaterThan(0.5);
  });

  it('re-iterates a planned simulation identically', () => {
    const sim = createMarketSimulation({ seed: 5, durationMs: 120_000 });
    expect(JSON.stringify([...sim.events()])).toBe(JSON.stringify([...sim.events()]));
  });
});

describe('bad records', () => {
  it('injects about badRecordRate bad records, each refused by parseMarketEvent, deterministically', () => {
    const r = simulateMarket({ seed: 2, durationMs: 120_000, badRecordRate: 0.05 });
    expect(r.badRecords.length).toBeGreaterThan(r.events.length * 0.03);
    expect(r.badRecords.length).toBeLessThan(r.events.length * 0.07);
    const codes = new Set<string>();
    for (const line of r.badRecords) {
      const p = parseMarketEvent(line, { nowMs: NOW });
      expect(p.ok, line).toBe(false);
      if (!p.ok) codes.add(p.code);
    }
    expect(codes.size).toBeGreaterThanOrEqual(3);
    expect(simulateMarket({ seed: 2, durationMs: 120_000, badRecordRate: 0.05 }).badRecords).toEqual(r.badRecords);
    // The good events are the same as without bad records.
    expect(JSON.stringify(r.events)).toBe(JSON.stringify(simulateMarket({ seed: 2, durationMs: 120_000 }).events));
  });

  it('interleaves bad records with good lines in records()', () => {
    const lines = [...createMarketSimulation({ seed: 2, durationMs: 60_000, badRecordRate: 0.1 }).records()];
    expect(lines.some((l) => l.bad)).toBe(true);
    expect(lines.filter((l) => !l.bad).every((l) => parseMarketEvent(l.line, { nowMs: NOW }).ok)).toBe(true);
  });
});

describe('manipulations: false', () => {
  it('emits only background activity and no ground truth', () => {
    const r = simulateMarket({ seed: 4, durationMs: 60_000, manipulations: false });
    expect(r.groundTruth).toEqual([]);
    expect(r.events.every((e) => e.event_id.startsWith('E'))).toBe(true);
  });
});

describe('options', () => {
  it('uses the given symbol names (crypto pairs on crypto venues) and an epoch-ms start', () => {
    const start = Date.parse('2024-06-03T14:00:00Z');
    const r = simulateMarket({ seed: 1, symbols: ['AAPL', 'VOD.L', 'BTC-USD'], startTime: start, durationMs: 120_000, accounts: 50, eventsPerSecond: 20 });
    expect(new Set(r.events.map((e) => e.symbol))).toEqual(new Set(['AAPL', 'VOD.L', 'BTC-USD']));
    expect(r.events.filter((e) => e.symbol === 'BTC-USD').every((e) => findVenue(e.venue)!.category === 'CRYPTO')).toBe(true);
    expect(r.events.filter((e) => e.symbol === 'VOD.L').every((e) => findVenue(e.venue)!.country !== 'US')).toBe(true);
    expect(r.events.every((e) => { const t = Date.parse(e.event_time); return t >= start && t < start + 120_000; })).toBe(true);
    expect(r.groundTruth).toHaveLength(20);
  });
});
