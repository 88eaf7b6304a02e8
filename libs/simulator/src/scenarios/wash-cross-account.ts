import type { TimedEvent } from '../event-factory';
import { roundPrice, roundQuantity } from '../universe';
import type { ScenarioBuilder } from './scenario-context';

/**
 * Cross-account wash trades: two accounts of one beneficial owner (often run by one trader) trade with
 * each other, legs placed milliseconds apart at the same price and size, two to four times, alternating
 * direction so the position nets out.
 */
export const washCrossAccount: ScenarioBuilder = {
  maxDurationMs: 16_000,
  build({ rng, universe, factory, symbol: s, startMs, mid }) {
    const a = universe.newAccount();
    const b = { ...universe.newAccount(a.beneficial_owner), ...(rng.chance(0.5) ? { trader_id: a.trader_id } : {}) };
    const venue = s.venues[rng.chance(0.8) ? 0 : 1] as string;
    const events: TimedEvent[] = [];
    let t = startMs;
    for (let n = 0, total = rng.int(2, 4); n < total; n++) {
      const [buyer, seller] = n % 2 === 0 ? [a, b] : [b, a];
      const price = roundPrice(s, mid + s.tick * rng.int(-2, 2));
      const qty = roundQuantity(s, s.typicalSize * rng.float(1, 5));
      const buyId = factory.nextOrderId();
      const sellId = factory.nextOrderId();
      events.push(factory.order(t, 'ORDER_NEW', s.symbol, venue, seller, sellId, 'SELL', price, qty));
      t += rng.int(1, 30);
      events.push(factory.order(t, 'ORDER_NEW', s.symbol, venue, buyer, buyId, 'BUY', price, qty));
      events.push(...factory.trade(t, s.symbol, venue, { account: buyer, orderId: buyId }, { account: seller, orderId: sellId }, price, qty));
      t += rng.int(500, 4_000);
    }
    return { events, owner: a.beneficial_owner };
  },
};
