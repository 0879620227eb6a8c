-- FOLLOW (CLUSTER_ENABLED=true): each open job is followed by one instance only (sync_job.followed_by, the Quartz
-- instance id). A poll claims the jobs nobody follows and those of instances Quartz has declared dead (their
-- qrtz_scheduler_state row is gone); SKIP LOCKED lets two instances claim at once without waiting for, or taking, each
-- other's rows. Then it returns its own, oldest first. The writes after GET /jobs/{id} are guarded by the job id and
-- finished_at IS NULL as well, so even a job followed twice (an instance declared dead while only paused) advances
-- the state once.
WITH claimed AS (
    UPDATE sync_job j SET followed_by = :#${bean:clusterNode.instanceId}
    FROM (SELECT o.job_id FROM sync_job o WHERE o.finished_at IS NULL
          AND o.followed_by IS DISTINCT FROM :#${bean:clusterNode.instanceId}
          AND (o.followed_by IS NULL OR NOT EXISTS (SELECT 1 FROM qrtz_scheduler_state q
               WHERE q.sched_name = 'pg-airbyte-sync' AND q.instance_name = o.followed_by))
          FOR UPDATE OF o SKIP LOCKED) c
    WHERE j.job_id = c.job_id RETURNING j.job_id)
SELECT job_id, CAST(connection_id AS text) AS connection_id, route_id, reason, status,
       CAST(extract(epoch FROM now() - created_at) AS bigint) AS age_seconds
FROM sync_job
WHERE finished_at IS NULL AND (followed_by = :#${bean:clusterNode.instanceId} OR job_id IN (SELECT job_id FROM claimed))
ORDER BY created_at
