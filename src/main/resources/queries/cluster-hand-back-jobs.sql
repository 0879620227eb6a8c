-- CLUSTER, on a clean stop: hand the jobs this instance follows back, so another one follows them at its next poll.
UPDATE sync_job SET followed_by = NULL
WHERE followed_by = :#${bean:clusterNode.instanceId} AND finished_at IS NULL
