-- Which instance did what, for the status page and for running several instances (CLUSTER_ENABLED=true).
-- Idempotent: safe to run again at every start-up (applied after 001_state.sql, inside STATE_DB_SCHEMA).

-- NODE_ID of the instance that ran the connection's last tick (checked, triggered, or failed)
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS last_tick_node text;

-- CLUSTER_ENABLED=true: the instance (Quartz instance id, NODE_ID-<start time>) that follows this job until it ends.
-- Another instance takes the job over only once Quartz has declared that instance dead (its row in
-- qrtz_scheduler_state is gone), so two instances never poll one job at the same time.
ALTER TABLE sync_job ADD COLUMN IF NOT EXISTS followed_by text;
