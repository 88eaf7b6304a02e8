import { toIsoUtc } from '@surv/domain';
import type { StreamRecord } from './ports';

/** A line a producer sends (a simulated event or a deliberately bad record). */
export interface ProducedLine {
  readonly line: string;
  readonly bad: boolean;
}

/** A stream record that remembers whether its line was a bad one (for counts). */
export interface ProducedRecord extends StreamRecord {
  readonly bad: boolean;
}

export interface MarketStreamRecordsOptions {
  /** Prepended to `event_id`, `order_id` and `trade_id`, so separate runs never share an id. @default '' */
  readonly idPrefix?: string;
}

const encoder = new TextEncoder();
const ID_FIELDS = ['event_id', 'order_id', 'trade_id'] as const;

/** The id prefix of a simulated period that starts at `startMs`: `20261125T070000-`. */
export const periodIdPrefix = (startMs: number): string => `${toIsoUtc(startMs).replace(/[-:]/g, '').slice(0, 15)}-`;

/**
 * How a producer puts simulated lines on the market stream (the producer Lambda and `surv produce` share it):
 * key = symbol, ids prefixed, bad lines sent as they are. Lazy, so a long market streams in constant memory.
 */
export function* marketStreamRecords(lines: Iterable<ProducedLine>, options: MarketStreamRecordsOptions = {}): Generator<ProducedRecord> {
  const prefix = options.idPrefix ?? '';
  // A bad record goes to its good neighbour's shard: it has no trustworthy symbol of its own.
  let partitionKey = 'unknown';
  for (const r of lines) {
    if (r.bad) {
      yield { partitionKey, data: encoder.encode(r.line), bad: true };
      continue;
    }
    const event = JSON.parse(r.line) as Record<string, unknown>;
    if (prefix !== '') for (const f of ID_FIELDS) if (typeof event[f] === 'string') event[f] = `${prefix}${event[f] as string}`;
    partitionKey = event['symbol'] as string;
    yield { partitionKey, data: encoder.encode(JSON.stringify(event)), bad: false };
  }
}
