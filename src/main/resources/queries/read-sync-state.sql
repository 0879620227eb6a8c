-- CLASSIFY: the sync state of one connection, in one statement: per table what was last synced (no row before the
-- first job was recorded), each row carrying the connection's open job (ours, or one we wait for) and the trigger
-- intent an earlier tick left behind. Always at least one row. The intent's exact time (microseconds) is when a job in
-- Airbyte's list starts to count as covering it (allowing AIRBYTE_CLOCK_SKEW_MS, act/JobFinder); its age (whole seconds,
-- by this database's clock) says whether a POST /jobs sent for it may still make a job Airbyte does not list yet.
SELECT s.table_schema, s.table_name, s.cursor_column, s.synced_cursor, s.column_hash, s.column_list,
       s.synced, s.synced_write_count, s.last_decision,
       -- the write counter of the table's last job is not read again yet (V9, settle-due.sql): a difference of it is no
       -- change; no longer once the read is 5 s overdue (settle-due.sql then drops it: the baseline read at the job stays)
       (s.settle_at IS NOT NULL AND s.settle_at > now() - interval '5 seconds') AS settling, o.open_job_id, o.open_job_age,
       to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS intent_at,
       i.reason AS intent_reason, i.decision AS intent_decision, i.table_names AS intent_table_names,
       i.tables_json AS intent_tables, CAST(extract(epoch FROM now() - i.created_at) AS bigint) AS intent_age,
       CAST(floor(extract(epoch FROM s.last_success_at) * 1000) AS bigint) AS last_success_ms
FROM (SELECT max(job_id) AS open_job_id, CAST(extract(epoch FROM now() - min(created_at)) AS bigint) AS open_job_age
      FROM sync_job
      WHERE connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid) AND finished_at IS NULL) o
LEFT JOIN sync_intent i ON i.connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid)
-- rows of tables no block watches any more (removed_at) are left out
LEFT JOIN sync_state s ON s.connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid) AND s.removed_at IS NULL
