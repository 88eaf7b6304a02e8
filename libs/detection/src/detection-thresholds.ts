/**
 * The thresholds of the detection application, as written in the header of `sql/detection.sql` and
 * used by `sql/batch/*.sql`. The SQL is the source of truth (KDA SQL takes no parameters); this object
 * lets code and reports name the values, and a test keeps both in step.
 */
export interface DetectionThresholds {
  /** Tumbling window length of both rules, ms. */
  readonly WINDOW_MS: number;
  /** Executions (distinct trade_id) whose two sides share a beneficial owner that raise a wash-trade alert. */
  readonly WASH_MIN_SHARED_OWNER_TRADES: number;
  /** Accounts of one owner that must trade, on anonymous executions, for the matched-quantity test. */
  readonly WASH_MIN_MATCHED_ACCOUNTS: number;
  /** Largest |bought - sold| / max(bought, sold) of those anonymous executions. */
  readonly WASH_QTY_TOLERANCE: number;
  /** Largest |buy VWAP - sell VWAP| / sell VWAP: "nearly the same price". */
  readonly WASH_PRICE_TOLERANCE: number;
  /** Orders cancelled on the spoofed side of one account in the window. */
  readonly SPOOF_MIN_CANCELS: number;
  /** Cancels / new orders on the spoofed side. */
  readonly SPOOF_MIN_CANCEL_RATIO: number;
  /** Cancelled quantity / quantity executed on the spoofed side. */
  readonly SPOOF_MIN_CANCEL_FILL_MULTIPLE: number;
  /** Share of the account's order quantity (placed, replaced or cancelled) on the spoofed side (one-sided placement). */
  readonly SPOOF_MIN_SIDE_SHARE: number;
  /** Executions on the opposite side (the genuine order). */
  readonly SPOOF_MIN_OTHER_SIDE_FILLS: number;
  /** Cancelled quantity / quantity executed on the opposite side (spoof orders dwarf the genuine one). */
  readonly SPOOF_MIN_CANCEL_TO_OPPOSITE_FILL: number;
  /** Distinct prices placed on the spoofed side that make the pattern LAYERING. */
  readonly LAYERING_MIN_PRICE_LEVELS: number;
  /** Replaces on the spoofed side that make the pattern LAYERING. */
  readonly LAYERING_MIN_REPLACES: number;
}

/** The values compiled into `sql/detection.sql` (see its header for each meaning). */
export const DETECTION_THRESHOLDS: DetectionThresholds = Object.freeze({
  WINDOW_MS: 60_000,
  WASH_MIN_SHARED_OWNER_TRADES: 1,
  WASH_MIN_MATCHED_ACCOUNTS: 2,
  WASH_QTY_TOLERANCE: 0.05,
  WASH_PRICE_TOLERANCE: 0.002,
  SPOOF_MIN_CANCELS: 3,
  SPOOF_MIN_CANCEL_RATIO: 0.8,
  SPOOF_MIN_CANCEL_FILL_MULTIPLE: 5,
  SPOOF_MIN_SIDE_SHARE: 0.75,
  SPOOF_MIN_OTHER_SIDE_FILLS: 1,
  SPOOF_MIN_CANCEL_TO_OPPOSITE_FILL: 15,
  LAYERING_MIN_PRICE_LEVELS: 3,
  LAYERING_MIN_REPLACES: 10,
});
