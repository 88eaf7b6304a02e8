import { EVENT_TYPES, MAX_PRICE, MAX_QUANTITY, type MarketEvent } from './market-event';

const TYPES = new Set<string>(EVENT_TYPES);
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const num = (v: unknown, max: number): v is number => typeof v === 'number' && v > 0 && v <= max; // NaN fails both
// null is absent (see MarketEventSchema).
const opt = (v: unknown): boolean => v === undefined || v === null || str(v, 256);

/**
 * The schema's checks written out by hand: validating with zod costs more than JSON.parse itself.
 * Returns the event with unknown fields dropped, or `undefined` when anything is off — the caller then
 * asks zod for the precise reason, so both paths always agree on what is valid.
 */
export const fastValidateMarketEvent = (o: Record<string, unknown>): MarketEvent | undefined => {
  const { event_id, event_type, event_time, symbol, venue, account_id, trader_id, beneficial_owner, order_id, side, price, quantity } = o;
  const { counterparty_account_id, counterparty_beneficial_owner, trade_id } = o;
  if (
    !str(event_id, 256) || typeof event_type !== 'string' || !TYPES.has(event_type) || !str(event_time, 64) ||
    !str(symbol, 64) || !str(venue, 16) || !str(account_id, 256) || !str(trader_id, 256) ||
    !str(beneficial_owner, 256) || !str(order_id, 256) || (side !== 'BUY' && side !== 'SELL') ||
    !num(price, MAX_PRICE) || !num(quantity, MAX_QUANTITY) ||
    !opt(counterparty_account_id) || !opt(counterparty_beneficial_owner) || !opt(trade_id)
  ) {
    return undefined;
  }
  const event: MarketEvent = {
    event_id, event_type: event_type as MarketEvent['event_type'], event_time, symbol, venue, account_id, trader_id,
    beneficial_owner, order_id, side, price, quantity,
  };
  if (typeof counterparty_account_id === 'string') event.counterparty_account_id = counterparty_account_id;
  if (typeof counterparty_beneficial_owner === 'string') event.counterparty_beneficial_owner = counterparty_beneficial_owner;
  if (typeof trade_id === 'string') event.trade_id = trade_id;
  return event;
};
