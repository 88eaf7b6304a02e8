-- surv detection application (Amazon Kinesis Data Analytics SQL-1_0 dialect).
--
-- Reads market events (ARCHITECTURE §2) from SOURCE_SQL_STREAM_001 and writes one alert row per
-- rule, key and tumbling window to DESTINATION_SQL_STREAM. ROWTIME is the event time in replay and
-- the arrival time live. The batch twins in sql/batch/*.sql (DuckDB) must produce the same rows;
-- change both together (the differential tests fail otherwise).
--
-- THRESHOLDS (mirrored, with the same names, by DETECTION_THRESHOLDS in src/detection-thresholds.ts)
--   WINDOW                        1 MINUTE  tumbling window length of both rules (STEP(ROWTIME BY INTERVAL '1' MINUTE)).
--   WASH_MIN_SHARED_OWNER_TRADES  1         executions (distinct trade_id) whose two sides share a beneficial owner
--                                           (self-match or cross-account) that raise a wash-trade alert.
--   WASH_MIN_MATCHED_ACCOUNTS     2         accounts of one owner that must both trade, on anonymous executions
--                                           (no counterparty owner reported), for the matched-quantity test.
--   WASH_QTY_TOLERANCE            0.05      largest |bought - sold| / max(bought, sold) of those anonymous executions.
--   WASH_PRICE_TOLERANCE          0.002     largest |buy VWAP - sell VWAP| / sell VWAP (20 bp): "nearly the same price".
--                                           The matched-quantity test also needs a single venue: an owner buying on
--                                           one venue and selling on another is cross-venue arbitrage, not a wash.
--   SPOOF_MAX_ORDER_AGE           30 SECOND cancel latency. The spoofing rule counts a cancel only when it pulls an order placed
--                                           or modified (ORDER_NEW / ORDER_REPLACE of the same symbol, account and order_id)
--                                           less than this before: spoof orders are fleeting (Coscia: a few hundred ms;
--                                           the CFTC and SEC layering cases: seconds, repriced all along). An ordinary
--                                           resting order cancelled minutes after it was placed, or one this feed never
--                                           saw placed, is not a pulled order. Every cancel count and quantity below is
--                                           of pulled orders.
--   SPOOF_MAX_FILL_GAP            15 SECOND the burst and the genuine order go together: at least SPOOF_MIN_CANCELS pulls on the
--                                           spoofed side and one execution on the other side inside one span this long
--                                           (pulled right after the genuine order fills, or just before the account
--                                           trades the other way). Cancels scattered over the minute are not a burst.
--   SPOOF_MIN_CANCELS             3         pulled orders on the spoofed side of one account in the window, and pulls within
--                                           SPOOF_MAX_FILL_GAP of an opposite execution (CANCELS_NEAR_FILL).
--   SPOOF_MIN_CANCEL_RATIO        0.8       pulls / new orders on the spoofed side.
--   SPOOF_MIN_CANCEL_FILL_MULTIPLE 5        pulled quantity / quantity executed on the spoofed side (0 executed passes).
--   SPOOF_MIN_SIDE_SHARE          0.75      share of the account's order quantity (placed, replaced or pulled) that is
--                                           on the spoofed side: one-sided placement. Two-sided market makers quote
--                                           both sides (share near 0.5) and never reach it. Pulled quantity counts
--                                           so a burst whose orders were placed in the previous window still shows.
--   SPOOF_MIN_OTHER_SIDE_FILLS    1         executions (distinct trade_id) on the opposite side: the genuine order.
--   SPOOF_MIN_CANCEL_TO_OPPOSITE_FILL 15    pulled quantity / quantity executed on the opposite side: the orders
--                                           pulled dwarf the genuine order they helped to fill.
--   LAYERING_MIN_PRICE_LEVELS     3         distinct prices placed on the spoofed side that make the pattern LAYERING ...
--   LAYERING_MIN_REPLACES         10        ... or this many replaces on the spoofed side.
--   SEVERITY                                wash: CRITICAL >= 5 shared-owner trades, HIGH >= 2, MEDIUM otherwise;
--                                           spoofing: CRITICAL when pulled qty >= 50 x the opposite side's executed
--                                           qty, HIGH >= 20 x, MEDIUM otherwise.
--
-- Drop copies: a venue may report an execution once per side (buyer and seller, same trade_id, each naming
-- the other as counterparty) or only once. Counts of executions therefore use COUNT(DISTINCT trade_id)
-- (event_id when trade_id is missing), and the spoofing rule sees every execution from both accounts'
-- points of view by mirroring each TRADE onto its counterparty (SPOOF_ACTIVITY). Executed quantities are
-- estimated as (sum of quantities of the rows) x (distinct executions / rows), which is exact whenever
-- every execution of the group is reported the same number of times (one-side or both-sides feeds).
--
-- Portability: COUNT(DISTINCT ...) with GROUP BY runs on surv's engine (the Lambda detector and the local runtime),
-- but the SQL Reference's Analytic Functions page says Kinesis Data Analytics itself does not allow it, so a KAV2
-- resource on a KDA-faithful emulator would refuse this file; `surv sql check` shows each such call as a warning.
--
-- Event order: the spoofing rule's two sliding windows (ORDER_AGE, FILL_GAP) need their rows in ROWTIME
-- order; a row older than one they have already seen goes to error_stream (LATE_ROW) and that rule does not
-- count it. Live, ROWTIME is the arrival time; a replay feeds every batch in event-time order.

-- ---------------------------------------------------------------------------------------------------
-- Output: one row per alert.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    "RULE"                 VARCHAR(16),
    "PATTERN"              VARCHAR(32),
    SEVERITY               VARCHAR(16),
    SYMBOL                 VARCHAR(64),
    ACCOUNT_ID             VARCHAR(256),
    BENEFICIAL_OWNER       VARCHAR(256),
    WINDOW_START           TIMESTAMP,
    WINDOW_END             TIMESTAMP,
    -- wash-trade evidence
    TRADE_COUNT            BIGINT,
    SHARED_OWNER_TRADES    BIGINT,
    SELF_MATCH_TRADES      BIGINT,
    MATCHED_ACCOUNTS       BIGINT,
    MATCHED_BUY_QTY        DOUBLE,
    MATCHED_SELL_QTY       DOUBLE,
    MATCHED_PRICE_GAP      DOUBLE,
    -- spoofing evidence
    SPOOF_SIDE             VARCHAR(4),
    ORDERS_PLACED          BIGINT,
    ORDERS_REPLACED        BIGINT,
    ORDERS_CANCELLED       BIGINT,
    CANCELLED_QTY          DOUBLE,
    CANCELS_NEAR_FILL      BIGINT,
    SIDE_FILLED_QTY        DOUBLE,
    OTHER_SIDE_FILLS       BIGINT,
    OTHER_SIDE_FILLED_QTY  DOUBLE,
    SIDE_ORDER_SHARE       DOUBLE,
    PRICE_LEVELS           BIGINT
);

-- ---------------------------------------------------------------------------------------------------
-- WASH TRADE, step 1: per symbol, beneficial owner and minute, the executions the owner took part in.
CREATE OR REPLACE STREAM "WASH_WINDOW_STATS" (
    WINDOW_START           TIMESTAMP,
    SYMBOL                 VARCHAR(64),
    BENEFICIAL_OWNER       VARCHAR(256),
    TRADE_COUNT            BIGINT,
    SHARED_OWNER_TRADES    BIGINT,
    SELF_MATCH_TRADES      BIGINT,
    ANON_ACCOUNTS          BIGINT,
    ANON_BUY_ACCOUNTS      BIGINT,
    ANON_SELL_ACCOUNTS     BIGINT,
    ANON_VENUES            BIGINT,
    ANON_BUY_QTY           DOUBLE,
    ANON_SELL_QTY          DOUBLE,
    ANON_BUY_NOTIONAL      DOUBLE,
    ANON_SELL_NOTIONAL     DOUBLE
);

CREATE OR REPLACE PUMP "WASH_WINDOW_PUMP" AS INSERT INTO "WASH_WINDOW_STATS"
SELECT STREAM
    STEP(s.ROWTIME BY INTERVAL '1' MINUTE) AS WINDOW_START,
    s.SYMBOL,
    s.BENEFICIAL_OWNER,
    COUNT(DISTINCT COALESCE(s.TRADE_ID, s.EVENT_ID)) AS TRADE_COUNT,
    COUNT(DISTINCT CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER = s.BENEFICIAL_OWNER
                        THEN COALESCE(s.TRADE_ID, s.EVENT_ID) END) AS SHARED_OWNER_TRADES,
    COUNT(DISTINCT CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER = s.BENEFICIAL_OWNER
                         AND s.COUNTERPARTY_ACCOUNT_ID = s.ACCOUNT_ID
                        THEN COALESCE(s.TRADE_ID, s.EVENT_ID) END) AS SELF_MATCH_TRADES,
    COUNT(DISTINCT CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL THEN s.ACCOUNT_ID END) AS ANON_ACCOUNTS,
    COUNT(DISTINCT CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL AND s.SIDE = 'BUY' THEN s.ACCOUNT_ID END) AS ANON_BUY_ACCOUNTS,
    COUNT(DISTINCT CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL AND s.SIDE = 'SELL' THEN s.ACCOUNT_ID END) AS ANON_SELL_ACCOUNTS,
    COUNT(DISTINCT CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL THEN s.VENUE END) AS ANON_VENUES,
    SUM(CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL AND s.SIDE = 'BUY' THEN s.QUANTITY ELSE 0.0 END) AS ANON_BUY_QTY,
    SUM(CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL AND s.SIDE = 'SELL' THEN s.QUANTITY ELSE 0.0 END) AS ANON_SELL_QTY,
    SUM(CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL AND s.SIDE = 'BUY' THEN s.PRICE * s.QUANTITY ELSE 0.0 END) AS ANON_BUY_NOTIONAL,
    SUM(CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL AND s.SIDE = 'SELL' THEN s.PRICE * s.QUANTITY ELSE 0.0 END) AS ANON_SELL_NOTIONAL
FROM "SOURCE_SQL_STREAM_001" AS s
WHERE s.EVENT_TYPE = 'TRADE'
GROUP BY s.SYMBOL, s.BENEFICIAL_OWNER, STEP(s.ROWTIME BY INTERVAL '1' MINUTE)
HAVING COUNT(DISTINCT CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER = s.BENEFICIAL_OWNER
                           THEN COALESCE(s.TRADE_ID, s.EVENT_ID) END) >= 1
    OR COUNT(DISTINCT CASE WHEN s.COUNTERPARTY_BENEFICIAL_OWNER IS NULL THEN s.ACCOUNT_ID END) >= 2;

-- WASH TRADE, step 2: a shared-owner execution, or anonymous buys and sells across the owner's accounts
-- matching in quantity and price on one venue.
CREATE OR REPLACE PUMP "WASH_ALERT_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM
    'WASH_TRADE' AS "RULE",
    CASE WHEN w.SELF_MATCH_TRADES >= 1 THEN 'SELF_MATCH'
         WHEN w.SHARED_OWNER_TRADES >= 1 THEN 'CROSS_ACCOUNT'
         ELSE 'MATCHED_QUANTITY' END AS "PATTERN",
    CASE WHEN w.SHARED_OWNER_TRADES >= 5 THEN 'CRITICAL'
         WHEN w.SHARED_OWNER_TRADES >= 2 THEN 'HIGH'
         ELSE 'MEDIUM' END AS SEVERITY,
    w.SYMBOL,
    CAST(NULL AS VARCHAR(256)) AS ACCOUNT_ID,
    w.BENEFICIAL_OWNER,
    w.WINDOW_START,
    w.WINDOW_START + INTERVAL '1' MINUTE AS WINDOW_END,
    w.TRADE_COUNT,
    w.SHARED_OWNER_TRADES,
    w.SELF_MATCH_TRADES,
    w.ANON_ACCOUNTS AS MATCHED_ACCOUNTS,
    w.ANON_BUY_QTY AS MATCHED_BUY_QTY,
    w.ANON_SELL_QTY AS MATCHED_SELL_QTY,
    CASE WHEN w.ANON_BUY_QTY > 0 AND w.ANON_SELL_QTY > 0
         THEN ABS(w.ANON_BUY_NOTIONAL / w.ANON_BUY_QTY - w.ANON_SELL_NOTIONAL / w.ANON_SELL_QTY)
              / (w.ANON_SELL_NOTIONAL / w.ANON_SELL_QTY)
         ELSE CAST(NULL AS DOUBLE) END AS MATCHED_PRICE_GAP,
    CAST(NULL AS VARCHAR(4)) AS SPOOF_SIDE,
    CAST(NULL AS BIGINT) AS ORDERS_PLACED,
    CAST(NULL AS BIGINT) AS ORDERS_REPLACED,
    CAST(NULL AS BIGINT) AS ORDERS_CANCELLED,
    CAST(NULL AS DOUBLE) AS CANCELLED_QTY,
    CAST(NULL AS BIGINT) AS CANCELS_NEAR_FILL,
    CAST(NULL AS DOUBLE) AS SIDE_FILLED_QTY,
    CAST(NULL AS BIGINT) AS OTHER_SIDE_FILLS,
    CAST(NULL AS DOUBLE) AS OTHER_SIDE_FILLED_QTY,
    CAST(NULL AS DOUBLE) AS SIDE_ORDER_SHARE,
    CAST(NULL AS BIGINT) AS PRICE_LEVELS
FROM "WASH_WINDOW_STATS" AS w
WHERE w.SHARED_OWNER_TRADES >= 1
   OR (    w.ANON_ACCOUNTS >= 2
       AND w.ANON_BUY_ACCOUNTS >= 1
       AND w.ANON_SELL_ACCOUNTS >= 1
       AND w.ANON_VENUES = 1
       AND w.ANON_BUY_QTY > 0
       AND w.ANON_SELL_QTY > 0
       AND ABS(w.ANON_BUY_QTY - w.ANON_SELL_QTY)
           <= 0.05 * CASE WHEN w.ANON_BUY_QTY > w.ANON_SELL_QTY THEN w.ANON_BUY_QTY ELSE w.ANON_SELL_QTY END
       AND ABS(w.ANON_BUY_NOTIONAL / w.ANON_BUY_QTY - w.ANON_SELL_NOTIONAL / w.ANON_SELL_QTY)
           <= 0.002 * (w.ANON_SELL_NOTIONAL / w.ANON_SELL_QTY));

-- ---------------------------------------------------------------------------------------------------
-- SPOOFING, step 0: every event from the acting account's point of view, plus each execution mirrored
-- onto its counterparty (opposite side), so an account's fills count even when only the other side
-- of the execution is reported. Order events carry their order's recent placements (cancel latency).
CREATE OR REPLACE STREAM "SPOOF_ACTIVITY" (
    SYMBOL                 VARCHAR(64),
    ACCOUNT_ID             VARCHAR(256),
    BENEFICIAL_OWNER       VARCHAR(256),
    EVENT_TYPE             VARCHAR(16),
    SIDE                   VARCHAR(4),
    PRICE                  DOUBLE,
    QUANTITY               DOUBLE,
    FILL_ID                VARCHAR(256),
    -- order events: ORDER_NEW / ORDER_REPLACE rows of the same order in the SPOOF_MAX_ORDER_AGE up to this
    -- one; a cancel with none pulls an order that rested longer (or that this feed never saw placed)
    RECENT_PLACEMENTS      BIGINT
);

CREATE OR REPLACE PUMP "SPOOF_ACTIVITY_ORDER_PUMP" AS INSERT INTO "SPOOF_ACTIVITY"
SELECT STREAM
    s.SYMBOL, s.ACCOUNT_ID, s.BENEFICIAL_OWNER, s.EVENT_TYPE, s.SIDE, s.PRICE, s.QUANTITY,
    COALESCE(s.TRADE_ID, s.EVENT_ID) AS FILL_ID,
    COUNT(CASE WHEN s.EVENT_TYPE IN ('ORDER_NEW', 'ORDER_REPLACE') THEN 1 END) OVER ORDER_AGE AS RECENT_PLACEMENTS
FROM "SOURCE_SQL_STREAM_001" AS s
WHERE s.EVENT_TYPE <> 'TRADE'
WINDOW ORDER_AGE AS (PARTITION BY s.SYMBOL, s.ACCOUNT_ID, s.ORDER_ID RANGE INTERVAL '30' SECOND PRECEDING);

CREATE OR REPLACE PUMP "SPOOF_ACTIVITY_FILL_PUMP" AS INSERT INTO "SPOOF_ACTIVITY"
SELECT STREAM
    s.SYMBOL, s.ACCOUNT_ID, s.BENEFICIAL_OWNER, s.EVENT_TYPE, s.SIDE, s.PRICE, s.QUANTITY,
    COALESCE(s.TRADE_ID, s.EVENT_ID) AS FILL_ID,
    CAST(NULL AS BIGINT) AS RECENT_PLACEMENTS
FROM "SOURCE_SQL_STREAM_001" AS s
WHERE s.EVENT_TYPE = 'TRADE';

CREATE OR REPLACE PUMP "SPOOF_ACTIVITY_MIRROR_PUMP" AS INSERT INTO "SPOOF_ACTIVITY"
SELECT STREAM
    s.SYMBOL,
    s.COUNTERPARTY_ACCOUNT_ID AS ACCOUNT_ID,
    s.COUNTERPARTY_BENEFICIAL_OWNER AS BENEFICIAL_OWNER,
    s.EVENT_TYPE,
    CASE WHEN s.SIDE = 'BUY' THEN 'SELL' ELSE 'BUY' END AS SIDE,
    s.PRICE, s.QUANTITY,
    COALESCE(s.TRADE_ID, s.EVENT_ID) AS FILL_ID,
    CAST(NULL AS BIGINT) AS RECENT_PLACEMENTS
FROM "SOURCE_SQL_STREAM_001" AS s
WHERE s.EVENT_TYPE = 'TRADE'
  AND s.COUNTERPARTY_ACCOUNT_ID IS NOT NULL;

-- SPOOFING, step 1: what the rule counts. Placements (new and replaced orders), executions, and pulled
-- orders: cancels of orders placed or modified less than SPOOF_MAX_ORDER_AGE before (cancels of orders
-- that rested longer are not counted anywhere). Executions and pulls also carry, per side, how many
-- pulls and executions of the account fall in the SPOOF_MAX_FILL_GAP up to them.
CREATE OR REPLACE STREAM "SPOOF_EVENTS" (
    SYMBOL                 VARCHAR(64),
    ACCOUNT_ID             VARCHAR(256),
    BENEFICIAL_OWNER       VARCHAR(256),
    EVENT_TYPE             VARCHAR(16),
    SIDE                   VARCHAR(4),
    PRICE                  DOUBLE,
    QUANTITY               DOUBLE,
    FILL_ID                VARCHAR(256),
    GAP_BUY_PULLS          BIGINT,
    GAP_SELL_PULLS         BIGINT,
    GAP_BUY_FILLS          BIGINT,
    GAP_SELL_FILLS         BIGINT
);

CREATE OR REPLACE PUMP "SPOOF_PLACEMENT_PUMP" AS INSERT INTO "SPOOF_EVENTS"
SELECT STREAM
    a.SYMBOL, a.ACCOUNT_ID, a.BENEFICIAL_OWNER, a.EVENT_TYPE, a.SIDE, a.PRICE, a.QUANTITY, a.FILL_ID,
    CAST(0 AS BIGINT) AS GAP_BUY_PULLS,
    CAST(0 AS BIGINT) AS GAP_SELL_PULLS,
    CAST(0 AS BIGINT) AS GAP_BUY_FILLS,
    CAST(0 AS BIGINT) AS GAP_SELL_FILLS
FROM "SPOOF_ACTIVITY" AS a
WHERE a.EVENT_TYPE IN ('ORDER_NEW', 'ORDER_REPLACE');

CREATE OR REPLACE PUMP "SPOOF_PULL_AND_FILL_PUMP" AS INSERT INTO "SPOOF_EVENTS"
SELECT STREAM
    a.SYMBOL, a.ACCOUNT_ID, a.BENEFICIAL_OWNER, a.EVENT_TYPE, a.SIDE, a.PRICE, a.QUANTITY, a.FILL_ID,
    COUNT(CASE WHEN a.EVENT_TYPE = 'ORDER_CANCEL' AND a.SIDE = 'BUY' THEN 1 END) OVER FILL_GAP AS GAP_BUY_PULLS,
    COUNT(CASE WHEN a.EVENT_TYPE = 'ORDER_CANCEL' AND a.SIDE = 'SELL' THEN 1 END) OVER FILL_GAP AS GAP_SELL_PULLS,
    COUNT(CASE WHEN a.EVENT_TYPE = 'TRADE' AND a.SIDE = 'BUY' THEN 1 END) OVER FILL_GAP AS GAP_BUY_FILLS,
    COUNT(CASE WHEN a.EVENT_TYPE = 'TRADE' AND a.SIDE = 'SELL' THEN 1 END) OVER FILL_GAP AS GAP_SELL_FILLS
FROM "SPOOF_ACTIVITY" AS a
WHERE a.EVENT_TYPE = 'TRADE'
   OR (a.EVENT_TYPE = 'ORDER_CANCEL' AND a.RECENT_PLACEMENTS >= 1)
WINDOW FILL_GAP AS (PARTITION BY a.SYMBOL, a.ACCOUNT_ID RANGE INTERVAL '15' SECOND PRECEDING);

-- SPOOFING, step 2: per symbol, account and minute, placements, pulls and fills per side.
CREATE OR REPLACE STREAM "SPOOF_WINDOW_STATS" (
    WINDOW_START           TIMESTAMP,
    SYMBOL                 VARCHAR(64),
    ACCOUNT_ID             VARCHAR(256),
    BENEFICIAL_OWNER       VARCHAR(256),
    BUY_NEW_COUNT          BIGINT,
    BUY_REPLACE_COUNT      BIGINT,
    BUY_PLACED_QTY         DOUBLE,
    BUY_CANCEL_COUNT       BIGINT,
    BUY_CANCEL_QTY         DOUBLE,
    BUY_FILL_ROWS          BIGINT,
    BUY_FILLS              BIGINT,
    BUY_FILL_ROWS_QTY      DOUBLE,
    BUY_PRICE_LEVELS       BIGINT,
    BUY_PULLS_NEAR_FILL    BIGINT,
    SELL_NEW_COUNT         BIGINT,
    SELL_REPLACE_COUNT     BIGINT,
    SELL_PLACED_QTY        DOUBLE,
    SELL_CANCEL_COUNT      BIGINT,
    SELL_CANCEL_QTY        DOUBLE,
    SELL_FILL_ROWS         BIGINT,
    SELL_FILLS             BIGINT,
    SELL_FILL_ROWS_QTY     DOUBLE,
    SELL_PRICE_LEVELS      BIGINT,
    SELL_PULLS_NEAR_FILL   BIGINT
);

CREATE OR REPLACE PUMP "SPOOF_WINDOW_PUMP" AS INSERT INTO "SPOOF_WINDOW_STATS"
SELECT STREAM
    STEP(a.ROWTIME BY INTERVAL '1' MINUTE) AS WINDOW_START,
    a.SYMBOL,
    a.ACCOUNT_ID,
    -- one owner per account; MAX skips mirrored fills whose counterparty owner was not reported
    MAX(a.BENEFICIAL_OWNER) AS BENEFICIAL_OWNER,
    COUNT(CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE = 'ORDER_NEW' THEN 1 END) AS BUY_NEW_COUNT,
    COUNT(CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE = 'ORDER_REPLACE' THEN 1 END) AS BUY_REPLACE_COUNT,
    SUM(CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE IN ('ORDER_NEW', 'ORDER_REPLACE') THEN a.QUANTITY ELSE 0.0 END) AS BUY_PLACED_QTY,
    COUNT(CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE = 'ORDER_CANCEL' THEN 1 END) AS BUY_CANCEL_COUNT,
    SUM(CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE = 'ORDER_CANCEL' THEN a.QUANTITY ELSE 0.0 END) AS BUY_CANCEL_QTY,
    COUNT(CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE = 'TRADE' THEN 1 END) AS BUY_FILL_ROWS,
    COUNT(DISTINCT CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE = 'TRADE' THEN a.FILL_ID END) AS BUY_FILLS,
    SUM(CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE = 'TRADE' THEN a.QUANTITY ELSE 0.0 END) AS BUY_FILL_ROWS_QTY,
    COUNT(DISTINCT CASE WHEN a.SIDE = 'BUY' AND a.EVENT_TYPE IN ('ORDER_NEW', 'ORDER_REPLACE') THEN a.PRICE END) AS BUY_PRICE_LEVELS,
    MAX(CASE WHEN a.GAP_SELL_FILLS >= 1 THEN a.GAP_BUY_PULLS ELSE 0 END) AS BUY_PULLS_NEAR_FILL,
    COUNT(CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE = 'ORDER_NEW' THEN 1 END) AS SELL_NEW_COUNT,
    COUNT(CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE = 'ORDER_REPLACE' THEN 1 END) AS SELL_REPLACE_COUNT,
    SUM(CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE IN ('ORDER_NEW', 'ORDER_REPLACE') THEN a.QUANTITY ELSE 0.0 END) AS SELL_PLACED_QTY,
    COUNT(CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE = 'ORDER_CANCEL' THEN 1 END) AS SELL_CANCEL_COUNT,
    SUM(CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE = 'ORDER_CANCEL' THEN a.QUANTITY ELSE 0.0 END) AS SELL_CANCEL_QTY,
    COUNT(CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE = 'TRADE' THEN 1 END) AS SELL_FILL_ROWS,
    COUNT(DISTINCT CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE = 'TRADE' THEN a.FILL_ID END) AS SELL_FILLS,
    SUM(CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE = 'TRADE' THEN a.QUANTITY ELSE 0.0 END) AS SELL_FILL_ROWS_QTY,
    COUNT(DISTINCT CASE WHEN a.SIDE = 'SELL' AND a.EVENT_TYPE IN ('ORDER_NEW', 'ORDER_REPLACE') THEN a.PRICE END) AS SELL_PRICE_LEVELS,
    MAX(CASE WHEN a.GAP_BUY_FILLS >= 1 THEN a.GAP_SELL_PULLS ELSE 0 END) AS SELL_PULLS_NEAR_FILL
FROM "SPOOF_EVENTS" AS a
GROUP BY a.SYMBOL, a.ACCOUNT_ID, STEP(a.ROWTIME BY INTERVAL '1' MINUTE)
HAVING COUNT(CASE WHEN a.EVENT_TYPE = 'ORDER_CANCEL' THEN 1 END) >= 3;

-- SPOOFING, step 3: each side seen as the possibly spoofed side, against the opposite side.
CREATE OR REPLACE STREAM "SPOOF_SIDE_STATS" (
    WINDOW_START           TIMESTAMP,
    SYMBOL                 VARCHAR(64),
    ACCOUNT_ID             VARCHAR(256),
    BENEFICIAL_OWNER       VARCHAR(256),
    SPOOF_SIDE             VARCHAR(4),
    NEW_COUNT              BIGINT,
    REPLACE_COUNT          BIGINT,
    ORDER_QTY              DOUBLE,
    OTHER_ORDER_QTY        DOUBLE,
    CANCEL_COUNT           BIGINT,
    CANCEL_QTY             DOUBLE,
    PULLS_NEAR_FILL        BIGINT,
    SIDE_FILLED_QTY        DOUBLE,
    OTHER_SIDE_FILLS       BIGINT,
    OTHER_SIDE_FILLED_QTY  DOUBLE,
    PRICE_LEVELS           BIGINT
);

CREATE OR REPLACE PUMP "SPOOF_BUY_SIDE_PUMP" AS INSERT INTO "SPOOF_SIDE_STATS"
SELECT STREAM
    w.WINDOW_START, w.SYMBOL, w.ACCOUNT_ID, w.BENEFICIAL_OWNER,
    'BUY' AS SPOOF_SIDE,
    w.BUY_NEW_COUNT AS NEW_COUNT,
    w.BUY_REPLACE_COUNT AS REPLACE_COUNT,
    w.BUY_PLACED_QTY + w.BUY_CANCEL_QTY AS ORDER_QTY,
    w.SELL_PLACED_QTY + w.SELL_CANCEL_QTY AS OTHER_ORDER_QTY,
    w.BUY_CANCEL_COUNT AS CANCEL_COUNT,
    w.BUY_CANCEL_QTY AS CANCEL_QTY,
    w.BUY_PULLS_NEAR_FILL AS PULLS_NEAR_FILL,
    CASE WHEN w.BUY_FILL_ROWS = 0 THEN 0.0
         ELSE w.BUY_FILL_ROWS_QTY * CAST(w.BUY_FILLS AS DOUBLE) / CAST(w.BUY_FILL_ROWS AS DOUBLE) END AS SIDE_FILLED_QTY,
    w.SELL_FILLS AS OTHER_SIDE_FILLS,
    CASE WHEN w.SELL_FILL_ROWS = 0 THEN 0.0
         ELSE w.SELL_FILL_ROWS_QTY * CAST(w.SELL_FILLS AS DOUBLE) / CAST(w.SELL_FILL_ROWS AS DOUBLE) END AS OTHER_SIDE_FILLED_QTY,
    w.BUY_PRICE_LEVELS AS PRICE_LEVELS
FROM "SPOOF_WINDOW_STATS" AS w
WHERE w.BUY_CANCEL_COUNT >= 3;

CREATE OR REPLACE PUMP "SPOOF_SELL_SIDE_PUMP" AS INSERT INTO "SPOOF_SIDE_STATS"
SELECT STREAM
    w.WINDOW_START, w.SYMBOL, w.ACCOUNT_ID, w.BENEFICIAL_OWNER,
    'SELL' AS SPOOF_SIDE,
    w.SELL_NEW_COUNT AS NEW_COUNT,
    w.SELL_REPLACE_COUNT AS REPLACE_COUNT,
    w.SELL_PLACED_QTY + w.SELL_CANCEL_QTY AS ORDER_QTY,
    w.BUY_PLACED_QTY + w.BUY_CANCEL_QTY AS OTHER_ORDER_QTY,
    w.SELL_CANCEL_COUNT AS CANCEL_COUNT,
    w.SELL_CANCEL_QTY AS CANCEL_QTY,
    w.SELL_PULLS_NEAR_FILL AS PULLS_NEAR_FILL,
    CASE WHEN w.SELL_FILL_ROWS = 0 THEN 0.0
         ELSE w.SELL_FILL_ROWS_QTY * CAST(w.SELL_FILLS AS DOUBLE) / CAST(w.SELL_FILL_ROWS AS DOUBLE) END AS SIDE_FILLED_QTY,
    w.BUY_FILLS AS OTHER_SIDE_FILLS,
    CASE WHEN w.BUY_FILL_ROWS = 0 THEN 0.0
         ELSE w.BUY_FILL_ROWS_QTY * CAST(w.BUY_FILLS AS DOUBLE) / CAST(w.BUY_FILL_ROWS AS DOUBLE) END AS OTHER_SIDE_FILLED_QTY,
    w.SELL_PRICE_LEVELS AS PRICE_LEVELS
FROM "SPOOF_WINDOW_STATS" AS w
WHERE w.SELL_CANCEL_COUNT >= 3;

-- SPOOFING, step 4: one-sided placement, pulled within seconds of being placed, in a burst around an
-- execution on the opposite side, far above what either side executed.
CREATE OR REPLACE PUMP "SPOOF_ALERT_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM
    'SPOOFING' AS "RULE",
    CASE WHEN p.PRICE_LEVELS >= 3 OR p.REPLACE_COUNT >= 10 THEN 'LAYERING' ELSE 'SPOOFING_BURST' END AS "PATTERN",
    CASE WHEN p.CANCEL_QTY >= 50 * p.OTHER_SIDE_FILLED_QTY THEN 'CRITICAL'
         WHEN p.CANCEL_QTY >= 20 * p.OTHER_SIDE_FILLED_QTY THEN 'HIGH'
         ELSE 'MEDIUM' END AS SEVERITY,
    p.SYMBOL,
    p.ACCOUNT_ID,
    p.BENEFICIAL_OWNER,
    p.WINDOW_START,
    p.WINDOW_START + INTERVAL '1' MINUTE AS WINDOW_END,
    CAST(NULL AS BIGINT) AS TRADE_COUNT,
    CAST(NULL AS BIGINT) AS SHARED_OWNER_TRADES,
    CAST(NULL AS BIGINT) AS SELF_MATCH_TRADES,
    CAST(NULL AS BIGINT) AS MATCHED_ACCOUNTS,
    CAST(NULL AS DOUBLE) AS MATCHED_BUY_QTY,
    CAST(NULL AS DOUBLE) AS MATCHED_SELL_QTY,
    CAST(NULL AS DOUBLE) AS MATCHED_PRICE_GAP,
    p.SPOOF_SIDE,
    p.NEW_COUNT AS ORDERS_PLACED,
    p.REPLACE_COUNT AS ORDERS_REPLACED,
    p.CANCEL_COUNT AS ORDERS_CANCELLED,
    p.CANCEL_QTY AS CANCELLED_QTY,
    p.PULLS_NEAR_FILL AS CANCELS_NEAR_FILL,
    p.SIDE_FILLED_QTY,
    p.OTHER_SIDE_FILLS,
    p.OTHER_SIDE_FILLED_QTY,
    p.ORDER_QTY / (p.ORDER_QTY + p.OTHER_ORDER_QTY) AS SIDE_ORDER_SHARE,
    p.PRICE_LEVELS
FROM "SPOOF_SIDE_STATS" AS p
WHERE p.CANCEL_COUNT >= 3
  AND p.PULLS_NEAR_FILL >= 3
  AND p.CANCEL_COUNT >= 0.8 * p.NEW_COUNT
  AND p.CANCEL_QTY >= 5 * p.SIDE_FILLED_QTY
  AND p.OTHER_SIDE_FILLS >= 1
  AND p.CANCEL_QTY >= 15 * p.OTHER_SIDE_FILLED_QTY
  AND p.ORDER_QTY >= 0.75 * (p.ORDER_QTY + p.OTHER_ORDER_QTY);
