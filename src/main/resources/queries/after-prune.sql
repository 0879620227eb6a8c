-- AFTER: the downstream syncs started more than SYNC_JOB_RETENTION_DAYS ago are forgotten, a bounded batch at a time
-- (rows not started yet are kept: they are still owed).
DELETE FROM sync_after WHERE (route_id, upstream_job_id) IN (SELECT route_id, upstream_job_id FROM sync_after
    WHERE job_id IS NOT NULL AND created_at < now() - make_interval(days => CAST(:#${properties:sync.job.retention.days} AS int))
    ORDER BY created_at LIMIT 1000)
