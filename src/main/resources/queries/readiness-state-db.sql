-- READINESS: the state database answers on the state pool, and its tables are there.
SELECT count(*) AS open_jobs FROM sync_job WHERE finished_at IS NULL
