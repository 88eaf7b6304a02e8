import type { ParseResult } from '@surv/domain';

/**
 * Replay feeds detection a batch at a time, each batch sorted by event time. An event older than one
 * of an earlier batch is behind the detection windows' time (to KDA, a late row): the sliding windows
 * skip it and its tumbling window may be closed already. Counting such events lets a run over a file
 * that is not in event-time order (say, sorted by symbol) say so, instead of silently missing alerts.
 */
export class EventTimeOrder {
  /** Latest event time of the batches so far. */
  private latest = Number.NEGATIVE_INFINITY;
  private behind = 0;

  /** Valid events so far that were older than an event of an earlier batch. */
  get lateEvents(): number {
    return this.behind;
  }

  /**
   * One batch's parse results, in any order. Invalid records do not count, nor do duplicates (`isDuplicate`
   * by index): detection drops them anyway, so a file re-sent or scanned twice is not out of order.
   */
  addBatch(parsed: readonly ParseResult[], isDuplicate?: (index: number) => boolean): void {
    const before = this.latest;
    let latest = before;
    for (let i = 0; i < parsed.length; i++) {
      const r = parsed[i]!;
      if (!r.ok || isDuplicate?.(i)) continue;
      if (r.eventTimeMs < before) this.behind++;
      if (r.eventTimeMs > latest) latest = r.eventTimeMs;
    }
    this.latest = latest;
  }
}
