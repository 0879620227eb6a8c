-- CLUSTER, at start-up: how many other instances that started before this one have checked in recently. When one has,
-- this instance joins a running cluster and gives no first ticks.
SELECT count(*) FROM qrtz_scheduler_state
WHERE sched_name = 'pg-airbyte-sync' AND instance_name <> :#${bean:clusterNode.instanceId}
  AND last_checkin_time >= CAST(:#${bean:clusterNode.aliveSince} AS bigint)
  AND CAST(substring(instance_name from '-([0-9]{1,18})$') AS bigint) <= CAST(:#${bean:clusterNode.startMillis} AS bigint)
