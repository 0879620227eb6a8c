-- V5: what following a job to its end needs to remember across polls and restarts (issue 11, items 1 and 2).

-- A job that "succeeded" with 0 rows and 0 bytes although max(cursor) rose since the last sync (Airbyte has reported
-- launch failures so): withheld = not accepted, the synced state kept and the change synced again; accepted = the
-- re-sync after a withheld one moved nothing either, so it was accepted (the state advanced) and alerted once.
ALTER TABLE sync_job ADD COLUMN suspicious_outcome text CHECK (suspicious_outcome IN ('withheld', 'accepted'));
COMMENT ON COLUMN sync_job.suspicious_outcome IS 'withheld: a 0-row, 0-byte success after max(cursor) rose, not accepted, synced again; accepted: the re-sync moved nothing either and was accepted (alerted)';

-- GET /jobs/{id} answered 404 this many times in a row (a read Airbyte answers resets it): after a few, the job is
-- recorded as lost (Airbyte no longer knows it: reinstalled, or its jobs purged) and the change is synced again.
ALTER TABLE sync_job ADD COLUMN not_found_reads integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN sync_job.not_found_reads IS 'GET /jobs/{id} answered 404 this many times in a row; at JobFollowUp.LOST_AFTER_NOT_FOUND the job is recorded as lost';

-- The job whose 0-row, 0-byte success was withheld for this table: the next such success of a re-sync is accepted
-- instead of withheld again (no endless loop). Cleared by every success that advances the table's state.
ALTER TABLE sync_state ADD COLUMN withheld_job_id bigint;
COMMENT ON COLUMN sync_state.withheld_job_id IS 'job whose 0-row success after a rise of max(cursor) was withheld; the next one is accepted; cleared by a success';
