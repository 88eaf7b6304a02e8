/**
 * The thresholds of the detection application, as written in the header of `sql/detection.sql` and
 * used by `sql/batch/*.sql`. The SQL is the source of truth (KDA SQL takes no parameters); this object
 * lets code and reports name the values, and a test keeps both in step. Durations are in ms here and
 * are written with their unit in the SQL (`SPOOF_MAX_ORDER_AGE 30 SECOND` is `SPOOF_MAX_ORDER_AGE_MS`).
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
  /** Cancel latency, ms: a cancel counts (a pulled order) only when the order was placed or modified less than this before. */
  readonly SPOOF_MAX_ORDER_AGE_MS: number;
  /** Span, ms, that must hold SPOOF_MIN_CANCELS pulls on the spoofed side and one execution on the other side. */
  readonly SPOOF_MAX_FILL_GAP_MS: number;
  /** Pulled orders on the spoofed side of one account in the window (and within SPOOF_MAX_FILL_GAP of an opposite execution). */
  readonly SPOOF_MIN_CANCELS: number;
  /** Pulls / new orders on the spoofed side. */
  readonly SPOOF_MIN_CANCEL_RATIO: number;
  /** Pulled quantity / quantity executed on the spoofed side. */
  readonly SPOOF_MIN_CANCEL_FILL_MULTIPLE: number;
  /** Share of the account's order quantity (placed, replaced or pulled) on the spoofed side (one-sided placement). */
  readonly SPOOF_MIN_SIDE_SHARE: number;
  /** Executions on the opposite side (the genuine order). */
  readonly SPOOF_MIN_OTHER_SIDE_FILLS: number;
  /** Pulled quantity / quantity executed on the opposite side (spoof orders dwarf the genuine one). */
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
  SPOOF_MAX_ORDER_AGE_MS: 30_000,
  SPOOF_MAX_FILL_GAP_MS: 15_000,
  SPOOF_MIN_CANCELS: 3,
  SPOOF_MIN_CANCEL_RATIO: 0.8,
  SPOOF_MIN_CANCEL_FILL_MULTIPLE: 5,
  SPOOF_MIN_SIDE_SHARE: 0.75,
  SPOOF_MIN_OTHER_SIDE_FILLS: 1,
  SPOOF_MIN_CANCEL_TO_OPPOSITE_FILL: 15,
  LAYERING_MIN_PRICE_LEVELS: 3,
  LAYERING_MIN_REPLACES: 10,
});

const UNIT_MS: Readonly<Record<string, number>> = { MILLISECOND: 1, SECOND: 1_000, MINUTE: 60_000 };

/**
 * Reads the thresholds documented in a SQL file's leading comment, in the format of `sql/detection.sql`:
 * lines `--   NAME   VALUE [UNIT]   meaning`, NAME in upper case. A duration (`30 SECOND`, `1 MINUTE`)
 * becomes `NAME_MS` in ms, as in `DetectionThresholds`. Lines that do not start with a NAME and a
 * number (continuations, prose, `SEVERITY`) are skipped; the first line that is not a comment ends it.
 */
export const parseDocumentedThresholds = (sql: string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const line of sql.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('--')) {
      if (t === '') continue;
      break;
    }
    const m = /^--\s+([A-Z][A-Z0-9_]*)\s+(-?\d+(?:\.\d+)?)(?:\s+(MILLISECOND|SECOND|MINUTE)\b)?(?:\s|$)/.exec(t);
    if (!m) continue;
    const [, name, value, unit] = m as unknown as [string, string, string, string | undefined];
    if (unit === undefined) out[name] = Number(value);
    else out[`${name}_MS`] = Number(value) * (UNIT_MS[unit] as number);
  }
  return out;
};
