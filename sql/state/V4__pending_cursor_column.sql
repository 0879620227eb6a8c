-- V4: the cursor column and its type move with the synced value. Until V3, record-pending wrote a new cursor_column
-- (the block's YAML names another column) at once, before the job that covers it succeeded: a failed job then left
-- the new column's name beside the old column's synced value. Now record-pending writes the column and type a job
-- covers into pending_cursor_column / pending_cursor_type, and record-job-succeeded moves them to cursor_column /
-- cursor_type together with synced_cursor; a failed job drops them with the other pending values.
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS pending_cursor_column text;
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS pending_cursor_type text;
COMMENT ON COLUMN sync_state.pending_cursor_column IS 'cursor column of pending_cursor: becomes cursor_column when the pending job succeeds';
COMMENT ON COLUMN sync_state.pending_cursor_type IS 'type of pending_cursor_column: becomes cursor_type when the pending job succeeds';
