import type { Side } from '@surv/domain';
import type { TimedEvent } from '../event-factory';
import { pickCounterparty } from '../background-market';
import { roundPrice, roundQuantity, splitFill } from '../universe';
import type { ScenarioBuilder } from './scenario-context';

/**
 * Spoofing burst (Coscia 2015, Sarao 2015, JPMorgan 2020): a small genuine order on one side, then several
 * orders many times the usual size on the other side near the touch; once the genuine order fills the
 * spoof orders are cancelled within milliseconds. One to three cycles within a few seconds.
 */
export const spoofingBurst: ScenarioBuilder = {
  maxDurationMs: 12_000,
  build({ rng, universe, factory, symbol: s, startMs, mid }) {
    const spoofer = universe.newAccount();
    const genuineSide: Side = rng.chance(0.5) ? 'SELL' : 'BUY';
    const spoofSide: Side = genuineSide === 'BUY' ? 'SELL' : 'BUY';
    const venue = s.venues[0] as string;
    const events: TimedEvent[] = [];
    let t = startMs;
    const cycles = rng.int(1, 3);
    for (let c = 0; c < cycles; c++) {
      const genuineId = factory.nextOrderId();
      const genuineQty = roundQuantity(s, s.typicalSize * rng.float(0.5, 1.5));
      const genuinePrice = roundPrice(s, genuineSide === 'SELL' ? mid + s.tick : mid - s.tick);
      events.push(factory.order(t, 'ORDER_NEW', s.symbol, venue, spoofer, genuineId, genuineSide, genuinePrice, genuineQty));
      const spoofs: { id: string; price: number; qty: number }[] = [];
      let ts = t;
      for (let k = rng.int(3, 6); k > 0; k--) {
        ts += rng.int(2, 40);
        const levels = k % 2;
        const price = roundPrice(s, spoofSide === 'BUY' ? mid - s.tick * (1 + levels) : mid + s.tick * (1 + levels));
        const qty = roundQuantity(s, s.typicalSize * rng.float(10, 30));
        const id = factory.nextOrderId();
        spoofs.push({ id, price, qty });
        events.push(factory.order(ts, 'ORDER_NEW', s.symbol, venue, spoofer, id, spoofSide, price, qty));
      }
      // The genuine order fills against other participants pulled in by the apparent depth.
      let tf = ts + rng.int(150, 700);
      for (const part of splitFill(rng, s, genuineQty)) {
        const cp = { account: pickCounterparty(rng, universe, spoofer.beneficial_owner), orderId: factory.nextOrderId() };
        const me = { account: spoofer, orderId: genuineId };
        const [buyer, seller] = genuineSide === 'BUY' ? [me, cp] : [cp, me];
        events.push(...factory.trade(tf, s.symbol, venue, buyer, seller, genuinePrice, part));
        tf += rng.int(1, 8);
      }
      let tc = tf + rng.int(3, 30);
      for (const sp of spoofs) {
        events.push(factory.order(tc, 'ORDER_CANCEL', s.symbol, venue, spoofer, sp.id, spoofSide, sp.price, sp.qty));
        tc += rng.int(0, 4);
      }
      t = tc + rng.int(500, 2500);
    }
    return { events, account: spoofer, owner: spoofer.beneficial_owner };
  },
};
