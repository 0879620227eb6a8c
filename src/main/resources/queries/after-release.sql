-- AFTER: the sync owed was queued under MAX_CONCURRENT_SYNCS, not started: its claim is let go at once, so the tick the
-- queue fires when a slot frees claims it again (instead of finding it claimed and leaving the line).
UPDATE sync_after SET claimed_until = NULL
WHERE route_id = :#${exchangeProperty.tick.name}
  AND upstream_job_id = CAST(:#${exchangeProperty.tick.afterUpstreamJobId} AS bigint)
  AND job_id IS NULL
