import type { TimedEvent } from '../event-factory';
import { orderSize, pickCounterparty } from '../background-market';
import { roundPrice } from '../universe';
import type { ScenarioBuilder } from './scenario-context';

/**
 * Benign look-alike: cross-venue arbitrage. One owner (through one account, or one account per venue)
 * buys on one venue and sells the same quantity on another a few milliseconds later, a tick or two
 * higher, against different, unrelated counterparties.
 */
export const benignArbitrage: ScenarioBuilder = {
  maxDurationMs: 10_000,
  build({ rng, universe, factory, symbol: s, startMs, mid }) {
    const buyAccount = universe.newAccount();
    const sellAccount = rng.chance(0.6) ? universe.newAccount(buyAccount.beneficial_owner) : buyAccount;
    const [cheap, rich] = [s.venues[0] as string, s.venues[1] as string];
    const events: TimedEvent[] = [];
    let t = startMs;
    for (let n = rng.int(1, 3); n > 0; n--) {
      const qty = orderSize(rng, s);
      const bid = roundPrice(s, mid + s.tick * rng.int(-2, 2));
      const ask = roundPrice(s, bid + s.tick * rng.int(1, 3));
      const buyId = factory.nextOrderId();
      const sellId = factory.nextOrderId();
      events.push(factory.order(t, 'ORDER_NEW', s.symbol, cheap, buyAccount, buyId, 'BUY', bid, qty));
      const seller = { account: pickCounterparty(rng, universe, buyAccount.beneficial_owner), orderId: factory.nextOrderId() };
      events.push(...factory.trade(t, s.symbol, cheap, { account: buyAccount, orderId: buyId }, seller, bid, qty));
      t += rng.int(1, 20);
      events.push(factory.order(t, 'ORDER_NEW', s.symbol, rich, sellAccount, sellId, 'SELL', ask, qty));
      const buyer = { account: pickCounterparty(rng, universe, buyAccount.beneficial_owner, seller.account.beneficial_owner), orderId: factory.nextOrderId() };
      events.push(...factory.trade(t, s.symbol, rich, buyer, { account: sellAccount, orderId: sellId }, ask, qty));
      t += rng.int(300, 3_000);
    }
    return {
      events,
      ...(sellAccount === buyAccount ? { account: buyAccount } : {}),
      owner: buyAccount.beneficial_owner,
    };
  },
};
