-- FOLLOW: the job is still going (pending, queued, running, incomplete, or a status this version does not know): note
-- the status when it changed; Airbyte answered, so the count of 404 reads starts again.
UPDATE sync_job SET status = :#${exchangeProperty.followed.statusText}, not_found_reads = 0, updated_at = now()
WHERE job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint) AND finished_at IS NULL
  AND (status IS DISTINCT FROM CAST(:#${exchangeProperty.followed.statusText} AS text) OR not_found_reads > 0)
