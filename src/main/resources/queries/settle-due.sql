-- STATS SETTLE (stats-settle.yaml, every second): the tables whose write counter is due to be read again as the
-- baseline of their last job (settle_at = when the job was posted + STATS_FLUSH_DELAY_SECONDS, V9), as JSON for
-- settle-read-counters.sql on the source. A read more than 5 s overdue (the service was down, or this timer stalled) is
-- not taken: its settle is dropped here and the counter read when the job was posted stays the baseline; a late flush
-- then makes one more sync, which is safe, where a late read could absorb a change made after it (read-sync-state.sql
-- stops counting the table as settling at the same 5 s). Answers the due tables (NULL: none) and, for the log, the
-- tables whose read came too late (NULL: none).
WITH late AS (
    UPDATE sync_state SET settle_at = NULL, settle_job_id = NULL, updated_at = now()
    WHERE settle_at <= now() - interval '5 seconds'
    RETURNING coalesce(route_id, CAST(connection_id AS text)) || ' ' || quote_ident(table_schema) || '.' || quote_ident(table_name) AS what)
SELECT (SELECT string_agg(what, ', ' ORDER BY what) FROM late) AS late,
       (SELECT CAST(json_agg(json_build_object('connection_id', s.connection_id, 'table_schema', s.table_schema,
                    'table_name', s.table_name,
                    'settle_at', to_char(s.settle_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))) AS text)
        FROM sync_state s WHERE s.settle_at <= now() AND s.settle_at > now() - interval '5 seconds') AS due
