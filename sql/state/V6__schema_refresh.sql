-- V6: a schema change asks Airbyte for an uncached discovery of the source (GET /streams?ignoreCache=true), which holds
-- one of the public API's few server threads (5 by default) for its whole run. It is run once per distinct change: this
-- row says for which column fingerprints of the connection's tables it last ran, and when. While a sync is refused
-- (an inactive connection answers 409 to every POST /jobs) the next ticks, and a restart, find the same fingerprints
-- here and do not discover again; a new change (other fingerprints) does, and so does a change whose sync was accepted
-- since (a job row created after refreshed_at) and is now tried again.
CREATE TABLE schema_refresh (
    connection_id  uuid        PRIMARY KEY,
    route_id       text,
    column_hashes  text        NOT NULL,         -- every table of the block with its probed column_hash, one per line
    refreshed_at   timestamptz NOT NULL DEFAULT now()
);
