-- High risk accounts: accounts ranked by risk score, with their flagged events and the
-- alerts raised on them (an alert names the account or its beneficial owner).
-- Tables: market_events (curated), alerts. Runs unchanged on Athena (Trino) and DuckDB.
WITH account_risk AS (
  SELECT
    account_id,
    MIN(beneficial_owner) AS beneficial_owner,
    COUNT(*) AS events,
    ROUND(AVG(risk_score), 2) AS avg_risk_score,
    ROUND(MAX(risk_score), 2) AS max_risk_score,
    SUM(CASE WHEN risk_score >= 70 THEN 1 ELSE 0 END) AS high_risk_events,
    SUM(CASE WHEN regulatory_flags <> '' THEN 1 ELSE 0 END) AS flagged_events,
    ROUND(SUM(CASE WHEN event_type = 'TRADE' THEN price * quantity ELSE 0 END), 2) AS traded_notional
  FROM market_events
  GROUP BY account_id
),
account_alerts AS (
  SELECT a.account_id, COUNT(DISTINCT al.alert_id) AS alerts
  FROM account_risk a
  JOIN alerts al
    ON al.account_id = a.account_id
    OR (al.account_id IS NULL AND al.beneficial_owner = a.beneficial_owner)
  GROUP BY a.account_id
)
SELECT
  r.account_id,
  r.beneficial_owner,
  r.events,
  r.avg_risk_score,
  r.max_risk_score,
  r.high_risk_events,
  r.flagged_events,
  r.traded_notional,
  COALESCE(aa.alerts, 0) AS alerts
FROM account_risk r
LEFT JOIN account_alerts aa ON aa.account_id = r.account_id
WHERE r.high_risk_events > 0 OR COALESCE(aa.alerts, 0) > 0
ORDER BY alerts DESC, r.max_risk_score DESC, r.avg_risk_score DESC, r.account_id
LIMIT 100
