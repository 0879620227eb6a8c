-- RECORD (unchanged, job in flight): only the time of the check, the decision and the instance that ticked (on the
-- tables the block watches: a row marked removed is not written).
UPDATE sync_state
SET last_checked_at = now(), last_decision = :#${exchangeProperty.tick.decision.kind.label}, last_error = NULL,
    updated_at = now(), last_tick_node = :#${bean:settings.nodeId}
WHERE connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid) AND removed_at IS NULL
