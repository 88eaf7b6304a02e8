import type { TimedEvent } from '../event-factory';
import { roundPrice, roundQuantity } from '../universe';
import type { ScenarioBuilder } from './scenario-context';

/**
 * Self-match wash trades: one account's buy and sell orders, placed milliseconds apart at the same price,
 * execute against each other two to five times, with no change in beneficial ownership.
 */
export const washSelfMatch: ScenarioBuilder = {
  maxDurationMs: 16_000,
  build({ rng, universe, factory, symbol: s, startMs, mid }) {
    const account = universe.newAccount();
    const venue = s.venues[rng.chance(0.8) ? 0 : 1] as string;
    const events: TimedEvent[] = [];
    let t = startMs;
    for (let n = rng.int(2, 5); n > 0; n--) {
      const price = roundPrice(s, mid + s.tick * rng.int(-2, 2));
      const qty = roundQuantity(s, s.typicalSize * rng.float(1, 5));
      const buy = factory.nextOrderId();
      const sell = factory.nextOrderId();
      const first = rng.chance(0.5);
      events.push(factory.order(t, 'ORDER_NEW', s.symbol, venue, account, first ? buy : sell, first ? 'BUY' : 'SELL', price, qty));
      t += rng.int(1, 20);
      events.push(factory.order(t, 'ORDER_NEW', s.symbol, venue, account, first ? sell : buy, first ? 'SELL' : 'BUY', price, qty));
      events.push(...factory.trade(t, s.symbol, venue, { account, orderId: buy }, { account, orderId: sell }, price, qty));
      t += rng.int(500, 3_500);
    }
    return { events, account, owner: account.beneficial_owner };
  },
};
