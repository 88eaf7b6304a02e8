import type { MarketEvent } from '@surv/domain';

/** One row of `curated/market_events`: the event, its parsed time, the risk score and lineage. */
export interface CuratedEvent {
  readonly event: MarketEvent;
  /** Event time, epoch ms (fractional for µs precision). */
  readonly eventTimeMs: number;
  readonly riskScore: number;
  readonly venueCategory: string;
  readonly regulatoryFlags: readonly string[];
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/** Parquet type of a curated column. */
export type CuratedColumnType = 'STRING' | 'DOUBLE' | 'TIMESTAMP_MICROS';

/**
 * The columns of the curated table, in file order (partitions `dt`, `hour` come from the key).
 * `regulatory_flags` is a comma-separated string ('' when none) so Athena, Glue and DuckDB all
 * read it as a plain string column and `LIKE '%FLAG%'` works in both dialects.
 */
export const CURATED_COLUMNS: readonly { name: string; type: CuratedColumnType; nullable: boolean }[] = [
  { name: 'event_id', type: 'STRING', nullable: false },
  { name: 'event_type', type: 'STRING', nullable: false },
  { name: 'event_time', type: 'TIMESTAMP_MICROS', nullable: false },
  { name: 'symbol', type: 'STRING', nullable: false },
  { name: 'venue', type: 'STRING', nullable: false },
  { name: 'account_id', type: 'STRING', nullable: false },
  { name: 'trader_id', type: 'STRING', nullable: false },
  { name: 'beneficial_owner', type: 'STRING', nullable: false },
  { name: 'order_id', type: 'STRING', nullable: false },
  { name: 'side', type: 'STRING', nullable: false },
  { name: 'price', type: 'DOUBLE', nullable: false },
  { name: 'quantity', type: 'DOUBLE', nullable: false },
  { name: 'counterparty_account_id', type: 'STRING', nullable: true },
  { name: 'counterparty_beneficial_owner', type: 'STRING', nullable: true },
  { name: 'trade_id', type: 'STRING', nullable: true },
  { name: 'risk_score', type: 'DOUBLE', nullable: false },
  { name: 'venue_category', type: 'STRING', nullable: false },
  { name: 'regulatory_flags', type: 'STRING', nullable: false },
  { name: 'shard_id', type: 'STRING', nullable: false },
  { name: 'sequence_number', type: 'STRING', nullable: false },
];
