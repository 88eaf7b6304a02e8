import type { MarketEvent, Side } from '@surv/domain';

/** Hand-made events for rule tests: one call per event, ids and times filled in. */
export class EventBuilder {
  readonly events: MarketEvent[] = [];
  private n = 0;

  constructor(private readonly baseMs = Date.parse('2024-03-04T15:00:00.000Z')) {}

  order(atMs: number, type: 'ORDER_NEW' | 'ORDER_CANCEL' | 'ORDER_REPLACE', account: string, owner: string, side: Side, price: number, quantity: number, extra: Partial<MarketEvent> = {}): this {
    this.events.push({
      event_id: `t${++this.n}`, event_type: type, event_time: new Date(this.baseMs + atMs).toISOString(), symbol: 'ABC', venue: 'XNAS',
      account_id: account, trader_id: `TR-${account}`, beneficial_owner: owner, order_id: `${account}-o${this.n}`, side, price, quantity, ...extra,
    });
    return this;
  }

  /** One execution; `report` picks which sides appear (both, only the buyer's, only the seller's). */
  trade(atMs: number, buyer: [string, string], seller: [string, string], price: number, quantity: number, opts: { report?: 'both' | 'buyer' | 'seller'; anonymous?: boolean; venue?: string } = {}): this {
    const tradeId = `tr${++this.n}`;
    const row = (me: [string, string], other: [string, string], side: Side): MarketEvent => ({
      event_id: `t${++this.n}`, event_type: 'TRADE', event_time: new Date(this.baseMs + atMs).toISOString(), symbol: 'ABC', venue: opts.venue ?? 'XNAS',
      account_id: me[0], trader_id: `TR-${me[0]}`, beneficial_owner: me[1], order_id: `${me[0]}-f${this.n}`, side, price, quantity,
      ...(opts.anonymous ? {} : { counterparty_account_id: other[0], counterparty_beneficial_owner: other[1] }), trade_id: tradeId,
    });
    const report = opts.report ?? 'both';
    if (report !== 'seller') this.events.push(row(buyer, seller, 'BUY'));
    if (report !== 'buyer') this.events.push(row(seller, buyer, 'SELL'));
    return this;
  }

  sorted(): MarketEvent[] {
    return [...this.events].sort((a, b) => Date.parse(a.event_time) - Date.parse(b.event_time));
  }
}
