-- MAX_CONCURRENT_SYNCS: the queued connections to tick now, oldest first, as many as there are free slots (ours running
-- or asked for, as claim_sync_slot counts them). Run at the end of every tick (header syncQueueLeaving: the tick's
-- connection when it did not end queued, which leaves the line in this statement) and after every poll of the job
-- follow-up (a job that ended frees its slot; also the catch-up after a restart or a tick that failed). A row of a
-- connection no block watches any more is dropped (it would hold the line forever). Firing a queued block's tick that
-- finds the cap reached again only keeps it queued: the claim decides, under its lock.
WITH leaving AS (
    DELETE FROM sync_queue WHERE connection_id = CAST(:#${header.syncQueueLeaving} AS uuid)
        OR connection_id <> ALL (CAST(:#${bean:connectionBlocks.connectionIdArray} AS uuid[]))
    RETURNING connection_id),
taken AS (
    SELECT count(*) AS n FROM (
        SELECT 1 FROM sync_job WHERE finished_at IS NULL AND reason <> 'external'
        UNION ALL
        SELECT 1 FROM sync_intent) t)
SELECT CAST(q.connection_id AS text) AS connection_id, q.route_id,
       to_char(q.queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS queued_at
FROM sync_queue q
WHERE q.connection_id NOT IN (SELECT connection_id FROM leaving)
ORDER BY q.queued_at, q.connection_id
LIMIT greatest(CAST(:#${bean:settings.maxConcurrentSyncs} AS integer) - (SELECT n FROM taken), 0)
