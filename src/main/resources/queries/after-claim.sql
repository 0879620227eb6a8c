-- AFTER: the oldest success of the upstream block that this `after` block (the tick's) owes a sync and nobody is
-- starting: claimed for 60 s in the same statement (SKIP LOCKED), so the follow-up's start and the block's own tick, or
-- two instances, never start one twice at once. A claim whose starter died (or whose sync Airbyte refused) expires and
-- is taken again. No row: nothing owed. With the claim, the trigger intent an earlier try of this connection left
-- behind (its POST /jobs got no answer, or the service died): the tick looks in Airbyte's job list for that job before
-- it posts again (reconcile-intent), as a block with tables does.
UPDATE sync_after a SET claimed_until = now() + interval '60 seconds'
FROM (SELECT route_id, upstream_job_id FROM sync_after
      WHERE route_id = :#${exchangeProperty.tick.name} AND job_id IS NULL
        AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY created_at, upstream_job_id LIMIT 1 FOR UPDATE SKIP LOCKED) c
LEFT JOIN sync_intent i ON i.connection_id = CAST(:#${exchangeProperty.tick.connectionId} AS uuid)
WHERE a.route_id = c.route_id AND a.upstream_job_id = c.upstream_job_id
RETURNING a.upstream_job_id, a.upstream_route_id,
       to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS intent_at,
       i.reason AS intent_reason, i.decision AS intent_decision, i.table_names AS intent_table_names,
       i.tables_json AS intent_tables, CAST(extract(epoch FROM now() - i.created_at) AS bigint) AS intent_age
