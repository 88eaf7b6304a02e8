-- Wash trade candidates: trades where both sides belong to one beneficial owner
-- (self-match), per day, symbol and beneficial owner.
-- Tables: market_events (curated). Runs unchanged on Athena (Trino) and DuckDB.
SELECT
  dt,
  symbol,
  beneficial_owner,
  COUNT(*) AS self_matched_trades,
  COUNT(DISTINCT account_id) AS accounts,
  COUNT(DISTINCT counterparty_account_id) AS counterparty_accounts,
  ROUND(SUM(quantity), 6) AS total_quantity,
  ROUND(SUM(price * quantity), 2) AS total_notional,
  ROUND(MAX(risk_score), 2) AS max_risk_score,
  MIN(event_time) AS first_trade_time,
  MAX(event_time) AS last_trade_time
FROM market_events
WHERE event_type = 'TRADE'
  AND counterparty_beneficial_owner IS NOT NULL
  AND counterparty_beneficial_owner = beneficial_owner
GROUP BY dt, symbol, beneficial_owner
ORDER BY self_matched_trades DESC, total_notional DESC, dt, symbol, beneficial_owner
LIMIT 500
