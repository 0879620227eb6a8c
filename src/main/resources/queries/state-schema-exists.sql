-- STATE SCHEMA: whether STATE_DB_SCHEMA exists (asked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database
-- even when the schema is there).
SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?
