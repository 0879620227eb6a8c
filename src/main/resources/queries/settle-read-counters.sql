-- STATS SETTLE, on the source: the write counter (n_tup_ins + n_tup_upd + n_tup_del, summed over a partitioned table's
-- partitions: the very expression of the probe, ProbeSql.WRITE_COUNT) of each table settle-due.sql found due, now that
-- PostgreSQL has flushed the counters of the writes committed before the job was posted. A table that no longer exists
-- answers NULL (its settle is dropped, the baseline stays). Catalog and statistics views only, bound parameters only.
SELECT CAST(json_agg(json_build_object('connection_id', t.connection_id, 'table_schema', t.table_schema,
           'table_name', t.table_name, 'settle_at', t.settle_at,
           'write_count', CASE WHEN v.rel IS NOT NULL THEN CAST((SELECT coalesce(sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0) FROM pg_catalog.pg_stat_user_tables s WHERE s.relid = v.rel OR s.relid IN (SELECT p.relid FROM pg_catalog.pg_partition_tree(v.rel) p)) AS bigint) END)) AS text) AS settled
FROM json_to_recordset(CAST(:#${body[due]} AS json))
     AS t(connection_id text, table_schema text, table_name text, settle_at text)
CROSS JOIN LATERAL (
    SELECT (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = t.table_schema AND c.relname = t.table_name) AS rel) v
