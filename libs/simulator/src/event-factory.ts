import type { MarketEvent, Side } from '@surv/domain';
import type { AccountSpec } from './universe';
import type { TradeReporting } from './simulation-options';
import type { Prng } from './prng';

/** A market event plus its event time in epoch ms (kept numeric for ordering). */
export interface TimedEvent {
  readonly timeMs: number;
  readonly event: MarketEvent;
}

/** One side of an execution. */
export interface FillSide {
  readonly account: AccountSpec;
  readonly orderId: string;
}

/**
 * Builds contract-conforming events with unique ids under a prefix. Executions follow the drop-copy
 * convention: one TRADE per side sharing `trade_id`, each naming the other as counterparty, or only one
 * (randomly chosen) side when reporting is 'one-side'.
 */
export class EventFactory {
  private seq = 0;
  private orderSeq = 0;
  private tradeSeq = 0;

  constructor(
    private readonly prefix: string,
    private readonly reporting: TradeReporting,
    private readonly rng: Prng,
  ) {}

  nextOrderId(): string {
    return `${this.prefix}O${++this.orderSeq}`;
  }

  order(
    timeMs: number, type: 'ORDER_NEW' | 'ORDER_CANCEL' | 'ORDER_REPLACE', symbol: string, venue: string,
    account: AccountSpec, orderId: string, side: Side, price: number, quantity: number,
  ): TimedEvent {
    return {
      timeMs,
      event: {
        event_id: `${this.prefix}${++this.seq}`,
        event_type: type,
        event_time: new Date(timeMs).toISOString(),
        symbol, venue,
        account_id: account.account_id,
        trader_id: account.trader_id,
        beneficial_owner: account.beneficial_owner,
        order_id: orderId,
        side, price, quantity,
      },
    };
  }

  /** The TRADE events of one execution (buyer row first), honouring the reporting mode. */
  trade(timeMs: number, symbol: string, venue: string, buyer: FillSide, seller: FillSide, price: number, quantity: number): TimedEvent[] {
    const tradeId = `${this.prefix}T${++this.tradeSeq}`;
    const row = (me: FillSide, other: FillSide, side: Side): TimedEvent => ({
      timeMs,
      event: {
        event_id: `${this.prefix}${++this.seq}`,
        event_type: 'TRADE',
        event_time: new Date(timeMs).toISOString(),
        symbol, venue,
        account_id: me.account.account_id,
        trader_id: me.account.trader_id,
        beneficial_owner: me.account.beneficial_owner,
        order_id: me.orderId,
        side, price, quantity,
        counterparty_account_id: other.account.account_id,
        counterparty_beneficial_owner: other.account.beneficial_owner,
        trade_id: tradeId,
      },
    });
    if (this.reporting === 'one-side') {
      return [this.rng.chance(0.5) ? row(buyer, seller, 'BUY') : row(seller, buyer, 'SELL')];
    }
    return [row(buyer, seller, 'BUY'), row(seller, buyer, 'SELL')];
  }
}
