-- Spoofing candidates: the SPOOFING rule of the detection application re-run over the curated lake,
-- per symbol, account and minute, with its thresholds: orders pulled within seconds of being placed,
-- one-sided, in a burst around an execution on the other side, far above what either side executed.
-- Tables: market_events (curated). Runs unchanged on Athena (Trino) and DuckDB.

-- THRESHOLDS: the values documented in the header of libs/detection/sql/detection.sql, which is the source
-- of truth (a test keeps these lines and the SQL below equal to it). Meanings are written there.
--   WINDOW                        1 MINUTE
--   SPOOF_MAX_ORDER_AGE           30 SECOND
--   SPOOF_MAX_FILL_GAP            15 SECOND
--   SPOOF_MIN_CANCELS             3
--   SPOOF_MIN_CANCEL_RATIO        0.8
--   SPOOF_MIN_CANCEL_FILL_MULTIPLE 5
--   SPOOF_MIN_SIDE_SHARE          0.75
--   SPOOF_MIN_OTHER_SIDE_FILLS    1
--   SPOOF_MIN_CANCEL_TO_OPPOSITE_FILL 15
-- Same counting as the detector: an execution counts for both accounts (mirrored onto the counterparty),
-- once per trade_id; a cancel counts only when it pulls an order placed or modified (ORDER_NEW /
-- ORDER_REPLACE) less than 30 s before; the burst needs 3 pulls and one opposite execution within 15 s.
WITH order_events AS (
  SELECT
    dt, event_time, symbol, account_id, beneficial_owner, event_type, side, price, quantity,
    MAX(CASE WHEN event_type IN ('ORDER_NEW', 'ORDER_REPLACE') THEN event_time END)
      OVER (PARTITION BY symbol, account_id, order_id ORDER BY event_time) AS last_placed
  FROM market_events
  WHERE event_type <> 'TRADE'
),
activity AS (
  SELECT dt, event_time, symbol, account_id, beneficial_owner, event_type, side, price, quantity, CAST(NULL AS VARCHAR) AS fill_id
  FROM order_events
  WHERE event_type IN ('ORDER_NEW', 'ORDER_REPLACE')
     OR (event_type = 'ORDER_CANCEL' AND last_placed > event_time - INTERVAL '30' SECOND)
  UNION ALL
  SELECT dt, event_time, symbol, account_id, beneficial_owner, event_type, side, price, quantity, COALESCE(trade_id, event_id)
  FROM market_events
  WHERE event_type = 'TRADE'
  UNION ALL
  SELECT dt, event_time, symbol, counterparty_account_id, counterparty_beneficial_owner, event_type,
    CASE WHEN side = 'BUY' THEN 'SELL' ELSE 'BUY' END, price, quantity, COALESCE(trade_id, event_id)
  FROM market_events
  WHERE event_type = 'TRADE' AND counterparty_account_id IS NOT NULL
),
pulls_and_fills AS (
  SELECT event_time, symbol, account_id, event_type, side
  FROM activity
  WHERE event_type IN ('TRADE', 'ORDER_CANCEL')
),
fill_gap AS (
  -- at each pull or execution: the account's pulls and executions per side in the 15 s up to it
  SELECT
    r.event_time, r.symbol, r.account_id,
    SUM(CASE WHEN g.event_type = 'ORDER_CANCEL' AND g.side = 'BUY' THEN 1 ELSE 0 END) AS buy_pulls,
    SUM(CASE WHEN g.event_type = 'ORDER_CANCEL' AND g.side = 'SELL' THEN 1 ELSE 0 END) AS sell_pulls,
    SUM(CASE WHEN g.event_type = 'TRADE' AND g.side = 'BUY' THEN 1 ELSE 0 END) AS buy_fills,
    SUM(CASE WHEN g.event_type = 'TRADE' AND g.side = 'SELL' THEN 1 ELSE 0 END) AS sell_fills
  FROM (SELECT DISTINCT event_time, symbol, account_id FROM pulls_and_fills) r
  JOIN pulls_and_fills g
    ON g.symbol = r.symbol
   AND g.account_id = r.account_id
   AND g.event_time <= r.event_time
   AND g.event_time > r.event_time - INTERVAL '15' SECOND
  GROUP BY r.event_time, r.symbol, r.account_id
),
near_fill AS (
  SELECT
    date_trunc('minute', event_time) AS window_start, symbol, account_id,
    MAX(CASE WHEN sell_fills >= 1 THEN buy_pulls ELSE 0 END) AS buy_pulls_near_fill,
    MAX(CASE WHEN buy_fills >= 1 THEN sell_pulls ELSE 0 END) AS sell_pulls_near_fill
  FROM fill_gap
  GROUP BY date_trunc('minute', event_time), symbol, account_id
),
per_window AS (
  SELECT
    dt,
    date_trunc('minute', event_time) AS window_start,
    symbol,
    account_id,
    MAX(beneficial_owner) AS beneficial_owner,
    SUM(CASE WHEN side = 'BUY' AND event_type = 'ORDER_NEW' THEN 1 ELSE 0 END) AS buy_orders,
    SUM(CASE WHEN side = 'BUY' AND event_type IN ('ORDER_NEW', 'ORDER_REPLACE') THEN quantity ELSE 0 END) AS buy_placed_qty,
    SUM(CASE WHEN side = 'BUY' AND event_type = 'ORDER_CANCEL' THEN 1 ELSE 0 END) AS buy_cancels,
    SUM(CASE WHEN side = 'BUY' AND event_type = 'ORDER_CANCEL' THEN quantity ELSE 0 END) AS buy_cancelled_qty,
    SUM(CASE WHEN side = 'BUY' AND event_type = 'TRADE' THEN 1 ELSE 0 END) AS buy_fill_rows,
    COUNT(DISTINCT CASE WHEN side = 'BUY' AND event_type = 'TRADE' THEN fill_id END) AS buy_fills,
    SUM(CASE WHEN side = 'BUY' AND event_type = 'TRADE' THEN quantity ELSE 0 END) AS buy_fill_rows_qty,
    SUM(CASE WHEN side = 'SELL' AND event_type = 'ORDER_NEW' THEN 1 ELSE 0 END) AS sell_orders,
    SUM(CASE WHEN side = 'SELL' AND event_type IN ('ORDER_NEW', 'ORDER_REPLACE') THEN quantity ELSE 0 END) AS sell_placed_qty,
    SUM(CASE WHEN side = 'SELL' AND event_type = 'ORDER_CANCEL' THEN 1 ELSE 0 END) AS sell_cancels,
    SUM(CASE WHEN side = 'SELL' AND event_type = 'ORDER_CANCEL' THEN quantity ELSE 0 END) AS sell_cancelled_qty,
    SUM(CASE WHEN side = 'SELL' AND event_type = 'TRADE' THEN 1 ELSE 0 END) AS sell_fill_rows,
    COUNT(DISTINCT CASE WHEN side = 'SELL' AND event_type = 'TRADE' THEN fill_id END) AS sell_fills,
    SUM(CASE WHEN side = 'SELL' AND event_type = 'TRADE' THEN quantity ELSE 0 END) AS sell_fill_rows_qty
  FROM activity
  GROUP BY dt, date_trunc('minute', event_time), symbol, account_id
),
per_side AS (
  SELECT
    w.dt, w.window_start, w.symbol, w.account_id, w.beneficial_owner,
    w.buy_orders, w.buy_placed_qty, w.buy_cancels, w.buy_cancelled_qty,
    CASE WHEN w.buy_fill_rows = 0 THEN 0 ELSE w.buy_fill_rows_qty * w.buy_fills / w.buy_fill_rows END AS buy_traded_qty,
    w.buy_fills,
    w.sell_orders, w.sell_placed_qty, w.sell_cancels, w.sell_cancelled_qty,
    CASE WHEN w.sell_fill_rows = 0 THEN 0 ELSE w.sell_fill_rows_qty * w.sell_fills / w.sell_fill_rows END AS sell_traded_qty,
    w.sell_fills,
    COALESCE(n.buy_pulls_near_fill, 0) AS buy_pulls_near_fill,
    COALESCE(n.sell_pulls_near_fill, 0) AS sell_pulls_near_fill
  FROM per_window w
  LEFT JOIN near_fill n
    ON n.window_start = w.window_start AND n.symbol = w.symbol AND n.account_id = w.account_id
  WHERE w.buy_cancels + w.sell_cancels >= 3
),
sided AS (
  SELECT dt, window_start, symbol, account_id, beneficial_owner, 'BUY' AS spoof_side,
    buy_orders AS side_orders, buy_cancels AS side_cancels, buy_cancelled_qty AS side_cancelled_qty,
    buy_pulls_near_fill AS cancels_near_fill, buy_traded_qty AS side_traded_qty,
    sell_fills AS opposite_fills, sell_traded_qty AS opposite_traded_qty,
    buy_placed_qty + buy_cancelled_qty AS side_order_qty, sell_placed_qty + sell_cancelled_qty AS opposite_order_qty
  FROM per_side
  UNION ALL
  SELECT dt, window_start, symbol, account_id, beneficial_owner, 'SELL' AS spoof_side,
    sell_orders, sell_cancels, sell_cancelled_qty,
    sell_pulls_near_fill, sell_traded_qty,
    buy_fills, buy_traded_qty,
    sell_placed_qty + sell_cancelled_qty, buy_placed_qty + buy_cancelled_qty
  FROM per_side
)
SELECT
  dt,
  window_start,
  symbol,
  account_id,
  beneficial_owner,
  spoof_side,
  side_orders,
  side_cancels,
  CASE WHEN side_orders > 0 THEN ROUND(CAST(side_cancels AS DOUBLE) / side_orders, 3) END AS cancel_ratio,
  cancels_near_fill,
  ROUND(side_cancelled_qty, 6) AS cancelled_quantity,
  ROUND(side_traded_qty, 6) AS side_traded_quantity,
  ROUND(opposite_traded_qty, 6) AS opposite_traded_quantity,
  ROUND(side_order_qty / (side_order_qty + opposite_order_qty), 3) AS side_order_share
FROM sided
WHERE side_cancels >= 3
  AND cancels_near_fill >= 3
  AND side_cancels >= 0.8 * side_orders
  AND side_cancelled_qty >= 5 * side_traded_qty
  AND opposite_fills >= 1
  AND side_cancelled_qty >= 15 * opposite_traded_qty
  AND side_order_qty >= 0.75 * (side_order_qty + opposite_order_qty)
ORDER BY side_cancels DESC, cancelled_quantity DESC, dt, window_start, symbol, account_id, spoof_side
LIMIT 500
