-- STATE SCHEMA: the transaction that brings an install from before the migrations up to V1 runs inside the schema and
-- keeps PostgreSQL's "already exists, skipping" notices out of the log.
SET LOCAL search_path TO {{schema}}
SET LOCAL client_min_messages TO warning
