-- ACT, before POST /jobs: claims a slot under MAX_CONCURRENT_SYNCS (claim_sync_slot, sql/state/V7: with no cap it is
-- granted at once) and, granted, writes the trigger intent with the probed values the job will cover, in this one
-- statement: the intent is committed with the claim, so no other instance can take the same slot. Returns the intent's
-- exact time (ISO-8601 UTC, microseconds, this database's clock): a sync job Airbyte lists as created since then,
-- allowing AIRBYTE_CLOCK_SKEW_MS (act/JobFinder), covers them. Not granted: no intent (intent_at NULL), the connection
-- is in sync_queue, with its place in line and the slots taken.
WITH slot AS (
    SELECT * FROM claim_sync_slot(CAST(:#${exchangeProperty.tick.connectionId} AS uuid), :#${exchangeProperty.tick.name},
        CAST(:#${bean:settings.maxConcurrentSyncs} AS integer), :#${exchangeProperty.tick.decision.kind.label},
        :#${exchangeProperty.tick.decision.tableNames})),
i AS (
    INSERT INTO sync_intent AS x (connection_id, route_id, created_at, reason, decision, table_names, tables_json)
    SELECT CAST(:#${exchangeProperty.tick.connectionId} AS uuid), :#${exchangeProperty.tick.name}, now(),
            :#${exchangeProperty.tick.decision.reason}, :#${exchangeProperty.tick.decision.kind.label},
            :#${exchangeProperty.tick.decision.tableNames}, :#${exchangeProperty.tick.decision.tablesJson}
    FROM slot WHERE slot.claimed
    ON CONFLICT (connection_id) DO UPDATE SET route_id = EXCLUDED.route_id, created_at = EXCLUDED.created_at,
        reason = EXCLUDED.reason, decision = EXCLUDED.decision, table_names = EXCLUDED.table_names,
        tables_json = EXCLUDED.tables_json
    RETURNING to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS intent_at)
SELECT (SELECT intent_at FROM i) AS intent_at, slot.claimed, slot.queue_position, slot.running FROM slot
