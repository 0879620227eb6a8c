-- STATUS PAGE: MAX_CONCURRENT_SYNCS, the slots taken (our jobs not finished, intents: as claim_sync_slot counts them) and
-- the line of queued connections, oldest first (shared by every instance). Always one row; no queued connection: one
-- row with connection_id NULL.
SELECT t.running, CAST(q.connection_id AS text) AS connection_id, q.route_id, q.decision, q.table_names,
       row_number() OVER (ORDER BY q.queued_at, q.connection_id) AS queue_position,
       to_char(q.queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS queued_at,
       CAST(extract(epoch FROM now() - q.queued_at) AS bigint) AS waiting_seconds
FROM (SELECT count(*) AS running FROM (
          SELECT 1 FROM sync_job WHERE finished_at IS NULL AND reason <> 'external'
          UNION ALL
          SELECT 1 FROM sync_intent) x) t
LEFT JOIN sync_queue q ON true
ORDER BY q.queued_at, q.connection_id
