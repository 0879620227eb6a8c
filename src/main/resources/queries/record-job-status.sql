-- FOLLOW: the job is still going (pending, queued, running, incomplete, or a status this version does not know): note
-- the status when it changed.
UPDATE sync_job SET status = :#${exchangeProperty.followed.statusText}, updated_at = now()
WHERE job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint) AND finished_at IS NULL
  AND status IS DISTINCT FROM CAST(:#${exchangeProperty.followed.statusText} AS text)
