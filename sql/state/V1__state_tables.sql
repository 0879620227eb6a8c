-- pg-airbyte-sync state tables, version 1: the schema that the jars before versioned migrations (0.1.0) created at
-- every start-up, unchanged: their sql/001_state.sql and sql/002_nodes.sql, merged in that order.
--
-- The service applies sql/state/V<n>__<what>.sql at start-up with Flyway, inside the schema named by STATE_DB_SCHEMA
-- (default airbyte_sync), and records each version in that schema's flyway_schema_history. A schema that an earlier
-- jar made (sync_state there, no history) is first brought up to this file, then recorded as version 1 (baseline),
-- and upgraded in place by the versions after it: nothing is recreated. That is why every statement here is
-- idempotent (IF NOT EXISTS): it only adds what an older jar or a by-hand install lacked.
-- Never edit this file once released (Flyway checks its checksum on the installs it created): a change to the state
-- tables is a new file, V2__<what>.sql, V3__..., picked up as it is.
--
-- To apply it by hand with psql, before the service first starts on the schema:
--   psql "$PSQL_URL" -v ON_ERROR_STOP=1 \
--        -c 'CREATE SCHEMA IF NOT EXISTS airbyte_sync' -c 'SET search_path TO airbyte_sync' \
--        -f sql/state/V1__state_tables.sql
-- The service then finds sync_state without a history, records this file as version 1 and applies the later
-- versions itself (the state user needs CREATE on the schema for its history table). Apply only V1 this way: a later
-- version applied by hand would be applied again by the service (use Flyway's command line on the same history table
-- instead: -schemas=airbyte_sync -locations=filesystem:sql/state -placeholderReplacement=false migrate).
--
-- Cursor values are stored as text, exactly as PostgreSQL printed them (microseconds, full numeric
-- precision, UTC for timestamptz), so a comparison never loses precision whatever the cursor type.

CREATE TABLE IF NOT EXISTS sync_state (
    connection_id        uuid        NOT NULL,
    table_schema         text        NOT NULL,
    table_name           text        NOT NULL,
    route_id             text,
    cursor_column        text        NOT NULL,
    cursor_type          text,
    -- what the last successful Airbyte sync covered
    last_synced_at       text,                   -- max(cursor) synced, NULL = empty table (or never synced)
    column_hash          text,                   -- md5 of the column set (name + full type), NULL = never synced
    column_list          text,                   -- the same column set, readable: {"id": "integer", ...}
    synced                boolean    NOT NULL DEFAULT false,
    last_synced_job_id   bigint,
    synced_write_count   bigint,                 -- CHANGE_SIGNAL=cursor+stats: n_tup_ins+upd+del synced last
    last_success_at      timestamptz,
    -- what the job in flight will cover once it succeeds
    pending_job_id       bigint,
    pending_cursor       text,
    pending_hash         text,
    pending_column_list  text,
    pending_write_count  bigint,
    -- bookkeeping
    last_checked_at      timestamptz,
    last_decision        text,
    last_error           text,
    last_error_at        timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, table_schema, table_name)
);

CREATE INDEX IF NOT EXISTS sync_state_pending_job_idx ON sync_state (pending_job_id) WHERE pending_job_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS sync_job (
    job_id         bigint      PRIMARY KEY,
    connection_id  uuid        NOT NULL,
    route_id       text,
    -- first/data/schema: started by this service; external: a sync someone else started, only waited for
    reason         text        NOT NULL CHECK (reason IN ('first', 'data', 'schema', 'external')),
    tables         text        NOT NULL,         -- comma-separated schema.table covered by the job
    status         text        NOT NULL,         -- Airbyte's JobStatusEnum value, or timed_out (cancelled by us)
    rows_synced    bigint,
    bytes_synced   bigint,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    error          text,
    suspicious     boolean     NOT NULL DEFAULT false  -- succeeded with 0 rows and 0 bytes although data changed
);

CREATE INDEX IF NOT EXISTS sync_job_open_idx ON sync_job (created_at) WHERE finished_at IS NULL;
CREATE INDEX IF NOT EXISTS sync_job_connection_idx ON sync_job (connection_id, created_at DESC);

-- Written before POST /jobs, deleted in the same statement that records the job. One left behind means the
-- service died (or POST /jobs timed out) before it knew the job id: the next tick looks for that job in Airbyte
-- (GET /jobs created since the intent) and adopts it instead of posting again.
CREATE TABLE IF NOT EXISTS sync_intent (
    connection_id  uuid        PRIMARY KEY,
    route_id       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    reason         text        NOT NULL,
    decision       text        NOT NULL,
    table_names    text        NOT NULL,
    tables_json    text        NOT NULL          -- the probed values a job started now will cover
);

-- One row per open alert episode (9-alerts.yaml): an alert is sent when its row is created (or, for a schema
-- change, when the change differs from the open one), never again per tick; the recovery deletes the row.
CREATE TABLE IF NOT EXISTS sync_alert (
    connection_id  uuid        NOT NULL,
    kind           text        NOT NULL,         -- failing | job | inactive | schema
    route_id       text,
    episode        text,                         -- what the episode is about (schema: the column changes)
    failures       integer     NOT NULL DEFAULT 0,  -- failing: failed ticks in a row
    opened_at      timestamptz NOT NULL DEFAULT now(),
    alerted_at     timestamptz,                  -- NULL: counted, not alerted yet
    PRIMARY KEY (connection_id, kind)
);

-- Which instance did what, for the status page and for running several instances (CLUSTER_ENABLED=true).
-- (Until 0.1.0 this part was sql/002_nodes.sql, applied after sql/001_state.sql.)

-- NODE_ID of the instance that ran the connection's last tick (checked, triggered, or failed)
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS last_tick_node text;

-- CLUSTER_ENABLED=true: the instance (Quartz instance id, NODE_ID-<start time>) that follows this job until it ends.
-- Another instance takes the job over only once Quartz has declared that instance dead (its row in
-- qrtz_scheduler_state is gone), so two instances never poll one job at the same time.
ALTER TABLE sync_job ADD COLUMN IF NOT EXISTS followed_by text;
