-- PROBE, when the block's plan is made (its first tick after start-up; again after a failed probe), before the state is
-- read: this connection's rows of tables the block no longer lists are marked removed (kept for the record, written by
-- no tick, shown apart on /status). A table the block lists again is unmarked and starts over as a table seen for the
-- first time (synced = false: the next decision syncs it once): while nobody watched it, nothing recorded what Airbyte
-- did with its stream (reset, removed and added again), so its old synced values prove nothing. Rows that do not
-- change are not written. Answers what changed, for the log (NULL: nothing).
WITH watched AS (
    SELECT w.table_schema, w.table_name
    FROM json_to_recordset(CAST(:#${exchangeProperty.tick.catalogQuery} AS json)) AS w(table_schema text, table_name text)),
gone AS (
    UPDATE sync_state s SET removed_at = now(), updated_at = now()
    WHERE s.connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid) AND s.removed_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM watched w WHERE w.table_schema = s.table_schema AND w.table_name = s.table_name)
    RETURNING quote_ident(s.table_schema) || '.' || quote_ident(s.table_name)
              || ' is in the block no more: its sync state is kept, marked removed, and no longer written' AS what),
back AS (
    UPDATE sync_state s
    SET removed_at = NULL, synced = false, synced_cursor = NULL, column_hash = NULL, column_list = NULL,
        synced_write_count = NULL, last_synced_job_id = NULL, updated_at = now()
    FROM watched w
    WHERE s.connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid) AND s.removed_at IS NOT NULL
      AND w.table_schema = s.table_schema AND w.table_name = s.table_name
    RETURNING quote_ident(s.table_schema) || '.' || quote_ident(s.table_name)
              || ' is in the block again: it starts over, as a table seen for the first time' AS what)
SELECT string_agg(what, '; ' ORDER BY what) AS changes FROM (SELECT what FROM gone UNION ALL SELECT what FROM back) c
