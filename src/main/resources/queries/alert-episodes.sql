-- ALERTS: the episodes open now, of every instance (bean alerts keeps them, to know when a recovery may be due).
SELECT CAST(connection_id AS text) AS connection_id, kind FROM sync_alert
