import { type MarketEvent } from '@surv/domain';

/**
 * Validated market events as they cross to the detection worker: what JSON.parse gave the main
 * thread, without making the worker parse the text again (that parse was a quarter of its work).
 *
 * Fields with few distinct values (types, symbols, venues, accounts, owners, sides) travel as codes
 * into a dictionary both threads keep, growing with each batch's new strings; the unique ones (ids,
 * times) as strings; prices and quantities as doubles. On the worker, equal dictionary values are the
 * same string object every time, so the detection engine's keyed state finds them without hashing
 * fresh copies.
 */
export interface EncodedEventBatch {
  readonly count: number;
  /** The dictionary starts over with this batch (it had grown past its bound). */
  readonly reset: boolean;
  /** Strings appended to the dictionary by this batch, in code order. */
  readonly added: readonly string[];
  /** CODED_FIELDS.length codes per event; -1 for an absent optional field. */
  readonly codes: Int32Array;
  /** ID_FIELDS.length strings per event; null for an absent optional field. */
  readonly ids: readonly (string | null)[];
  /** price, quantity per event. */
  readonly numbers: Float64Array;
}

const CODED_FIELDS = [
  'event_type', 'symbol', 'venue', 'account_id', 'trader_id', 'beneficial_owner', 'side',
  'counterparty_account_id', 'counterparty_beneficial_owner',
] as const;
const ID_FIELDS = ['event_id', 'event_time', 'order_id', 'trade_id'] as const;
const K = CODED_FIELDS.length;
const I = ID_FIELDS.length;

/** Dictionary size past which it starts over: accounts and symbols of one feed stay far below. */
const DEFAULT_MAX_ENTRIES = 200_000;

/** Main-thread side: keeps the dictionary the worker mirrors. Batches must be decoded in the order encoded. */
export class EventBatchEncoder {
  private codes = new Map<string, number>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  encode(events: readonly MarketEvent[]): EncodedEventBatch {
    const reset = this.codes.size > this.maxEntries;
    if (reset) this.codes = new Map();
    const dict = this.codes;
    const added: string[] = [];
    const n = events.length;
    const codes = new Int32Array(n * K);
    const ids = new Array<string | null>(n * I);
    const numbers = new Float64Array(n * 2);
    const code = (v: string | undefined): number => {
      if (v === undefined) return -1;
      let c = dict.get(v);
      if (c === undefined) {
        c = dict.size;
        dict.set(v, c);
        added.push(v);
      }
      return c;
    };
    for (let i = 0; i < n; i++) {
      const e = events[i]!;
      const k = i * K;
      codes[k] = code(e.event_type);
      codes[k + 1] = code(e.symbol);
      codes[k + 2] = code(e.venue);
      codes[k + 3] = code(e.account_id);
      codes[k + 4] = code(e.trader_id);
      codes[k + 5] = code(e.beneficial_owner);
      codes[k + 6] = code(e.side);
      codes[k + 7] = code(e.counterparty_account_id);
      codes[k + 8] = code(e.counterparty_beneficial_owner);
      const j = i * I;
      ids[j] = e.event_id;
      ids[j + 1] = e.event_time;
      ids[j + 2] = e.order_id;
      ids[j + 3] = e.trade_id ?? null;
      numbers[2 * i] = e.price;
      numbers[2 * i + 1] = e.quantity;
    }
    return { count: n, reset, added, codes, ids, numbers };
  }
}

/** Worker side: rebuilds each event, with exactly the fields it was validated with. */
export class EventBatchDecoder {
  private dict: string[] = [];

  decode(batch: EncodedEventBatch, each: (event: MarketEvent, index: number) => void): void {
    if (batch.reset) this.dict = [];
    for (const s of batch.added) this.dict.push(s);
    const { dict } = this;
    const { codes, ids, numbers } = batch;
    for (let i = 0; i < batch.count; i++) {
      const k = i * K;
      const j = i * I;
      const event: MarketEvent = {
        event_id: ids[j]!,
        event_type: dict[codes[k]!] as MarketEvent['event_type'],
        event_time: ids[j + 1]!,
        symbol: dict[codes[k + 1]!]!,
        venue: dict[codes[k + 2]!]!,
        account_id: dict[codes[k + 3]!]!,
        trader_id: dict[codes[k + 4]!]!,
        beneficial_owner: dict[codes[k + 5]!]!,
        order_id: ids[j + 2]!,
        side: dict[codes[k + 6]!] as MarketEvent['side'],
        price: numbers[2 * i]!,
        quantity: numbers[2 * i + 1]!,
      };
      if (codes[k + 7]! >= 0) event.counterparty_account_id = dict[codes[k + 7]!]!;
      if (codes[k + 8]! >= 0) event.counterparty_beneficial_owner = dict[codes[k + 8]!]!;
      if (ids[j + 3] !== null) event.trade_id = ids[j + 3]!;
      each(event, i);
    }
  }
}
