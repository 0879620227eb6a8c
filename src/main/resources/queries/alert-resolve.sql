-- ALERTS: close an episode. The recovery is sent only when the episode had alerted.
DELETE FROM sync_alert
WHERE connection_id = CAST(:#${exchangeProperty.alert.connectionId} AS uuid) AND kind = :#${exchangeProperty.alert.kind}
RETURNING alerted_at IS NOT NULL AS alerted, failures
