import { CURATED_COLUMNS, type CuratedEvent } from '@surv/pipeline';
import { LocalRuntimeError } from './errors';
import { toWellFormed } from './well-formed-text';

type Column = (typeof CURATED_COLUMNS)[number];
type Values = (string | number | null)[];

/**
 * One column's values, read with a fixed property per loop: a generic `row[name]` per value (or a
 * getter per column called through one site) was most of the encoder's time.
 */
const columnValues = (c: Column, rows: readonly CuratedEvent[]): Values => {
  const n = rows.length;
  const v: Values = new Array<string | number | null>(n);
  switch (c.name) {
    case 'event_id': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.event_id; break;
    case 'event_type': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.event_type; break;
    case 'symbol': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.symbol; break;
    case 'venue': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.venue; break;
    case 'account_id': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.account_id; break;
    case 'trader_id': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.trader_id; break;
    case 'beneficial_owner': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.beneficial_owner; break;
    case 'order_id': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.order_id; break;
    case 'side': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.side; break;
    case 'price': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.price; break;
    case 'quantity': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.quantity; break;
    case 'counterparty_account_id': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.counterparty_account_id ?? null; break;
    case 'counterparty_beneficial_owner': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.counterparty_beneficial_owner ?? null; break;
    case 'trade_id': for (let i = 0; i < n; i++) v[i] = rows[i]!.event.trade_id ?? null; break;
    case 'risk_score': for (let i = 0; i < n; i++) v[i] = rows[i]!.riskScore; break;
    case 'venue_category': for (let i = 0; i < n; i++) v[i] = rows[i]!.venueCategory; break;
    case 'regulatory_flags': for (let i = 0; i < n; i++) v[i] = rows[i]!.regulatoryFlags.join(','); break;
    case 'shard_id': for (let i = 0; i < n; i++) v[i] = rows[i]!.shardId; break;
    case 'sequence_number': for (let i = 0; i < n; i++) v[i] = rows[i]!.sequenceNumber; break;
    case 'event_time': for (let i = 0; i < n; i++) v[i] = micros(rows[i]!.eventTimeMs); break;
    default: throw new LocalRuntimeError('LOCAL_INVALID_OPTIONS', `no JSON staging for curated column '${c.name}'`);
  }
  return v;
};

/**
 * Event time in whole microseconds, as JSON number text. Beyond 2^53 the shortest text of a double
 * is not its exact integer (2^60 prints as ...847000, is ...846976), and DuckDB would read the text.
 */
const micros = (ms: number): number | string => {
  const us = Math.round(ms * 1000);
  return Math.abs(us) <= Number.MAX_SAFE_INTEGER ? us : BigInt(us).toString();
};

// JSON.stringify escapes a lone surrogate as \udXXX, which DuckDB's reader refuses; the previous
// encoder (and any UTF-8 write) turned it into U+FFFD. Only a '\ud' in the text can be one.
const LONE_SURROGATE_HINT = '\\ud';

const columnJson = (c: Column, values: Values): string => {
  if (c.name === 'event_time') return `[${values.join(',')}]`;
  const json = JSON.stringify(values);
  if (c.type !== 'STRING' || !json.includes(LONE_SURROGATE_HINT)) return json;
  return JSON.stringify(values.map((s) => (typeof s === 'string' ? toWellFormed(s) : s)));
};

/** The key of a curated column in the staged document (`c0`, `c1`, ... in file order). */
export const stagedColumnKey = (index: number): string => `c${index}`;

/**
 * Curated rows as one JSON object of column arrays (`{"c0":[...],"c1":[...]}`), for DuckDB to read
 * in one call: a few native `JSON.stringify` calls per batch instead of a native call per value.
 * Strings stay exact (JSON escapes); numbers print in their shortest round-trip form. The document
 * comes in pieces, to be written in order: joined, it would be copied once more (a batch's document
 * is about 10 MB).
 */
export const curatedColumnsJson = (rows: readonly CuratedEvent[]): string[] => {
  const pieces: string[] = [];
  CURATED_COLUMNS.forEach((c, i) => {
    pieces.push(`${i === 0 ? '{' : ','}"${stagedColumnKey(i)}":`, columnJson(c, columnValues(c, rows)));
  });
  pieces.push('}');
  return pieces;
};
