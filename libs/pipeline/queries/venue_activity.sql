-- Venue activity: events, trades, notional, risk and regulatory flags by venue category.
-- Tables: market_events (curated). Runs unchanged on Athena (Trino) and DuckDB.
SELECT
  venue_category,
  COUNT(*) AS events,
  COUNT(DISTINCT venue) AS venues,
  SUM(CASE WHEN event_type = 'TRADE' THEN 1 ELSE 0 END) AS trades,
  ROUND(SUM(CASE WHEN event_type = 'TRADE' THEN price * quantity ELSE 0 END), 2) AS traded_notional,
  ROUND(AVG(risk_score), 2) AS avg_risk_score,
  SUM(CASE WHEN regulatory_flags LIKE '%LARGE_NOTIONAL%' THEN 1 ELSE 0 END) AS large_notional_flags,
  SUM(CASE WHEN regulatory_flags LIKE '%OFF_HOURS%' THEN 1 ELSE 0 END) AS off_hours_flags,
  SUM(CASE WHEN regulatory_flags LIKE '%DARK_VENUE%' THEN 1 ELSE 0 END) AS dark_venue_flags,
  SUM(CASE WHEN regulatory_flags LIKE '%SELF_MATCH%' THEN 1 ELSE 0 END) AS self_match_flags
FROM market_events
GROUP BY venue_category
ORDER BY events DESC, venue_category
