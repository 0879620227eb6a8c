-- STATE SCHEMA: whether a table of that exact name is in the schema (pg_catalog: no LIKE patterns, so airbyte_sync
-- never matches airbyteXsync). A migration set's first table there without a history = an install from before.
SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')
