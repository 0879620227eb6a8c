-- ACT, schema change: when Airbyte's source schema was last refreshed (uncached discovery) for exactly the column
-- fingerprints this tick probed, if no sync of ours was accepted since ('' otherwise: refresh now). One row, always.
SELECT coalesce((
    SELECT to_char(r.refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    FROM schema_refresh r
    WHERE r.connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid)
      AND r.column_hashes = :#${exchangeProperty.tick.columnHashes}
      AND NOT EXISTS (SELECT 1 FROM sync_job j WHERE j.connection_id = r.connection_id AND j.reason <> 'external'
                      AND j.created_at >= r.refreshed_at)), '') AS refreshed_at
