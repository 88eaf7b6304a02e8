-- Alert summary: alerts by rule, day (of the window start) and severity.
-- Tables: alerts. Runs unchanged on Athena (Trino) and DuckDB.
WITH dated AS (
  SELECT
    rule,
    SUBSTR(window_start, 1, 10) AS alert_day,
    severity,
    alert_id,
    symbol,
    COALESCE(account_id, beneficial_owner) AS party
  FROM alerts
)
SELECT
  rule,
  alert_day,
  severity,
  COUNT(DISTINCT alert_id) AS alerts,
  COUNT(DISTINCT symbol) AS symbols,
  COUNT(DISTINCT party) AS parties
FROM dated
GROUP BY rule, alert_day, severity
ORDER BY alert_day, rule, severity
