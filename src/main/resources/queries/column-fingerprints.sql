-- PROBE (a block's first tick, a table whose column signature is not the one its fingerprint was read with, and once
-- an hour): the column fingerprint of the tables named, md5 of jsonb_object_agg(column name, format_type(type, typmod))
-- (jsonb orders its keys itself, so the hash does not depend on column order, and the type text includes the type
-- modifier), the columns themselves for the diff of a schema change, and the column signature the probe statement
-- computes at every tick (ProbeSql.COLUMN_SIGNATURE: the same expression). Bound parameters only: the tables travel
-- as one JSON parameter (Tick.fingerprintQuery). A table that no longer exists returns no row.
SELECT s.ord, f.column_signature, md5(f.column_list) AS column_hash, f.column_list
FROM json_to_recordset(CAST(:#${exchangeProperty.tick.fingerprintQuery} AS json)) AS s(ord int, table_schema text, table_name text)
JOIN pg_catalog.pg_namespace n ON n.nspname = s.table_schema
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.table_name
CROSS JOIN LATERAL (
    SELECT sum(pg_catalog.hashtextextended(a.attname::text, (a.atttypid::int8 << 32) | (a.atttypmod::int8 & 4294967295)))::text AS column_signature,
           jsonb_object_agg(a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))::text AS column_list
    FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
) f
ORDER BY s.ord
