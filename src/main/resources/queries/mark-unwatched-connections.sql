-- START-UP: the rows of connections that no block of the YAML names any more are marked removed, like the tables a
-- block stopped listing (mark-watched-tables.sql, which also unmarks a connection's tables when its block comes back).
UPDATE sync_state SET removed_at = now(), updated_at = now()
WHERE removed_at IS NULL AND connection_id <> ALL (CAST(:#${bean:connectionBlocks.connectionIdArray} AS uuid[]))
