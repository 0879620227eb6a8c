-- V2: sync_state.last_synced_at holds a cursor value (max(cursor) as PostgreSQL printed it: a timestamp, a number, a
-- date), not a time: it is renamed after what it holds. The values are kept as they are.
ALTER TABLE sync_state RENAME COLUMN last_synced_at TO synced_cursor;
COMMENT ON COLUMN sync_state.synced_cursor IS 'max(cursor) that the last successful Airbyte sync covered, exact text; NULL = empty table (or never synced)';
