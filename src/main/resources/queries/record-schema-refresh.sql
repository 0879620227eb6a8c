-- ACT, schema change: the uncached discovery ran for these column fingerprints (schema-refresh-done.sql reads it).
INSERT INTO schema_refresh AS r (connection_id, route_id, column_hashes, refreshed_at)
VALUES (CAST(:#${exchangeProperty.tick.connectionId} AS uuid), :#${exchangeProperty.tick.name},
        :#${exchangeProperty.tick.columnHashes}, now())
ON CONFLICT (connection_id) DO UPDATE SET route_id = EXCLUDED.route_id, column_hashes = EXCLUDED.column_hashes,
    refreshed_at = EXCLUDED.refreshed_at
