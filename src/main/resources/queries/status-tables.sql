-- STATUS PAGE: every table of every connection, as the state database has it (shared by every instance); removed_at
-- set: no block watches the table any more (shown apart). A table without a cursor column ('' in cursor_column) is
-- watched by its write counter: synced_write_count is what its last sync covered.
SELECT CAST(connection_id AS text) AS connection_id, route_id, table_schema, table_name, cursor_column, cursor_type,
       synced_cursor, synced_write_count, left(column_hash, 10) AS column_hash, synced, pending_job_id, pending_cursor,
       to_char(last_success_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_success_at,
       to_char(last_checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_checked_at,
       last_decision, last_error, last_tick_node,
       to_char(removed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS removed_at
FROM sync_state ORDER BY route_id, table_schema, table_name
