import { parseMarketEvent, type ParseResult } from '@surv/domain';
import type { ConsumedRecord } from './ports';

/** Turns a consumed record into a market event or a rejection; stages share it so a runtime can memoise. */
export type RecordParser = (record: ConsumedRecord) => ParseResult;

/**
 * The default parser. Event times are checked against the record's arrival time (not the wall
 * clock), so replaying the same records always gives the same verdicts.
 */
export const parseConsumedRecord: RecordParser = (record) =>
  parseMarketEvent(record.data, { nowMs: record.arrivalTime });

/** A parser that remembers results per record object, so the enricher and detector parse once. */
export const memoizedRecordParser = (parse: RecordParser = parseConsumedRecord): RecordParser => {
  const cache = new WeakMap<ConsumedRecord, ParseResult>();
  return (record) => {
    let hit = cache.get(record);
    if (!hit) {
      hit = parse(record);
      cache.set(record, hit);
    }
    return hit;
  };
};
