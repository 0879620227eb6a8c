-- PROBE (first tick of a block, and after a failed probe): what the catalog says of each table of the block, in YAML
-- order: does it exist, may the probe user read it, its cursor column's type (and a domain's base type; the type
-- modifier, a domain's own for a domain column: timestamp(0) is coarse, CoarseCursor), whether a
-- btree index can serve max(cursor), its columns, and whether row-level security filters what the probe user sees
-- (row_security_active: RLS on, and the user is no superuser, has no BYPASSRLS and is not the owner of a table without
-- FORCE ROW LEVEL SECURITY: the probe then reads only the rows the policies allow). Bound parameters only: the block's tables, validated, travel as
-- one JSON parameter (Tick.catalogQuery).
SELECT s.ord, c.oid IS NOT NULL AS table_exists,
       CASE WHEN c.oid IS NULL THEN false ELSE has_table_privilege(c.oid, 'SELECT') END AS can_select,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS cursor_type,
       CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END AS cursor_base_type,
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS cursor_typmod,
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
               JOIN pg_catalog.pg_am am ON am.oid = ic.relam
               WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum AND am.amname = 'btree' AND i.indisvalid
               AND i.indpred IS NULL) AS cursor_indexed,
       (SELECT string_agg(quote_ident(x.attname), ', ' ORDER BY x.attnum) FROM pg_catalog.pg_attribute x
        WHERE x.attrelid = c.oid AND x.attnum > 0 AND NOT x.attisdropped) AS columns,
       CASE WHEN c.oid IS NULL THEN false ELSE pg_catalog.row_security_active(c.oid) END AS rls_filters_probe,
       c.relforcerowsecurity AS rls_forced,
       CASE WHEN c.oid IS NULL THEN false ELSE pg_catalog.pg_has_role(c.relowner, 'USAGE') END AS probe_owns_table,
       current_user AS probe_user
FROM json_to_recordset(CAST(:#${exchangeProperty.tick.catalogQuery} AS json))
     AS s(ord int, table_schema text, table_name text, cursor_column text)
LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = s.table_schema
LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.table_name AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = s.cursor_column AND a.attnum > 0
     AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
ORDER BY s.ord
