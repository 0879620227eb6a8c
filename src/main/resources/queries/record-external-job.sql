-- ACT, after a 409: a sync someone else started before our change is running. It is recorded as an external job, so
-- it blocks new triggers until it ends; this tick's intent (same time to the microsecond) goes in the same statement.
WITH drop_intent AS (DELETE FROM sync_intent WHERE connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid)
        AND to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') = :#${exchangeProperty.tick.intentAt})
INSERT INTO sync_job (job_id, connection_id, route_id, reason, tables, status)
VALUES (CAST(:#${exchangeProperty.tick.finding.jobId} AS bigint), CAST(:#${exchangeProperty.tick.connectionId} AS uuid),
        :#${exchangeProperty.tick.name}, 'external', :#${exchangeProperty.tick.decision.tableNames},
        :#${exchangeProperty.tick.finding.status})
ON CONFLICT (job_id) DO NOTHING
