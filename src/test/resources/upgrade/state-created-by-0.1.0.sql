-- A state database created by today's jar (0.1.0), before versioned migrations: the tables of sql/001_state.sql,
-- sql/002_nodes.sql and sql/quartz/001_quartz_tables.sql, and every row a clustered run left in them.
--
-- Made FROM THE CODE of commit ee0ab51bfd67cad53d9d995b28317ad8591ec1a3 (not by hand): in a clone at that commit, a throwaway
-- in-process test (MakeUpgradeFixtureTest, extending OrchestratorTestBase; not committed) was run with
-- mvn -B -q test -Dtest=MakeUpgradeFixtureTest. It started that commit's service clustered
-- (CLUSTER_ENABLED=true, NODE_ID=sync-1) on four connection blocks, ticked each by hand through Quartz
-- and followed the jobs, against a WireMock stand-in for Airbyte:
--   orders-to-bigquery 9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11  public.orders, customers:modified_at
--       job 101 succeeded (first sight synced), then a change whose job 102 failed (open 'job' alert)
--   events-to-s3       4a1c7e2b-95d3-4f60-8e1a-2b3c4d5e6f70  events:seq
--       job 201 still running: pending values set, followed_by = the instance that claimed it
--   invoices-to-lake   5b2d8f3c-a6e4-4071-9f2b-3c4d5e6f7081  invoices:issued_at
--       POST /jobs answered 500 (after its redeliveries): its intent row was left behind, and the
--       failed tick opened a 'failing' episode (counted, not alerted yet)
--   ghosts-to-nowhere  6c3e9a4d-b7f5-4182-a03c-4d5e6f708192  ghosts (missing table)
--       two failed ticks: a 'failing' episode counted, not alerted yet
-- and, while that service was still running (so followed_by and qrtz_scheduler_state are as a live
-- instance left them), a small JDBC dumper in the same test wrote this file: the DDL is today's sql files
-- verbatim, the rows are INSERT statements of every row of every table of schema airbyte_sync (TimeZone
-- UTC; ON CONFLICT DO NOTHING because the Quartz DDL inserts the two qrtz_locks rows itself), then the
-- source tables the run probed (schema public), so a test can tick on the same data.
--
-- Load it into an empty database: psql -v ON_ERROR_STOP=1 -f state-created-by-0.1.0.sql

CREATE SCHEMA airbyte_sync;
SET search_path TO airbyte_sync;

-- ======== sql/001_state.sql (verbatim)

-- pg-airbyte-sync state tables. Idempotent: safe to run again at every start-up.
--
-- The service applies this file at start-up inside the schema named by STATE_DB_SCHEMA
-- (default airbyte_sync). To apply it by hand with psql:
--   psql "$PSQL_URL" -v ON_ERROR_STOP=1 \
--        -c 'CREATE SCHEMA IF NOT EXISTS airbyte_sync' -c 'SET search_path TO airbyte_sync' \
--        -f sql/001_state.sql
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

-- ======== sql/002_nodes.sql (verbatim)

-- Which instance did what, for the status page and for running several instances (CLUSTER_ENABLED=true).
-- Idempotent: safe to run again at every start-up (applied after 001_state.sql, inside STATE_DB_SCHEMA).

-- NODE_ID of the instance that ran the connection's last tick (checked, triggered, or failed)
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS last_tick_node text;

-- CLUSTER_ENABLED=true: the instance (Quartz instance id, NODE_ID-<start time>) that follows this job until it ends.
-- Another instance takes the job over only once Quartz has declared that instance dead (its row in
-- qrtz_scheduler_state is gone), so two instances never poll one job at the same time.
ALTER TABLE sync_job ADD COLUMN IF NOT EXISTS followed_by text;

-- ======== sql/quartz/001_quartz_tables.sql (verbatim)

-- Quartz 2.5 tables of the clustered schedule (CLUSTER_ENABLED=true), for PostgreSQL.
--
-- Applied at start-up, inside STATE_DB_SCHEMA and under the same advisory lock as sql/*.sql, only when
-- CLUSTER_ENABLED=true (a single instance keeps its schedule in memory and needs none of these tables).
-- Idempotent: the table and index definitions are those of org/quartz/impl/jdbcjobstore/tables_postgres.sql in
-- quartz-2.5.2.jar, with IF NOT EXISTS instead of that file's DROP TABLE statements (never run that file on a
-- live cluster: it drops the schedule). Names are in lower case, as PostgreSQL folds Quartz's unquoted names.
--
-- By hand with psql:
--   psql "$PSQL_URL" -v ON_ERROR_STOP=1 \
--        -c 'CREATE SCHEMA IF NOT EXISTS airbyte_sync' -c 'SET search_path TO airbyte_sync' \
--        -f sql/quartz/001_quartz_tables.sql

create table if not exists qrtz_job_details
(
  sched_name        varchar(120) not null,
  job_name          varchar(200) not null,
  job_group         varchar(200) not null,
  description       varchar(250) null,
  job_class_name    varchar(250) not null,
  is_durable        bool         not null,
  is_nonconcurrent  bool         not null,
  is_update_data    bool         not null,
  requests_recovery bool         not null,
  job_data          bytea        null,
  primary key (sched_name, job_name, job_group)
);

create table if not exists qrtz_triggers
(
  sched_name     varchar(120) not null,
  trigger_name   varchar(200) not null,
  trigger_group  varchar(200) not null,
  job_name       varchar(200) not null,
  job_group      varchar(200) not null,
  description    varchar(250) null,
  next_fire_time bigint       null,
  prev_fire_time bigint       null,
  priority       integer      null,
  trigger_state  varchar(16)  not null,
  trigger_type   varchar(8)   not null,
  start_time     bigint       not null,
  end_time       bigint       null,
  calendar_name  varchar(200) null,
  misfire_instr  smallint     null,
  job_data       bytea        null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, job_name, job_group)
  references qrtz_job_details (sched_name, job_name, job_group)
);

create table if not exists qrtz_simple_triggers
(
  sched_name      varchar(120) not null,
  trigger_name    varchar(200) not null,
  trigger_group   varchar(200) not null,
  repeat_count    bigint       not null,
  repeat_interval bigint       not null,
  times_triggered bigint       not null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, trigger_name, trigger_group)
  references qrtz_triggers (sched_name, trigger_name, trigger_group)
);

create table if not exists qrtz_cron_triggers
(
  sched_name      varchar(120) not null,
  trigger_name    varchar(200) not null,
  trigger_group   varchar(200) not null,
  cron_expression varchar(120) not null,
  time_zone_id    varchar(80),
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, trigger_name, trigger_group)
  references qrtz_triggers (sched_name, trigger_name, trigger_group)
);

create table if not exists qrtz_simprop_triggers
(
  sched_name    varchar(120)   not null,
  trigger_name  varchar(200)   not null,
  trigger_group varchar(200)   not null,
  str_prop_1    varchar(512)   null,
  str_prop_2    varchar(512)   null,
  str_prop_3    varchar(512)   null,
  int_prop_1    int            null,
  int_prop_2    int            null,
  long_prop_1   bigint         null,
  long_prop_2   bigint         null,
  dec_prop_1    numeric(13, 4) null,
  dec_prop_2    numeric(13, 4) null,
  bool_prop_1   bool           null,
  bool_prop_2   bool           null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, trigger_name, trigger_group)
  references qrtz_triggers (sched_name, trigger_name, trigger_group)
);

create table if not exists qrtz_blob_triggers
(
  sched_name    varchar(120) not null,
  trigger_name  varchar(200) not null,
  trigger_group varchar(200) not null,
  blob_data     bytea        null,
  primary key (sched_name, trigger_name, trigger_group),
  foreign key (sched_name, trigger_name, trigger_group)
  references qrtz_triggers (sched_name, trigger_name, trigger_group)
);

create table if not exists qrtz_calendars
(
  sched_name    varchar(120) not null,
  calendar_name varchar(200) not null,
  calendar      bytea        not null,
  primary key (sched_name, calendar_name)
);


create table if not exists qrtz_paused_trigger_grps
(
  sched_name    varchar(120) not null,
  trigger_group varchar(200) not null,
  primary key (sched_name, trigger_group)
);

create table if not exists qrtz_fired_triggers
(
  sched_name        varchar(120) not null,
  entry_id          varchar(95)  not null,
  trigger_name      varchar(200) not null,
  trigger_group     varchar(200) not null,
  instance_name     varchar(200) not null,
  fired_time        bigint       not null,
  sched_time        bigint       not null,
  priority          integer      not null,
  state             varchar(16)  not null,
  job_name          varchar(200) null,
  job_group         varchar(200) null,
  is_nonconcurrent  bool         null,
  requests_recovery bool         null,
  primary key (sched_name, entry_id)
);

create table if not exists qrtz_scheduler_state
(
  sched_name        varchar(120) not null,
  instance_name     varchar(200) not null,
  last_checkin_time bigint       not null,
  checkin_interval  bigint       not null,
  primary key (sched_name, instance_name)
);

create table if not exists qrtz_locks
(
  sched_name varchar(120) not null,
  lock_name  varchar(40)  not null,
  primary key (sched_name, lock_name)
);

create index if not exists idx_qrtz_j_req_recovery
  on qrtz_job_details (sched_name, requests_recovery);
create index if not exists idx_qrtz_j_grp
  on qrtz_job_details (sched_name, job_group);

create index if not exists idx_qrtz_t_j
  on qrtz_triggers (sched_name, job_name, job_group);
create index if not exists idx_qrtz_t_jg
  on qrtz_triggers (sched_name, job_group);
create index if not exists idx_qrtz_t_c
  on qrtz_triggers (sched_name, calendar_name);
create index if not exists idx_qrtz_t_g
  on qrtz_triggers (sched_name, trigger_group);
create index if not exists idx_qrtz_t_state
  on qrtz_triggers (sched_name, trigger_state);
create index if not exists idx_qrtz_t_n_state
  on qrtz_triggers (sched_name, trigger_name, trigger_group, trigger_state);
create index if not exists idx_qrtz_t_n_g_state
  on qrtz_triggers (sched_name, trigger_group, trigger_state);
create index if not exists idx_qrtz_t_next_fire_time
  on qrtz_triggers (sched_name, next_fire_time);
create index if not exists idx_qrtz_t_nft_st
  on qrtz_triggers (sched_name, trigger_state, next_fire_time);
create index if not exists idx_qrtz_t_nft_misfire
  on qrtz_triggers (sched_name, misfire_instr, next_fire_time);
create index if not exists idx_qrtz_t_nft_st_misfire
  on qrtz_triggers (sched_name, misfire_instr, next_fire_time, trigger_state);
create index if not exists idx_qrtz_t_nft_st_misfire_grp
  on qrtz_triggers (sched_name, misfire_instr, next_fire_time, trigger_group, trigger_state);

create index if not exists idx_qrtz_ft_trig_inst_name
  on qrtz_fired_triggers (sched_name, instance_name);
create index if not exists idx_qrtz_ft_inst_job_req_rcvry
  on qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
create index if not exists idx_qrtz_ft_j_g
  on qrtz_fired_triggers (sched_name, job_name, job_group);
create index if not exists idx_qrtz_ft_jg
  on qrtz_fired_triggers (sched_name, job_group);
create index if not exists idx_qrtz_ft_t_g
  on qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
create index if not exists idx_qrtz_ft_tg
  on qrtz_fired_triggers (sched_name, trigger_group);

-- The two row locks of the clustered JDBC store, for the fixed scheduler name of every instance
-- ('pg-airbyte-sync'); Quartz would insert them itself, but two instances starting at once would race on it.
INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ('pg-airbyte-sync', 'TRIGGER_ACCESS'), ('pg-airbyte-sync', 'STATE_ACCESS')
ON CONFLICT DO NOTHING;

-- ======== the rows (schema airbyte_sync)

-- qrtz_job_details
INSERT INTO qrtz_job_details (sched_name, job_name, job_group, description, job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery, job_data) VALUES ('pg-airbyte-sync', '4a1c7e2b-95d3-4f60-8e1a-2b3c4d5e6f70', 'pg-airbyte-sync', NULL, 'org.apache.camel.component.quartz.StatefulCamelJob', 'false', 'true', 'true', 'false', '\x230a23467269204e6f762032372030393a31363a30362049535420323032360a43616d656c51756172747a5472696767657243726f6e45787072657373696f6e3d302030203020312031203f20323039390a43616d656c51756172747a456e64706f696e743d71756172747a5c3a2f2f70672d616972627974652d73796e632f34613163376532622d393564332d346636302d386531612d3262336334643565366637303f63726f6e5c3d302b302b302b312b312b2533462b3230393926737461746566756c5c3d7472756526747269676765722e6d697366697265496e737472756374696f6e5c3d320a43616d656c51756172747a54726967676572547970653d63726f6e0a43616d656c51756172747a43616d656c436f6e746578744e616d653d70672d616972627974652d73796e630a') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_job_details (sched_name, job_name, job_group, description, job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery, job_data) VALUES ('pg-airbyte-sync', '5b2d8f3c-a6e4-4071-9f2b-3c4d5e6f7081', 'pg-airbyte-sync', NULL, 'org.apache.camel.component.quartz.StatefulCamelJob', 'false', 'true', 'true', 'false', '\x230a23467269204e6f762032372030393a31363a30362049535420323032360a43616d656c51756172747a5472696767657243726f6e45787072657373696f6e3d302030203020312031203f20323039390a43616d656c51756172747a456e64706f696e743d71756172747a5c3a2f2f70672d616972627974652d73796e632f35623264386633632d613665342d343037312d396632622d3363346435653666373038313f63726f6e5c3d302b302b302b312b312b2533462b3230393926737461746566756c5c3d7472756526747269676765722e6d697366697265496e737472756374696f6e5c3d320a43616d656c51756172747a54726967676572547970653d63726f6e0a43616d656c51756172747a43616d656c436f6e746578744e616d653d70672d616972627974652d73796e630a') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_job_details (sched_name, job_name, job_group, description, job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery, job_data) VALUES ('pg-airbyte-sync', '6c3e9a4d-b7f5-4182-a03c-4d5e6f708192', 'pg-airbyte-sync', NULL, 'org.apache.camel.component.quartz.StatefulCamelJob', 'false', 'true', 'true', 'false', '\x230a23467269204e6f762032372030393a31363a30372049535420323032360a43616d656c51756172747a5472696767657243726f6e45787072657373696f6e3d302030203020312031203f20323039390a43616d656c51756172747a456e64706f696e743d71756172747a5c3a2f2f70672d616972627974652d73796e632f36633365396134642d623766352d343138322d613033632d3464356536663730383139323f63726f6e5c3d302b302b302b312b312b2533462b3230393926737461746566756c5c3d7472756526747269676765722e6d697366697265496e737472756374696f6e5c3d320a43616d656c51756172747a54726967676572547970653d63726f6e0a43616d656c51756172747a43616d656c436f6e746578744e616d653d70672d616972627974652d73796e630a') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_job_details (sched_name, job_name, job_group, description, job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery, job_data) VALUES ('pg-airbyte-sync', '9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'pg-airbyte-sync', NULL, 'org.apache.camel.component.quartz.StatefulCamelJob', 'false', 'true', 'true', 'false', '\x230a23467269204e6f762032372030393a31363a30362049535420323032360a43616d656c51756172747a5472696767657243726f6e45787072657373696f6e3d302030203020312031203f20323039390a43616d656c51756172747a456e64706f696e743d71756172747a5c3a2f2f70672d616972627974652d73796e632f39663565326430632d376238612d346535392d613764322d3363316630623661396531313f63726f6e5c3d302b302b302b312b312b2533462b3230393926737461746566756c5c3d7472756526747269676765722e6d697366697265496e737472756374696f6e5c3d320a43616d656c51756172747a54726967676572547970653d63726f6e0a43616d656c51756172747a43616d656c436f6e746578744e616d653d70672d616972627974652d73796e630a') ON CONFLICT DO NOTHING;

-- qrtz_triggers
INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, description, next_fire_time, prev_fire_time, priority, trigger_state, trigger_type, start_time, end_time, calendar_name, misfire_instr, job_data) VALUES ('pg-airbyte-sync', '4a1c7e2b-95d3-4f60-8e1a-2b3c4d5e6f70', 'pg-airbyte-sync', '4a1c7e2b-95d3-4f60-8e1a-2b3c4d5e6f70', 'pg-airbyte-sync', NULL, '4070889000000', '-1', '5', 'WAITING', 'CRON', '1795751166000', '0', NULL, '2', '\x') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, description, next_fire_time, prev_fire_time, priority, trigger_state, trigger_type, start_time, end_time, calendar_name, misfire_instr, job_data) VALUES ('pg-airbyte-sync', '5b2d8f3c-a6e4-4071-9f2b-3c4d5e6f7081', 'pg-airbyte-sync', '5b2d8f3c-a6e4-4071-9f2b-3c4d5e6f7081', 'pg-airbyte-sync', NULL, '4070889000000', '-1', '5', 'WAITING', 'CRON', '1795751166000', '0', NULL, '2', '\x') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, description, next_fire_time, prev_fire_time, priority, trigger_state, trigger_type, start_time, end_time, calendar_name, misfire_instr, job_data) VALUES ('pg-airbyte-sync', '6c3e9a4d-b7f5-4182-a03c-4d5e6f708192', 'pg-airbyte-sync', '6c3e9a4d-b7f5-4182-a03c-4d5e6f708192', 'pg-airbyte-sync', NULL, '4070889000000', '-1', '5', 'WAITING', 'CRON', '1795751167000', '0', NULL, '2', '\x') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, description, next_fire_time, prev_fire_time, priority, trigger_state, trigger_type, start_time, end_time, calendar_name, misfire_instr, job_data) VALUES ('pg-airbyte-sync', '9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'pg-airbyte-sync', '9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'pg-airbyte-sync', NULL, '4070889000000', '-1', '5', 'WAITING', 'CRON', '1795751166000', '0', NULL, '2', '\x') ON CONFLICT DO NOTHING;

-- qrtz_blob_triggers
-- (no rows)

-- qrtz_calendars
-- (no rows)

-- qrtz_cron_triggers
INSERT INTO qrtz_cron_triggers (sched_name, trigger_name, trigger_group, cron_expression, time_zone_id) VALUES ('pg-airbyte-sync', '4a1c7e2b-95d3-4f60-8e1a-2b3c4d5e6f70', 'pg-airbyte-sync', '0 0 0 1 1 ? 2099', 'Asia/Kolkata') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_cron_triggers (sched_name, trigger_name, trigger_group, cron_expression, time_zone_id) VALUES ('pg-airbyte-sync', '5b2d8f3c-a6e4-4071-9f2b-3c4d5e6f7081', 'pg-airbyte-sync', '0 0 0 1 1 ? 2099', 'Asia/Kolkata') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_cron_triggers (sched_name, trigger_name, trigger_group, cron_expression, time_zone_id) VALUES ('pg-airbyte-sync', '6c3e9a4d-b7f5-4182-a03c-4d5e6f708192', 'pg-airbyte-sync', '0 0 0 1 1 ? 2099', 'Asia/Kolkata') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_cron_triggers (sched_name, trigger_name, trigger_group, cron_expression, time_zone_id) VALUES ('pg-airbyte-sync', '9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'pg-airbyte-sync', '0 0 0 1 1 ? 2099', 'Asia/Kolkata') ON CONFLICT DO NOTHING;

-- qrtz_fired_triggers
-- (no rows)

-- qrtz_locks
INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ('pg-airbyte-sync', 'STATE_ACCESS') ON CONFLICT DO NOTHING;
INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ('pg-airbyte-sync', 'TRIGGER_ACCESS') ON CONFLICT DO NOTHING;

-- qrtz_paused_trigger_grps
-- (no rows)

-- qrtz_scheduler_state
INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) VALUES ('pg-airbyte-sync', 'sync-1-1795751165225', '1795751167109', '2500') ON CONFLICT DO NOTHING;

-- qrtz_simple_triggers
-- (no rows)

-- qrtz_simprop_triggers
-- (no rows)

-- sync_alert
INSERT INTO sync_alert (connection_id, kind, route_id, episode, failures, opened_at, alerted_at) VALUES ('5b2d8f3c-a6e4-4071-9f2b-3c4d5e6f7081', 'failing', 'invoices-to-lake', NULL, '1', '2026-11-27 03:46:08.789645+00', NULL) ON CONFLICT DO NOTHING;
INSERT INTO sync_alert (connection_id, kind, route_id, episode, failures, opened_at, alerted_at) VALUES ('6c3e9a4d-b7f5-4182-a03c-4d5e6f708192', 'failing', 'ghosts-to-nowhere', NULL, '2', '2026-11-27 03:46:08.85542+00', NULL) ON CONFLICT DO NOTHING;
INSERT INTO sync_alert (connection_id, kind, route_id, episode, failures, opened_at, alerted_at) VALUES ('9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'job', 'orders-to-bigquery', NULL, '0', '2026-11-27 03:46:08.394904+00', '2026-11-27 03:46:08.394904+00') ON CONFLICT DO NOTHING;

-- sync_intent
INSERT INTO sync_intent (connection_id, route_id, created_at, reason, decision, table_names, tables_json) VALUES ('5b2d8f3c-a6e4-4071-9f2b-3c4d5e6f7081', 'invoices-to-lake', '2026-11-27 03:46:08.576187+00', 'first', 'data-changed', 'public.invoices', '[{"table_schema":"public","table_name":"invoices","cursor_column":"issued_at","cursor_type":"timestamp with time zone","max_cursor":"2026-11-23T12:00:00.000000Z","column_hash":"4a5981d4c019ad1a5a5559a969db135e","column_list":"{\"id\": \"integer\", \"total\": \"numeric(12,2)\", \"issued_at\": \"timestamp with time zone\"}","write_count":null}]') ON CONFLICT DO NOTHING;

-- sync_job
INSERT INTO sync_job (job_id, connection_id, route_id, reason, tables, status, rows_synced, bytes_synced, created_at, updated_at, finished_at, error, suspicious, followed_by) VALUES ('101', '9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'orders-to-bigquery', 'first', 'public.orders, public.customers', 'succeeded', '42', '4096', '2026-11-27 03:46:08.152565+00', '2026-11-27 03:46:08.22776+00', '2026-11-27 03:46:08.22776+00', NULL, 'false', 'sync-1-1795751165225') ON CONFLICT DO NOTHING;
INSERT INTO sync_job (job_id, connection_id, route_id, reason, tables, status, rows_synced, bytes_synced, created_at, updated_at, finished_at, error, suspicious, followed_by) VALUES ('102', '9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'orders-to-bigquery', 'data', 'public.orders, public.customers', 'failed', '0', '0', '2026-11-27 03:46:08.36109+00', '2026-11-27 03:46:08.384789+00', '2026-11-27 03:46:08.384789+00', 'Airbyte job 102 ended failed', 'false', 'sync-1-1795751165225') ON CONFLICT DO NOTHING;
INSERT INTO sync_job (job_id, connection_id, route_id, reason, tables, status, rows_synced, bytes_synced, created_at, updated_at, finished_at, error, suspicious, followed_by) VALUES ('201', '4a1c7e2b-95d3-4f60-8e1a-2b3c4d5e6f70', 'events-to-s3', 'first', 'public.events', 'running', NULL, NULL, '2026-11-27 03:46:08.464727+00', '2026-11-27 03:46:08.491313+00', NULL, NULL, 'false', 'sync-1-1795751165225') ON CONFLICT DO NOTHING;

-- sync_state
INSERT INTO sync_state (connection_id, table_schema, table_name, route_id, cursor_column, cursor_type, last_synced_at, column_hash, column_list, synced, last_synced_job_id, synced_write_count, last_success_at, pending_job_id, pending_cursor, pending_hash, pending_column_list, pending_write_count, last_checked_at, last_decision, last_error, last_error_at, created_at, updated_at, last_tick_node) VALUES ('4a1c7e2b-95d3-4f60-8e1a-2b3c4d5e6f70', 'public', 'events', 'events-to-s3', 'seq', 'bigint', NULL, NULL, NULL, 'false', NULL, NULL, NULL, '201', '42', '228c5d834e1483ff6d215de1c03435ce', '{"id": "bigint", "seq": "bigint", "kind": "text"}', NULL, '2026-11-27 03:46:08.464727+00', 'data-changed', NULL, NULL, '2026-11-27 03:46:08.464727+00', '2026-11-27 03:46:08.464727+00', 'sync-1') ON CONFLICT DO NOTHING;
INSERT INTO sync_state (connection_id, table_schema, table_name, route_id, cursor_column, cursor_type, last_synced_at, column_hash, column_list, synced, last_synced_job_id, synced_write_count, last_success_at, pending_job_id, pending_cursor, pending_hash, pending_column_list, pending_write_count, last_checked_at, last_decision, last_error, last_error_at, created_at, updated_at, last_tick_node) VALUES ('9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'public', 'customers', 'orders-to-bigquery', 'modified_at', 'timestamp without time zone', '2026-11-20T08:00:00.000001', 'fa289f56c3fbabf7448f6633543981da', '{"id": "integer", "name": "text", "modified_at": "timestamp without time zone"}', 'true', '101', NULL, '2026-11-27 03:46:08.22776+00', NULL, NULL, NULL, NULL, NULL, '2026-11-27 03:46:08.36109+00', 'data-changed', 'Airbyte job 102 ended failed', '2026-11-27 03:46:08.384789+00', '2026-11-27 03:46:08.152565+00', '2026-11-27 03:46:08.384789+00', 'sync-1') ON CONFLICT DO NOTHING;
INSERT INTO sync_state (connection_id, table_schema, table_name, route_id, cursor_column, cursor_type, last_synced_at, column_hash, column_list, synced, last_synced_job_id, synced_write_count, last_success_at, pending_job_id, pending_cursor, pending_hash, pending_column_list, pending_write_count, last_checked_at, last_decision, last_error, last_error_at, created_at, updated_at, last_tick_node) VALUES ('9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11', 'public', 'orders', 'orders-to-bigquery', 'updated_at', 'timestamp with time zone', '2026-11-24T10:00:01.123456Z', '9d0064cf54af56e370ea8903619fcd09', '{"id": "integer", "amount": "numeric(10,2)", "customer": "text", "updated_at": "timestamp with time zone"}', 'true', '101', NULL, '2026-11-27 03:46:08.22776+00', NULL, NULL, NULL, NULL, NULL, '2026-11-27 03:46:08.36109+00', 'data-changed', 'Airbyte job 102 ended failed', '2026-11-27 03:46:08.384789+00', '2026-11-27 03:46:08.152565+00', '2026-11-27 03:46:08.384789+00', 'sync-1') ON CONFLICT DO NOTHING;

-- ======== the source tables the run probed (schema public), as they were at the dump

SET search_path TO public;

CREATE TABLE orders (id int PRIMARY KEY, amount numeric(10,2), customer text, updated_at timestamptz NOT NULL);
CREATE TABLE customers (id int PRIMARY KEY, name text, modified_at timestamp NOT NULL);
CREATE TABLE events (id bigint PRIMARY KEY, kind text, seq bigint NOT NULL);
CREATE TABLE invoices (id int PRIMARY KEY, total numeric(12,2), issued_at timestamptz NOT NULL);

-- orders
INSERT INTO orders (id, amount, customer, updated_at) VALUES ('1', '11.00', 'ada', '2026-11-24 10:05:00+00') ON CONFLICT DO NOTHING;
INSERT INTO orders (id, amount, customer, updated_at) VALUES ('2', '20.00', 'grace', '2026-11-24 09:00:00+00') ON CONFLICT DO NOTHING;

-- customers
INSERT INTO customers (id, name, modified_at) VALUES ('1', 'ada', '2026-11-20 08:00:00.000001') ON CONFLICT DO NOTHING;

-- events
INSERT INTO events (id, kind, seq) VALUES ('1', 'click', '41') ON CONFLICT DO NOTHING;
INSERT INTO events (id, kind, seq) VALUES ('2', 'view', '42') ON CONFLICT DO NOTHING;

-- invoices
INSERT INTO invoices (id, total, issued_at) VALUES ('1', '99.50', '2026-11-23 12:00:00+00') ON CONFLICT DO NOTHING;

SET search_path TO airbyte_sync;
