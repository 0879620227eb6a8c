-- ACT: the intent found no job in Airbyte (the POST never arrived) or the connection refuses syncs: drop it.
DELETE FROM sync_intent WHERE connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid)
