import { marketStreamRecords, periodIdPrefix, type StreamRecord } from '@surv/pipeline';
import { createMarketSimulation, type SimulationOptions } from '@surv/simulator';
import { ProducerError } from './errors';

export interface IntervalSimulationOptions {
  /** When the schedule fired, epoch ms; the simulated interval is the one that ends at or before it. */
  readonly invokedAtMs: number;
  /** Interval length, ms. */
  readonly intervalMs: number;
  /** Mixed into the seed. @default 0 */
  readonly salt?: number;
  /** Everything else the simulator takes (rate, symbols, accounts, manipulations, bad records). */
  readonly market?: Omit<SimulationOptions, 'seed' | 'startTime' | 'durationMs'>;
}

/** One interval's market, ready to put on the stream. */
export interface IntervalSimulation {
  readonly startMs: number;
  readonly endMs: number;
  readonly seed: number;
  /** Prepended to event, order and trade ids so that intervals never share an id. */
  readonly idPrefix: string;
  /** The records in event-time order, bad ones interleaved; generated lazily, the same on every call. */
  records(): Generator<StreamRecord & { readonly bad: boolean }>;
}

/** 32-bit mix (murmur3 finaliser) of the interval number and the salt: neighbouring intervals get unrelated seeds. */
const mixSeed = (interval: number, salt: number): number => {
  let h = (Math.floor(interval) ^ Math.floor(interval / 0x100000000) ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};

/**
 * The simulated market of the last complete interval before `invokedAtMs`. The seed and the id prefix
 * derive from the interval alone, so a retried invocation re-sends exactly the same events (which the
 * enricher drops as duplicates), while every other interval gets a different market and fresh ids.
 */
export const intervalSimulation = (options: IntervalSimulationOptions): IntervalSimulation => {
  const { invokedAtMs, intervalMs } = options;
  if (!Number.isFinite(invokedAtMs) || invokedAtMs < intervalMs) {
    throw new ProducerError('PRODUCER_INVALID_OPTIONS', `invokedAtMs must be a time after the first interval, got ${invokedAtMs}`);
  }
  if (!Number.isInteger(intervalMs) || intervalMs < 1) throw new ProducerError('PRODUCER_INVALID_OPTIONS', `intervalMs must be a positive integer, got ${intervalMs}`);
  const index = Math.floor(invokedAtMs / intervalMs) - 1;
  const startMs = index * intervalMs;
  const seed = mixSeed(index, options.salt ?? 0);
  const idPrefix = periodIdPrefix(startMs);
  const sim = createMarketSimulation({ ...options.market, seed, startTime: startMs, durationMs: intervalMs });
  const records = () => marketStreamRecords(sim.records(), { idPrefix });
  return { startMs, endMs: startMs + intervalMs, seed, idPrefix, records };
};
