-- V7: MAX_CONCURRENT_SYNCS, one cap on the syncs of this service running in Airbyte at once (issue 14, item 3).
--
-- A change that finds the cap reached waits here, in the state database, so that every instance (CLUSTER_ENABLED=true)
-- sees one line and a restart loses nothing: one row per connection, oldest change first. The row is written by the
-- tick that found the cap reached (its first queued_at kept by the later ticks that find it so again), deleted by the
-- tick that claims a slot for it (in the statement that writes the intent) and by any tick of the connection that does
-- not end queued (nothing to sync any more, a job in flight, a failure: the block goes back to its schedule). A slot
-- that frees fires the tick of the oldest row at once (queue-next.sql).
CREATE TABLE sync_queue (
    connection_id   uuid        PRIMARY KEY,
    route_id        text,
    queued_at       timestamptz NOT NULL DEFAULT now(),  -- when the change first found the cap reached: the order
    last_queued_at  timestamptz NOT NULL DEFAULT now(),  -- the last tick that found it so
    decision        text        NOT NULL,                -- data-changed | schema-changed
    table_names     text        NOT NULL
);
CREATE INDEX sync_queue_order_idx ON sync_queue (queued_at, connection_id);

-- Claims a slot for a connection's sync, or queues it: one call, under a transaction-level advisory lock, so that two
-- instances never both take the last slot. The lock is taken first and each count below is its own statement (a
-- VOLATILE function reads with a new snapshot per statement): it sees every intent and job committed by the caller
-- that held the lock before. The caller writes its intent in the same statement (record-intent.sql), so the intent is
-- committed before the lock is released. A slot is one of our jobs not finished (reason first/data/schema; someone
-- else's 'external' sync does not count) or an intent (a POST /jobs that may be in flight) of another connection.
-- Granted when fewer than p_cap slots are taken and no other connection has waited longer (oldest first).
-- p_cap 0 or less: no cap, granted at once without the lock.
CREATE FUNCTION claim_sync_slot(p_connection uuid, p_route text, p_cap integer, p_decision text, p_tables text)
    RETURNS TABLE (claimed boolean, queue_position integer, running integer)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_running   integer;
    v_ahead     integer;
    v_queued_at timestamptz;
BEGIN
    IF p_cap IS NULL OR p_cap <= 0 THEN
        RETURN QUERY SELECT true, 0, 0;
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('pg-airbyte-sync sync slots ' || current_schema()));
    SELECT count(*) INTO v_running FROM (
        SELECT 1 FROM sync_job WHERE finished_at IS NULL AND reason <> 'external'
        UNION ALL
        SELECT 1 FROM sync_intent WHERE connection_id <> p_connection) taken;
    SELECT q.queued_at INTO v_queued_at FROM sync_queue q WHERE q.connection_id = p_connection;
    SELECT count(*) INTO v_ahead FROM sync_queue q
    WHERE q.connection_id <> p_connection
      AND (v_queued_at IS NULL OR (q.queued_at, q.connection_id) < (v_queued_at, p_connection));
    IF v_running < p_cap AND v_ahead = 0 THEN
        DELETE FROM sync_queue WHERE connection_id = p_connection;
        RETURN QUERY SELECT true, 0, v_running;
        RETURN;
    END IF;
    INSERT INTO sync_queue AS q (connection_id, route_id, decision, table_names)
    VALUES (p_connection, p_route, p_decision, p_tables)
    ON CONFLICT (connection_id) DO UPDATE SET route_id = EXCLUDED.route_id, decision = EXCLUDED.decision,
        table_names = EXCLUDED.table_names, last_queued_at = now();
    RETURN QUERY SELECT false, v_ahead + 1, v_running;
END
$$;
