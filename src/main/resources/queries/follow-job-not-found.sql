-- FOLLOW: GET /jobs/{id} answered 404. Count it on the job (a restart does not reset the count); a read that Airbyte
-- answers sets it back to 0 (record-job-status). No row: the job was finished meanwhile.
UPDATE sync_job SET not_found_reads = not_found_reads + 1, updated_at = now()
WHERE job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint) AND finished_at IS NULL
RETURNING not_found_reads
