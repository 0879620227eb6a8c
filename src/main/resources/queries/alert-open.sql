-- ALERTS: open an episode. Returns a row (so the alert is sent) only when the episode is new, or when its subject
-- differs from the open one (a further schema change).
INSERT INTO sync_alert AS a (connection_id, kind, route_id, episode, alerted_at)
VALUES (CAST(:#${exchangeProperty.alert.connectionId} AS uuid), :#${exchangeProperty.alert.kind},
        :#${exchangeProperty.alert.block}, :#${exchangeProperty.alert.episode}, now())
ON CONFLICT (connection_id, kind) DO UPDATE SET episode = EXCLUDED.episode, opened_at = now(), alerted_at = now()
WHERE a.episode IS DISTINCT FROM EXCLUDED.episode
RETURNING kind
