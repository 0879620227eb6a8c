-- AFTER: the sync owed was not started: queued under MAX_CONCURRENT_SYNCS, or an earlier try's job is not listed by
-- Airbyte yet. Its claim is let go at once, so the tick the queue fires when a slot frees (or the block's next tick)
-- claims it again, instead of finding it claimed and leaving the line.
UPDATE sync_after SET claimed_until = NULL
WHERE route_id = :#${exchangeProperty.tick.name}
  AND upstream_job_id = CAST(:#${exchangeProperty.tick.afterUpstreamJobId} AS bigint)
  AND job_id IS NULL
