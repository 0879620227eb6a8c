-- ALERTS: a tick failed. Count it; the ALERT_AFTER_FAILURES-th in a row opens the 'failing' episode (send = true).
INSERT INTO sync_alert AS a (connection_id, kind, route_id, failures, alerted_at)
VALUES (CAST(:#${exchangeProperty.alert.connectionId} AS uuid), 'failing', :#${exchangeProperty.alert.block}, 1,
        CASE WHEN 1 >= CAST(:#${properties:alert.after.failures} AS int) THEN now() END)
ON CONFLICT (connection_id, kind) DO UPDATE SET failures = a.failures + 1,
    alerted_at = CASE WHEN a.alerted_at IS NULL AND a.failures + 1 >= CAST(:#${properties:alert.after.failures} AS int)
                      THEN now() ELSE a.alerted_at END
RETURNING failures, alerted_at = now() AS send
