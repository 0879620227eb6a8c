-- V8: events to chain on (issue 14, item 4).
--
-- sync_event is an outbox: the event of a job's outcome is written by the very statement that records the outcome
-- (record-job-succeeded.sql, record-job-failed.sql), so "table X is fresh up to Y" is never recorded without its event,
-- and a restart loses none. A timer (routes/engine/10-events.yaml) sends what is due to EVENTS_WEBHOOK_URL as
-- CloudEvents 1.0 (structured JSON) and marks it sent; one that fails is tried again with a growing back-off. Each
-- instance claims the events it sends (next_attempt_at moved ahead, FOR UPDATE SKIP LOCKED), so two instances do not
-- send one event at once; an instance that dies after the POST and before marking it sent lets another send it again
-- (at least once): the receiver dedupes on event_id, which never changes. Rows are written only while
-- EVENTS_WEBHOOK_URL is set; sent ones are pruned after a week.
CREATE TABLE sync_event (
    event_id         text        PRIMARY KEY,      -- CloudEvents id: pg-airbyte-sync:job:<jobId>:<type suffix>
    type             text        NOT NULL,         -- io.pgairbytesync.sync.succeeded | .sync.failed | .schema.changed
    subject          text,                         -- the block's routeId
    event_time       timestamptz NOT NULL,         -- when the outcome was recorded
    data             text        NOT NULL,         -- the event's data (JSON)
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),  -- due from then (also an instance's claim while it sends)
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    sent_at          timestamptz                   -- NULL: not delivered yet
);
CREATE INDEX sync_event_due_idx ON sync_event (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX sync_event_sent_idx ON sync_event (sent_at) WHERE sent_at IS NOT NULL;

-- A block with `after: <upstream routeId>` syncs its own connection once per success of the upstream block's job. The
-- row is written by the statement that records the upstream success (one per downstream block and upstream job: a
-- replay of the follow-up writes nothing), then claimed by whoever starts the downstream sync (the follow-up at once,
-- or the downstream block's own tick after a restart); job_id says which downstream job it started.
CREATE TABLE sync_after (
    route_id          text        NOT NULL,        -- the downstream block
    upstream_job_id   bigint      NOT NULL,
    upstream_route_id text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    claimed_until     timestamptz,                 -- a starter holds it until then (a crashed starter's claim expires)
    job_id            bigint,                      -- the downstream job started for it; NULL: not started yet
    PRIMARY KEY (route_id, upstream_job_id)
);
CREATE INDEX sync_after_open_idx ON sync_after (route_id, created_at) WHERE job_id IS NULL;

-- a job started because an upstream block's sync succeeded
ALTER TABLE sync_job DROP CONSTRAINT IF EXISTS sync_job_reason_check;
ALTER TABLE sync_job ADD CONSTRAINT sync_job_reason_check CHECK (reason IN ('first', 'data', 'schema', 'external', 'after'));
