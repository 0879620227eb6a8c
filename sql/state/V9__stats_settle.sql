-- V9: the stats signal without a double sync from PostgreSQL's statistics flush delay (issue 12, part 2).
--
-- A connected backend flushes its n_tup_* counters up to about 10 s after its commit (PGSTAT_IDLE_INTERVAL; at once
-- only when it last flushed more than 1 s ago), while the rows are visible at once. The counter a tick reads when it
-- posts a job at S can therefore miss writes committed just before S that Airbyte's job reads anyway: recorded as the
-- synced counter, the late flush would look like a change at the next tick and sync the same change again.
-- So the synced counter's baseline is read once more, at S + STATS_FLUSH_DELAY_SECONDS (routes/engine/stats-settle.yaml,
-- queries/settle-*.sql): settle_at says when, settle_job_id for which job. Until then a difference of that table's
-- counter is "settling", not a change (its cursor still counts). A settle read that comes late (the service was down)
-- is not taken: the counter read at S stays the baseline (a possible second sync is safe, a miss is not).
-- A table without a cursor column keeps '' in cursor_column (TableSpec.NO_CURSOR): no identifier is empty.
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS settle_at timestamptz;
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS settle_job_id bigint;
COMMENT ON COLUMN sync_state.settle_at IS 'when the write counter of the job settle_job_id is read again (S + STATS_FLUSH_DELAY_SECONDS); NULL: nothing to read';
COMMENT ON COLUMN sync_state.settle_job_id IS 'the job whose write counter baseline (pending_write_count, then synced_write_count) the settle read replaces';
CREATE INDEX IF NOT EXISTS sync_state_settle_idx ON sync_state (settle_at) WHERE settle_at IS NOT NULL;
