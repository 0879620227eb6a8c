-- CDC blocks (changeSignal: cdc): a sync started by the WAL guard, because the block's replication slot holds back more
-- WAL than its limit (or its wal_status is no longer 'reserved') while its published tables did not change. Airbyte's
-- sync then moves the slot on, so the WAL can be recycled.
ALTER TABLE sync_job DROP CONSTRAINT IF EXISTS sync_job_reason_check;
ALTER TABLE sync_job ADD CONSTRAINT sync_job_reason_check
    CHECK (reason IN ('first', 'data', 'schema', 'external', 'after', 'wal'));
