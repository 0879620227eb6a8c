-- ACT: a job will cover the probed values. Remember the job and, per table, the values it covers (pending until it
-- succeeds). The cursor column and its type are pending values too: they become cursor_column/cursor_type only with
-- the synced value, when the job succeeds (a table seen for the first time gets its row with them at once; nothing is
-- synced on it yet).
-- Each table's write counter read by this tick is pending too; it is read once more at now() + STATS_FLUSH_DELAY_SECONDS
-- (settle_at, V9: queries/settle-*.sql), when PostgreSQL has flushed the counters of writes committed before the job.
-- Written once, by the writer that records the job: when sync_job has the job already (another instance adopted it
-- while this one was taken for dead, or it ended and a newer job is pending), nothing of sync_state is written, so
-- older values never replace newer ones. The intent deleted is this tick's own (same time to the microsecond), never a
-- newer one another tick wrote since.
WITH job AS (
    INSERT INTO sync_job (job_id, connection_id, route_id, reason, tables, status)
    VALUES (CAST(:#${exchangeProperty.tick.pending.jobId} AS bigint), CAST(:#${exchangeProperty.tick.connectionId} AS uuid),
            :#${exchangeProperty.tick.name}, :#${exchangeProperty.tick.pending.reason},
            :#${exchangeProperty.tick.pending.tableNames}, :#${exchangeProperty.tick.pending.status})
    ON CONFLICT (job_id) DO NOTHING
    RETURNING job_id),
drop_intent AS (
    DELETE FROM sync_intent WHERE connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid)
        AND to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') = :#${exchangeProperty.tick.intentAt})
INSERT INTO sync_state AS s (connection_id, table_schema, table_name, route_id, cursor_column, cursor_type,
    pending_job_id, pending_cursor, pending_cursor_column, pending_cursor_type, pending_hash, pending_column_list,
    pending_write_count, settle_at, settle_job_id, last_checked_at, last_decision, last_tick_node)
SELECT CAST(:#${exchangeProperty.tick.connectionId} AS uuid), r.table_schema, r.table_name,
       :#${exchangeProperty.tick.name}, r.cursor_column, r.cursor_type,
       CAST(:#${exchangeProperty.tick.pending.jobId} AS bigint), r.max_cursor, r.cursor_column, r.cursor_type,
       r.column_hash, r.column_list, r.write_count,
       CASE WHEN CAST(:#${properties:stats.flush.delay.seconds} AS int) > 0
            THEN now() + make_interval(secs => CAST(:#${properties:stats.flush.delay.seconds} AS int)) END,
       CASE WHEN CAST(:#${properties:stats.flush.delay.seconds} AS int) > 0
            THEN CAST(:#${exchangeProperty.tick.pending.jobId} AS bigint) END,
       now(), :#${exchangeProperty.tick.pending.decision},
       :#${bean:settings.nodeId}
FROM json_to_recordset(CAST(:#${exchangeProperty.tick.pending.tablesJson} AS json)) AS r(table_schema text,
     table_name text, cursor_column text, cursor_type text, max_cursor text, column_hash text, column_list text,
     write_count bigint)
WHERE EXISTS (SELECT 1 FROM job)
ON CONFLICT (connection_id, table_schema, table_name) DO UPDATE SET
    route_id = EXCLUDED.route_id,
    pending_job_id = EXCLUDED.pending_job_id, pending_cursor = EXCLUDED.pending_cursor,
    pending_cursor_column = EXCLUDED.pending_cursor_column, pending_cursor_type = EXCLUDED.pending_cursor_type,
    pending_hash = EXCLUDED.pending_hash, pending_column_list = EXCLUDED.pending_column_list,
    pending_write_count = EXCLUDED.pending_write_count, settle_at = EXCLUDED.settle_at,
    settle_job_id = EXCLUDED.settle_job_id, last_checked_at = EXCLUDED.last_checked_at,
    last_decision = EXCLUDED.last_decision, last_error = NULL, updated_at = now(), last_tick_node = EXCLUDED.last_tick_node
