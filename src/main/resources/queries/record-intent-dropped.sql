-- ACT: the intent found no job in Airbyte (the POST never arrived) or the connection refuses syncs: drop it. Only this
-- tick's intent (same time to the microsecond): a newer one, written since by another tick, stays.
DELETE FROM sync_intent WHERE connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid)
    AND to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') = :#${exchangeProperty.tick.intentAt}
