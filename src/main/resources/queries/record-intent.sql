-- ACT, before POST /jobs: the trigger intent, with the probed values the job will cover. Returns the intent's exact time
-- (ISO-8601 UTC, microseconds, this database's clock): a sync job Airbyte lists as created since then, allowing
-- AIRBYTE_CLOCK_SKEW_MS (act/JobFinder), covers them.
WITH i AS (
    INSERT INTO sync_intent AS x (connection_id, route_id, created_at, reason, decision, table_names, tables_json)
    VALUES (CAST(:#${exchangeProperty.tick.connectionId} AS uuid), :#${exchangeProperty.tick.name}, now(),
            :#${exchangeProperty.tick.decision.reason}, :#${exchangeProperty.tick.decision.kind.label},
            :#${exchangeProperty.tick.decision.tableNames}, :#${exchangeProperty.tick.decision.tablesJson})
    ON CONFLICT (connection_id) DO UPDATE SET route_id = EXCLUDED.route_id, created_at = EXCLUDED.created_at,
        reason = EXCLUDED.reason, decision = EXCLUDED.decision, table_names = EXCLUDED.table_names,
        tables_json = EXCLUDED.tables_json
    RETURNING to_char(x.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS intent_at)
SELECT intent_at FROM i
