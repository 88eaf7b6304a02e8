import type { Side } from '@surv/domain';
import type { TimedEvent } from '../event-factory';
import { orderSize, pickCounterparty } from '../background-market';
import { roundPrice } from '../universe';
import type { ScenarioBuilder } from './scenario-context';

/**
 * Benign look-alike: a two-sided market maker requoting both sides every few hundred milliseconds.
 * More than 90% of its orders are cancelled or replaced, but placement is balanced and it fills on
 * both sides: the classic spoofing false positive.
 */
export const benignMarketMaker: ScenarioBuilder = {
  maxDurationMs: 46_000,
  build({ rng, universe, factory, symbol: s, startMs, mid: fair }) {
    const mm = universe.newAccount();
    const venue = s.venues[0] as string;
    const events: TimedEvent[] = [];
    const end = startMs + rng.int(20_000, 45_000);
    const quotes: Record<Side, { id: string; price: number; qty: number } | undefined> = { BUY: undefined, SELL: undefined };
    let mid = fair;
    const fills: Record<Side, number> = { BUY: 0, SELL: 0 };
    let t = startMs;
    const fill = (side: Side, q: { id: string; price: number; qty: number }) => {
      const me = { account: mm, orderId: q.id };
      const cp = { account: pickCounterparty(rng, universe, mm.beneficial_owner), orderId: factory.nextOrderId() };
      const [buyer, seller] = side === 'BUY' ? [me, cp] : [cp, me];
      events.push(...factory.trade(t, s.symbol, venue, buyer, seller, q.price, q.qty));
      fills[side] += 1;
    };
    while (t < end) {
      mid = mid * Math.exp(rng.normal() * s.volatility * 3);
      const size = orderSize(rng, s);
      for (const side of ['BUY', 'SELL'] as const) {
        const price = roundPrice(s, side === 'BUY' ? mid - s.tick : mid + s.tick);
        const q = quotes[side];
        // Near the end, make sure both sides have filled at least twice (it earns the spread both ways).
        const mustFill = t > end - 8_000 && fills[side] < 2;
        if (q && (mustFill || rng.chance(0.06))) {
          fill(side, q);
          quotes[side] = undefined;
        } else if (q && rng.chance(0.15)) {
          q.price = price;
          q.qty = size;
          events.push(factory.order(t, 'ORDER_REPLACE', s.symbol, venue, mm, q.id, side, price, size));
          continue;
        } else if (q) {
          events.push(factory.order(t, 'ORDER_CANCEL', s.symbol, venue, mm, q.id, side, q.price, q.qty));
        }
        const id = factory.nextOrderId();
        quotes[side] = { id, price, qty: size };
        events.push(factory.order(t, 'ORDER_NEW', s.symbol, venue, mm, id, side, price, size));
        t += rng.int(0, 3);
      }
      t += rng.int(150, 400);
    }
    for (const side of ['BUY', 'SELL'] as const) {
      const q = quotes[side];
      if (q) events.push(factory.order(t, 'ORDER_CANCEL', s.symbol, venue, mm, q.id, side, q.price, q.qty));
    }
    return { events, account: mm, owner: mm.beneficial_owner };
  },
};
