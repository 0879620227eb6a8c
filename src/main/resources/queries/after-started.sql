-- AFTER: the downstream sync owed for an upstream success has its job: never started again for that success.
UPDATE sync_after SET job_id = CAST(:#${exchangeProperty.tick.pending.jobId} AS bigint), claimed_until = NULL
WHERE route_id = :#${exchangeProperty.tick.name}
  AND upstream_job_id = CAST(:#${exchangeProperty.tick.afterUpstreamJobId} AS bigint)
