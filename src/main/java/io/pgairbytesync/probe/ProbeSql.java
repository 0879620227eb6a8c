package io.pgairbytesync.probe;

import java.util.List;
import java.util.Map;

/**
 * Builds the one probe statement of a connection. Every identifier in it has been validated by
 * {@link TablesParameter} and is double-quoted here. A table name inside a string constant (its {@code ::regclass})
 * is dollar-quoted: no escapes at all, so the statement means the same whatever the session's
 * standard_conforming_strings (a role or database may set it off: a backslash in a '...' literal is then an escape).
 * (Not the table's OID from the catalog query: max(cursor) reads the table by its name, and a table dropped and
 * re-created under that name would then be read by name but fingerprinted through the dropped table's OID.)
 * <p>
 * Per table the statement returns max(cursor) as exact text (NULL for a table without a cursor), its write counter
 * (n_tup_ins + n_tup_upd + n_tup_del, summed over its partitions) and the <em>column signature</em>: the sum of a 64-bit
 * hash of each column's name, seeded with its type OID and type modifier ({@link #COLUMN_SIGNATURE}: the OID in the
 * high 32 bits, the modifier in the low ones, so each pair gives its own seed; no text is built, no arithmetic can
 * overflow), read from pg_attribute only.
 * The signature changes whenever a column is added, dropped, renamed or changes type (or typmod: varchar(20) to
 * varchar(40)). It is the cheap half of the schema check: the readable fingerprint that the sync state keeps (md5 of
 * {@code jsonb_object_agg(column name, format_type(type, typmod))}, queries/column-fingerprints.sql) costs about twice
 * the rest of the probe, so it is read only when a table's signature is not the one it was last read with
 * ({@link ColumnFingerprints}). Only pg_catalog is read, never information_schema.
 */
final class ProbeSql {

    /**
     * The column signature of the pg_attribute rows {@code a} of one table; queries/column-fingerprints.sql computes the
     * same expression (ProbeEfficiencyIT fails when they differ: every tick would then read the fingerprints again).
     * No {@code #} in it: camel-sql takes that for a parameter.
     */
    static final String COLUMN_SIGNATURE =
            "sum(pg_catalog.hashtextextended(a.attname::text, (a.atttypid::int8 << 32) | (a.atttypmod::int8 & 4294967295)))::text";

    /**
     * The write counter of the table {@code v.rel}: n_tup_ins + n_tup_upd + n_tup_del of the table, plus those of its
     * partitions when it is partitioned (pg_partition_tree lists nothing for a plain table, and the partitioned table
     * itself first, left out here); a table without a statistics entry yet has had no writes counted: 0. Read through
     * the statistics functions by OID, the ones pg_stat_user_tables is made of: the view, filtered per table, is built
     * over every relation of the database for each table (a probe of 1,000 tables took 262 ms instead of 39 ms).
     * queries/settle-read-counters.sql reads the same expression (ProbeSqlTest checks it).
     */
    static final String WRITE_COUNT = "(" + writes("v.rel") + " + coalesce((SELECT sum(" + writes("p.relid") + ")"
            + " FROM pg_catalog.pg_partition_tree(v.rel) p WHERE p.relid <> v.rel), 0))";

    private static String writes(String oid) {
        return "pg_catalog.pg_stat_get_tuples_inserted(" + oid + ") + pg_catalog.pg_stat_get_tuples_updated(" + oid
                + ") + pg_catalog.pg_stat_get_tuples_deleted(" + oid + ")";
    }

    private ProbeSql() {
    }

    /**
     * The column {@code cursor_pinned} of the probe statement: whether the max already read pins the cursor, so that no
     * later change can move it (PinnedCursor). Computed from the max text the statement printed (exact,
     * session-independent ISO 8601 for timestamps and dates), with the source database's own clock; no further read of
     * any table:
     * <ul>
     * <li>{@code infinity} (timestamps, dates), numeric {@code NaN} or {@code Infinity}: pinned for good;</li>
     * <li>a timestamptz more than {@code margin} ahead of {@code now()}; a timestamp (without time zone) ahead of
     * {@code localtimestamp}, the session's local time, which is the JVM's zone; a date ahead of {@code current_date}.</li>
     * </ul>
     * Integers are never pinned. The margin is a whole number of seconds from a checked setting
     * (CURSOR_FUTURE_MARGIN), so it is written into the text as a number.
     */
    static String pinnedColumn(List<Map<String, Object>> catalogRows, java.time.Duration margin) {
        StringBuilder tz = new StringBuilder();
        StringBuilder ts = new StringBuilder();
        StringBuilder date = new StringBuilder();
        for (int i = 0; i < catalogRows.size(); i++) {
            CursorType type = CursorType.of(String.valueOf(catalogRows.get(i).get("cursor_base_type")));
            StringBuilder to = type == CursorType.TIMESTAMPTZ ? tz : type == CursorType.TIMESTAMP ? ts
                    : type == CursorType.DATE ? date : null;
            if (to != null) {
                to.append(to.isEmpty() ? "" : ", ").append(i);
            }
        }
        String ahead = " + make_interval(secs => " + margin.toSeconds() + ")";
        StringBuilder future = new StringBuilder();
        if (!tz.isEmpty()) {
            future.append(" WHEN v.ord IN (").append(tz).append(") THEN v.max_cursor::timestamptz > now()").append(ahead);
        }
        if (!ts.isEmpty()) {
            future.append(" WHEN v.ord IN (").append(ts).append(") THEN v.max_cursor::timestamp > localtimestamp").append(ahead);
        }
        if (!date.isEmpty()) {
            future.append(" WHEN v.ord IN (").append(date).append(") THEN v.max_cursor::date > current_date").append(ahead);
        }
        String farFuture = future.isEmpty() ? "false" : "CASE" + future + " ELSE false END";
        return "coalesce(v.max_cursor IN ('infinity', 'Infinity', 'NaN') OR " + farFuture + ", false) AS cursor_pinned";
    }

    /** @param cursorFutureMargin CURSOR_FUTURE_MARGIN, for the column {@code cursor_pinned} ({@link #pinnedColumn}) */
    static String build(List<ProbePlan.PlannedTable> tables, List<Map<String, Object>> catalogRows,
            java.time.Duration cursorFutureMargin) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            ProbePlan.PlannedTable t = tables.get(i);
            TableSpec spec = t.spec();
            if (i > 0) {
                values.append(",\n       ");
            }
            // a table without a cursor column: no max() at all, NULL (the stats signal watches it)
            String max = spec.hasCursor()
                    ? CursorType.of(String.valueOf(catalogRows.get(i).get("cursor_base_type")))
                            .maxAsText(Identifiers.quote(spec.cursorColumn()), spec.quotedName())
                    : "NULL::text";
            values.append('(').append(i).append(", ").append(max).append(", ")
                    .append(Identifiers.dollarQuoted(spec.quotedName())).append("::regclass)");
        }
        // read for EVERY table, whatever its signal, so that a table can switch to the stats signal at any tick with its
        // baseline already recorded
        String writes = ", " + WRITE_COUNT + "::bigint AS write_count";
        return "SELECT v.ord, v.max_cursor, f.column_signature" + writes + ",\n       "
                + pinnedColumn(catalogRows, cursorFutureMargin) + "\n"
                + "FROM (VALUES " + values + ") AS v(ord, max_cursor, rel)\n"
                + "CROSS JOIN LATERAL (\n"
                + "  SELECT " + COLUMN_SIGNATURE + " AS column_signature\n"
                + "  FROM pg_catalog.pg_attribute a\n"
                + "  WHERE a.attrelid = v.rel AND a.attnum > 0 AND NOT a.attisdropped\n"
                + ") f\n"
                + "ORDER BY v.ord";
    }
}
