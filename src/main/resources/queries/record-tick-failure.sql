-- RECORD: the tick failed; the error on every watched table row of the connection (the synced values stay as they
-- were; a row marked removed is not written).
UPDATE sync_state
SET last_checked_at = now(), last_decision = 'error', last_error = :#${exchangeProperty.tick.error}, last_error_at = now(),
    updated_at = now(), last_tick_node = :#${bean:settings.nodeId}
WHERE connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid) AND removed_at IS NULL
