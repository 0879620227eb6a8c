-- CHANGE_SIGNAL=cursor+stats: the write counter (n_tup_ins + n_tup_upd + n_tup_del of pg_stat_user_tables)
-- synced last, and the one a job in flight will cover. Idempotent.
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS synced_write_count  bigint;
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS pending_write_count bigint;
