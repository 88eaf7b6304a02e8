import type { Side } from '@surv/domain';
import type { TimedEvent } from '../event-factory';
import { orderSize, pickCounterparty } from '../background-market';
import { roundPrice, roundQuantity } from '../universe';
import type { ScenarioBuilder } from './scenario-context';

/**
 * Benign look-alike: an institution rests one very large order (20 to 60 times the usual size), changes
 * its mind and cancels it seconds later; it also executes a small order on the other side meanwhile.
 * One cancel is not a pattern.
 */
export const benignLargeCancel: ScenarioBuilder = {
  maxDurationMs: 22_000,
  build({ rng, universe, factory, symbol: s, startMs, mid }) {
    const inst = universe.newAccount();
    const side: Side = rng.chance(0.5) ? 'BUY' : 'SELL';
    const venue = s.venues[0] as string;
    const events: TimedEvent[] = [];
    const id = factory.nextOrderId();
    const price = roundPrice(s, side === 'BUY' ? mid - s.tick * 2 : mid + s.tick * 2);
    const qty = roundQuantity(s, s.typicalSize * rng.float(20, 60));
    events.push(factory.order(startMs, 'ORDER_NEW', s.symbol, venue, inst, id, side, price, qty));
    const tSmall = startMs + rng.int(500, 5_000);
    const otherSide: Side = side === 'BUY' ? 'SELL' : 'BUY';
    const smallId = factory.nextOrderId();
    const smallQty = orderSize(rng, s);
    const smallPrice = roundPrice(s, mid);
    events.push(factory.order(tSmall, 'ORDER_NEW', s.symbol, venue, inst, smallId, otherSide, smallPrice, smallQty));
    const cp = { account: pickCounterparty(rng, universe, inst.beneficial_owner), orderId: factory.nextOrderId() };
    const me = { account: inst, orderId: smallId };
    const [buyer, seller] = otherSide === 'BUY' ? [me, cp] : [cp, me];
    events.push(...factory.trade(tSmall + rng.int(1, 200), s.symbol, venue, buyer, seller, smallPrice, smallQty));
    events.push(factory.order(startMs + rng.int(6_000, 21_000), 'ORDER_CANCEL', s.symbol, venue, inst, id, side, price, qty));
    return { events, account: inst, owner: inst.beneficial_owner };
  },
};
