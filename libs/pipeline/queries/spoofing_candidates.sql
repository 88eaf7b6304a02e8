-- Spoofing candidates: per day, symbol and account, one side shows many orders that are
-- mostly cancelled (cancel ratio >= 0.8, at least 5 cancels, cancelled quantity at least
-- 5x what that side executed) while the account trades on the other side.
-- Two-sided market makers (high cancels on BOTH sides, fills on both) are excluded by
-- requiring the opposite side to have a low cancel ratio.
-- Tables: market_events (curated). Runs unchanged on Athena (Trino) and DuckDB.
WITH per_account AS (
  SELECT
    dt,
    symbol,
    account_id,
    SUM(CASE WHEN event_type = 'ORDER_NEW' AND side = 'BUY' THEN 1 ELSE 0 END) AS buy_orders,
    SUM(CASE WHEN event_type = 'ORDER_CANCEL' AND side = 'BUY' THEN 1 ELSE 0 END) AS buy_cancels,
    SUM(CASE WHEN event_type = 'ORDER_CANCEL' AND side = 'BUY' THEN quantity ELSE 0 END) AS buy_cancelled_qty,
    SUM(CASE WHEN event_type = 'TRADE' AND side = 'BUY' THEN quantity ELSE 0 END) AS buy_traded_qty,
    SUM(CASE WHEN event_type = 'ORDER_NEW' AND side = 'SELL' THEN 1 ELSE 0 END) AS sell_orders,
    SUM(CASE WHEN event_type = 'ORDER_CANCEL' AND side = 'SELL' THEN 1 ELSE 0 END) AS sell_cancels,
    SUM(CASE WHEN event_type = 'ORDER_CANCEL' AND side = 'SELL' THEN quantity ELSE 0 END) AS sell_cancelled_qty,
    SUM(CASE WHEN event_type = 'TRADE' AND side = 'SELL' THEN quantity ELSE 0 END) AS sell_traded_qty
  FROM market_events
  GROUP BY dt, symbol, account_id
),
sided AS (
  SELECT dt, symbol, account_id, 'BUY' AS spoof_side,
    buy_orders AS side_orders, buy_cancels AS side_cancels, buy_cancelled_qty AS side_cancelled_qty,
    buy_traded_qty AS side_traded_qty, sell_traded_qty AS opposite_traded_qty,
    sell_orders AS opposite_orders, sell_cancels AS opposite_cancels
  FROM per_account
  UNION ALL
  SELECT dt, symbol, account_id, 'SELL' AS spoof_side,
    sell_orders AS side_orders, sell_cancels AS side_cancels, sell_cancelled_qty AS side_cancelled_qty,
    sell_traded_qty AS side_traded_qty, buy_traded_qty AS opposite_traded_qty,
    buy_orders AS opposite_orders, buy_cancels AS opposite_cancels
  FROM per_account
)
SELECT
  dt,
  symbol,
  account_id,
  spoof_side,
  side_orders,
  side_cancels,
  ROUND(CAST(side_cancels AS DOUBLE) / side_orders, 3) AS cancel_ratio,
  ROUND(side_cancelled_qty, 6) AS cancelled_quantity,
  ROUND(side_traded_qty, 6) AS side_traded_quantity,
  ROUND(opposite_traded_qty, 6) AS opposite_traded_quantity
FROM sided
WHERE side_orders > 0
  AND side_cancels >= 5
  AND CAST(side_cancels AS DOUBLE) / side_orders >= 0.8
  AND side_cancelled_qty >= 5 * side_traded_qty
  AND opposite_traded_qty > 0
  AND (opposite_orders = 0 OR CAST(opposite_cancels AS DOUBLE) / opposite_orders < 0.5)
ORDER BY side_cancels DESC, cancelled_quantity DESC, dt, symbol, account_id, spoof_side
LIMIT 500
