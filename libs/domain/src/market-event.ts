import { z } from 'zod';

/** FIX: 35=D new order, 35=F cancel, 35=G cancel/replace, 35=8 with ExecType=F (trade). */
export const EVENT_TYPES = ['ORDER_NEW', 'ORDER_CANCEL', 'ORDER_REPLACE', 'TRADE'] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

export const SIDES = ['BUY', 'SELL'] as const;
export const SideSchema = z.enum(SIDES);
export type Side = z.infer<typeof SideSchema>;

/** Prices or quantities beyond these are data errors, not trades (documented sanity bounds). */
export const MAX_PRICE = 1e9;
export const MAX_QUANTITY = 1e15;
/** A record larger than this is rejected before it is parsed. */
export const MAX_RECORD_BYTES = 1024 * 1024;

const id = (max = 256) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const positive = (max: number) =>
  z
    .number()
    .refine(Number.isFinite, 'must be a finite number')
    .refine((v) => v > 0, 'must be greater than 0')
    .refine((v) => v <= max, `must be at most ${max}`);

/** The optional fields of an event (on TRADE). */
export const OPTIONAL_EVENT_FIELDS = ['counterparty_account_id', 'counterparty_beneficial_owner', 'trade_id'] as const;

const MarketEventObjectSchema = z.object({
  event_id: id(),
  event_type: EventTypeSchema,
  event_time: z.string().min(1).max(64),
  symbol: id(64),
  venue: z.string().min(1).max(16),
  account_id: id(),
  trader_id: id(),
  beneficial_owner: id(),
  order_id: id(),
  side: SideSchema,
  price: positive(MAX_PRICE),
  quantity: positive(MAX_QUANTITY),
  counterparty_account_id: id().optional(),
  counterparty_beneficial_owner: id().optional(),
  trade_id: id().optional(),
});

/**
 * An optional field written as JSON `null` is absent: many producers (Python's None, Jackson's
 * defaults) write null rather than leave the field out, and the detection application reads both as
 * SQL NULL. An empty string stays an error: it is a value, and it would not read as NULL there.
 */
const withoutNullOptionals = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  if (!OPTIONAL_EVENT_FIELDS.some((f) => o[f] === null)) return value;
  const copy = { ...o };
  for (const f of OPTIONAL_EVENT_FIELDS) if (copy[f] === null) delete copy[f];
  return copy;
};

/** One market event as it travels on the stream (ARCHITECTURE §2). Unknown extra fields are dropped. */
export const MarketEventSchema = z.preprocess(withoutNullOptionals, MarketEventObjectSchema);
export type MarketEvent = z.infer<typeof MarketEventObjectSchema>;

/** The column order of a market event, shared by lake writers and SQL input schemas. */
export const MARKET_EVENT_FIELDS = Object.keys(MarketEventObjectSchema.shape) as (keyof MarketEvent)[];
