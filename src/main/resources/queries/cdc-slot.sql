-- CDC (a block with a slot and a publication), each tick before the probe: from the catalog only, never a logical
-- decoding function (pg_logical_slot_peek/get_* decode the WAL behind the slot: seconds per hundred MB). What the WAL
-- guard needs of the slot (active: a reader, Airbyte's sync, holds it now; wal_status; the WAL it holds back) and the
-- publication's tables. Every view and function here is readable by any role: no superuser, no REPLICATION. One row,
-- whatever exists.
SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_publication p WHERE p.pubname = :#${exchangeProperty.tick.publicationName})
           AS publication_exists,
       s.slot_name IS NOT NULL AS slot_exists, s.slot_type, s.database AS slot_database,
       current_database() AS this_database, s.active, s.wal_status,
       CAST(pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.restart_lsn) AS bigint) AS retained_bytes,
       (SELECT CAST(json_agg(json_build_array(t.schemaname, t.tablename) ORDER BY t.schemaname, t.tablename) AS text)
        FROM pg_catalog.pg_publication_tables t
        WHERE t.pubname = :#${exchangeProperty.tick.publicationName}) AS published
FROM (SELECT 1) AS one
LEFT JOIN pg_catalog.pg_replication_slots s ON s.slot_name = :#${exchangeProperty.tick.slotName}
