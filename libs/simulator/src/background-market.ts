import type { Side } from '@surv/domain';
import { EventFactory, type TimedEvent } from './event-factory';
import { pickCumulative, type Prng } from './prng';
import { roundPrice, roundQuantity, type AccountSpec, type SymbolSpec, type Universe } from './universe';
import type { TradeReporting } from './simulation-options';
import type { PricePath } from './price-path';

interface OpenOrder {
  readonly orderId: string;
  readonly account: AccountSpec;
  readonly side: Side;
  readonly venue: string;
  price: number;
  remaining: number;
}

/** Open orders tracked per symbol; beyond this the oldest are forgotten (they rest until the end). */
const MAX_OPEN_PER_SYMBOL = 400;

/**
 * How long the background market runs, unreported, before the simulated period: a feed starts in a
 * session already under way, so the period opens on books full of orders placed before it (their
 * cancels and fills show up without the ORDER_NEW). Without it every book starts empty and the first
 * minutes cancel mostly orders placed seconds earlier: fleeting orders no real market shows at that rate.
 * Fast markets fill their books sooner: the warm-up stops after `BACKGROUND_WARMUP_MAX_ACTIONS` actions.
 */
export const BACKGROUND_WARMUP_MS = 10 * 60_000;
export const BACKGROUND_WARMUP_MAX_ACTIONS = 100_000;

// Action mix of background flow: mostly new orders, many cancels, some replaces and executions.
const P_NEW = 0.45;
const P_CANCEL = 0.25;
const P_REPLACE = 0.1;

/** A background account drawn by activity weight. */
export const pickAccount = (rng: Prng, universe: Universe): AccountSpec =>
  universe.accounts[pickCumulative(rng, universe.accountCumulative)] as AccountSpec;

/** A background account whose beneficial owner differs from `owner` (never an accidental wash). */
export const pickCounterparty = (rng: Prng, universe: Universe, ...owners: string[]): AccountSpec => {
  for (;;) {
    const a = pickAccount(rng, universe);
    if (!owners.includes(a.beneficial_owner)) return a;
  }
};

/** Lognormal order size around the symbol's typical size, in whole lots. */
export const orderSize = (rng: Prng, s: SymbolSpec, scale = 1): number =>
  roundQuantity(s, s.typicalSize * scale * Math.exp(rng.normal() * 0.6 - 0.18));

/**
 * Background activity in event-time order: Poisson arrivals across symbols (busy names more often),
 * quotes around each symbol's random-walk fair price, limit orders a few ticks from the mid, cancels, replaces and executions between
 * accounts of different owners. Runs in constant memory, so it can produce any number of events. The market
 * runs before `startMs` without reporting (`BACKGROUND_WARMUP_MS`), so the books are full when the period opens.
 */
export function* backgroundMarket(
  rng: Prng, universe: Universe, prices: PricePath, startMs: number, endMs: number, eventsPerSecond: number, reporting: TradeReporting,
): Generator<TimedEvent> {
  const factory = new EventFactory('E', reporting, rng);
  const pTrade = 1 - P_NEW - P_CANCEL - P_REPLACE;
  const eventsPerAction = 1 + (reporting === 'both-sides' ? pTrade : 0);
  const meanGapMs = 1000 / (eventsPerSecond / eventsPerAction);
  // Quote noise around the fair price: mean-reverting, so quotes wander but stay near the market.
  const noise = universe.symbols.map(() => 0);
  const books: OpenOrder[][] = universe.symbols.map(() => []);
  let t = startMs - Math.min(BACKGROUND_WARMUP_MS, BACKGROUND_WARMUP_MAX_ACTIONS * meanGapMs);
  for (;;) {
    t += rng.exponential(meanGapMs);
    const timeMs = Math.floor(t);
    if (timeMs >= endMs) return;
    // Before the period the books fill up, but nothing is reported (and no event is built).
    const live = timeMs >= startMs;
    const i = pickCumulative(rng, universe.symbolCumulative);
    const s = universe.symbols[i] as SymbolSpec;
    noise[i] = (noise[i] as number) * 0.98 + rng.normal() * s.volatility;
    const mid = Math.max(s.tick * 10, prices.midAt(i, timeMs) * Math.exp(noise[i] as number));
    const book = books[i] as OpenOrder[];
    const quote = (side: Side) => roundPrice(s, side === 'BUY' ? mid - s.tick * rng.int(1, 6) : mid + s.tick * rng.int(1, 6));
    const r = rng.next();
    if (r < P_NEW || book.length === 0) {
      const side: Side = rng.chance(0.5) ? 'BUY' : 'SELL';
      const order: OpenOrder = {
        orderId: factory.nextOrderId(), account: pickAccount(rng, universe), side,
        venue: s.venues[pickCumulative(rng, s.venueCumulative)] as string, price: quote(side), remaining: orderSize(rng, s),
      };
      if (book.length >= MAX_OPEN_PER_SYMBOL) book.shift();
      book.push(order);
      if (live) yield factory.order(timeMs, 'ORDER_NEW', s.symbol, order.venue, order.account, order.orderId, side, order.price, order.remaining);
      continue;
    }
    const k = rng.int(0, book.length - 1);
    const order = book[k] as OpenOrder;
    if (r < P_NEW + P_CANCEL) {
      book[k] = book[book.length - 1] as OpenOrder;
      book.pop();
      if (live) yield factory.order(timeMs, 'ORDER_CANCEL', s.symbol, order.venue, order.account, order.orderId, order.side, order.price, order.remaining);
    } else if (r < P_NEW + P_CANCEL + P_REPLACE) {
      order.price = quote(order.side);
      if (rng.chance(0.3)) order.remaining = orderSize(rng, s);
      if (live) yield factory.order(timeMs, 'ORDER_REPLACE', s.symbol, order.venue, order.account, order.orderId, order.side, order.price, order.remaining);
    } else {
      const aggressor = pickCounterparty(rng, universe, order.account.beneficial_owner);
      const qty = Math.min(order.remaining, orderSize(rng, s));
      const left = order.remaining - qty;
      if (left < s.lot / 2) {
        book[k] = book[book.length - 1] as OpenOrder;
        book.pop();
      } else order.remaining = roundQuantity(s, left);
      if (!live) continue;
      const passive = { account: order.account, orderId: order.orderId };
      const active = { account: aggressor, orderId: factory.nextOrderId() };
      const [buyer, seller] = order.side === 'BUY' ? [passive, active] : [active, passive];
      yield* factory.trade(timeMs, s.symbol, order.venue, buyer, seller, order.price, qty);
    }
  }
}
