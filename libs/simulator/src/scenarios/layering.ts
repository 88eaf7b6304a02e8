import type { Side } from '@surv/domain';
import type { TimedEvent } from '../event-factory';
import { pickCounterparty } from '../background-market';
import { roundPrice, roundQuantity, splitFill } from '../universe';
import type { ScenarioBuilder } from './scenario-context';

/**
 * Layering (SEC v. Lek Securities / Avalon 2017, FCA Da Vinci Invest 2015, FCA Abbattista 2021): a genuine
 * order on one side, and four to six large orders stacked over successive price levels on the other,
 * repriced (cancel/replace) a hundred to three hundred times to follow the market so they stay near the
 * touch; once the genuine order fills, every layer is cancelled.
 */
export const layering: ScenarioBuilder = {
  maxDurationMs: 40_000,
  build({ rng, universe, factory, symbol: s, startMs, mid }) {
    const trader = universe.newAccount();
    const genuineSide: Side = rng.chance(0.5) ? 'BUY' : 'SELL';
    const layerSide: Side = genuineSide === 'BUY' ? 'SELL' : 'BUY';
    const dir = layerSide === 'BUY' ? -1 : 1;
    const venue = s.venues[0] as string;
    const events: TimedEvent[] = [];
    const duration = rng.int(15_000, 35_000);
    const genuineId = factory.nextOrderId();
    const genuineQty = roundQuantity(s, s.typicalSize * rng.float(0.5, 1.5));
    const genuinePrice = roundPrice(s, mid - dir * s.tick);
    events.push(factory.order(startMs, 'ORDER_NEW', s.symbol, venue, trader, genuineId, genuineSide, genuinePrice, genuineQty));
    const layers = Array.from({ length: rng.int(4, 6) }, (_, level) => ({
      id: factory.nextOrderId(),
      level: level + 1,
      price: roundPrice(s, mid + dir * s.tick * (level + 1)),
      qty: roundQuantity(s, s.typicalSize * rng.float(8, 20)),
    }));
    let t = startMs;
    for (const layer of layers) {
      t += rng.int(1, 25);
      events.push(factory.order(t, 'ORDER_NEW', s.symbol, venue, trader, layer.id, layerSide, layer.price, layer.qty));
    }
    // Reprice the book as the market ticks: every layer shifts by a tick at a time, hundreds of times.
    const replaces = rng.int(100, 300);
    const replaceEnd = startMs + duration - 1_000;
    const times = Array.from({ length: replaces }, () => rng.int(t + 1, replaceEnd)).sort((a, b) => a - b);
    let drift = 0;
    for (const tr of times) {
      if (rng.chance(0.2)) drift += rng.chance(0.5) ? 1 : -1;
      const layer = rng.pick(layers);
      layer.price = roundPrice(s, mid + dir * s.tick * (layer.level + Math.max(-layer.level + 1, drift)));
      events.push(factory.order(tr, 'ORDER_REPLACE', s.symbol, venue, trader, layer.id, layerSide, layer.price, layer.qty));
    }
    let tf = replaceEnd + rng.int(50, 600);
    for (const part of splitFill(rng, s, genuineQty)) {
      const cp = { account: pickCounterparty(rng, universe, trader.beneficial_owner), orderId: factory.nextOrderId() };
      const me = { account: trader, orderId: genuineId };
      const [buyer, seller] = genuineSide === 'BUY' ? [me, cp] : [cp, me];
      events.push(...factory.trade(tf, s.symbol, venue, buyer, seller, genuinePrice, part));
      tf += rng.int(1, 8);
    }
    let tc = tf + rng.int(5, 60);
    for (const layer of layers) {
      events.push(factory.order(tc, 'ORDER_CANCEL', s.symbol, venue, trader, layer.id, layerSide, layer.price, layer.qty));
      tc += rng.int(0, 5);
    }
    return { events, account: trader, owner: trader.beneficial_owner };
  },
};
