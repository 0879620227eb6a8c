package io.pgairbytesync.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one probe statement of a block, as text: every name quoted, each cursor type printed exactly, the write counter of every table. */
class ProbeSqlTest {

    private static final java.time.Duration DAY = java.time.Duration.ofDays(1);

    private static ProbePlan.PlannedTable table(String schema, String table, String cursor) {
        return new ProbePlan.PlannedTable(new TableSpec(schema, table, cursor), "n/a");
    }

    @Test
    void oneStatementReadsEveryTableInOrderWithItsNamesQuoted() {
        String sql = ProbeSql.build(List.of(table("public", "orders", "updated_at"), table("Sales", "Order \"Lines\"", "ChangedAt")),
                List.of(Map.of("cursor_base_type", "timestamptz"), Map.of("cursor_base_type", "int8")), DAY);
        assertThat(sql).startsWith("SELECT v.ord, v.max_cursor, f.column_signature, ").doesNotContain(";")
                .contains("(0, (SELECT CASE WHEN isfinite(m) THEN to_char(m AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                        + " ELSE m::text END FROM (SELECT max(\"updated_at\") AS m FROM \"public\".\"orders\") x), $n$\"public\".\"orders\"$n$::regclass)")
                .contains("(1, (SELECT m::text FROM (SELECT max(\"ChangedAt\") AS m FROM \"Sales\".\"Order \"\"Lines\"\"\") x),"
                        + " $n$\"Sales\".\"Order \"\"Lines\"\"\"$n$::regclass)")
                .contains(ProbeSql.COLUMN_SIGNATURE + " AS column_signature")
                .endsWith("ORDER BY v.ord")
                .as("the write counter is read whatever the signal").contains("AS write_count")
                .as("the readable fingerprint is not computed at every tick").doesNotContain("format_type", "jsonb");
    }

    @Test
    void theColumnFingerprintsQueryComputesTheSameSignatureAsTheProbe() throws Exception {
        try (java.io.InputStream in = ProbeSqlTest.class.getResourceAsStream("/queries/column-fingerprints.sql")) {
            String file = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(file).contains("SELECT " + ProbeSql.COLUMN_SIGNATURE + " AS column_signature,")
                    .contains("jsonb_object_agg(a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))");
        }
        assertThat(ProbeSql.COLUMN_SIGNATURE).as("camel-sql takes '#' for a parameter").doesNotContain("#");
    }

    @Test
    void aTableNameIsDollarQuotedSoNoSessionSettingReadsABackslashOrQuoteInItAsAnEscape() {
        String sql = ProbeSql.build(List.of(table("public", "O'Reilly\\n", "t"), table("public", "x$n$y$n", "t")),
                List.of(Map.of("cursor_base_type", "int4"), Map.of("cursor_base_type", "int4")), DAY);
        assertThat(sql).contains("(0, (SELECT m::text FROM (SELECT max(\"t\") AS m FROM \"public\".\"O'Reilly\\n\") x),"
                + " $n$\"public\".\"O'Reilly\\n\"$n$::regclass)");
        assertThat(sql).contains(" $n1$\"public\".\"x$n$y$n\"$n1$::regclass)");
        assertThat(Identifiers.dollarQuoted("ab$n")).as("the text's end and the closing tag make no earlier tag")
                .isEqualTo("$n1$ab$n$n1$");
        assertThat(Identifiers.dollarQuoted("a$n1$b$n$")).isEqualTo("$n2$a$n1$b$n$$n2$");
    }

    @Test
    void timestampsAndDatesPrintTheirOwnWayAndEveryTableHasItsWriteCounter() {
        String sql = ProbeSql.build(List.of(table("public", "a", "t"), table("public", "b", "d"), table("public", "c", "n")),
                List.of(Map.of("cursor_base_type", "timestamp"), Map.of("cursor_base_type", "date"),
                        Map.of("cursor_base_type", "numeric")), DAY);
        assertThat(sql).contains("to_char(m, 'YYYY-MM-DD\"T\"HH24:MI:SS.US')", "to_char(m, 'YYYY-MM-DD')",
                "(SELECT m::text FROM (SELECT max(\"n\") AS m FROM \"public\".\"c\") x)");
        assertThat(sql).contains("AS write_count").contains("pg_catalog.pg_partition_tree(v.rel)");
    }

    @Test
    void aTableWithoutACursorReadsNoMaxOnlyItsCounterAndColumns() {
        String sql = ProbeSql.build(List.of(new ProbePlan.PlannedTable(new TableSpec("public", "events", null), null)),
                List.of(new java.util.HashMap<>()), DAY);
        assertThat(sql).contains("(0, NULL::text, $n$\"public\".\"events\"$n$::regclass)").doesNotContain("max(")
                .contains("AS write_count");
    }

    /**
     * The pinned check (PinnedCursor): one more column, computed from the max text already read with the database's own
     * clock per type, the margin in whole seconds; integers and tables without a cursor only by the non-finite values
     * (which no integer prints).
     */
    @Test
    void thePinnedCheckIsOneColumnComputedFromTheMaxAlreadyReadWithTheDatabasesClock() {
        List<Map<String, Object>> rows = List.of(Map.of("cursor_base_type", "timestamptz"), Map.of("cursor_base_type", "int8"),
                Map.of("cursor_base_type", "timestamp"), Map.of("cursor_base_type", "date"), Map.of("cursor_base_type", "timestamptz"),
                new java.util.HashMap<>());
        assertThat(ProbeSql.pinnedColumn(rows, java.time.Duration.ofHours(6))).isEqualTo("coalesce(v.max_cursor IN ('infinity', 'Infinity', 'NaN') OR CASE"
                + " WHEN v.ord IN (0, 4) THEN v.max_cursor::timestamptz > now() + make_interval(secs => 21600)"
                + " WHEN v.ord IN (2) THEN v.max_cursor::timestamp > localtimestamp + make_interval(secs => 21600)"
                + " WHEN v.ord IN (3) THEN v.max_cursor::date > current_date + make_interval(secs => 21600)"
                + " ELSE false END, false) AS cursor_pinned");
        String built = ProbeSql.build(List.of(table("public", "a", "n")), List.of(Map.of("cursor_base_type", "int4")), DAY);
        assertThat(built)
                .as("the last column of the statement's select list: still one statement, the probe's prefix kept").startsWith("SELECT v.ord")
                .contains("AS write_count,\n       coalesce(v.max_cursor IN ('infinity', 'Infinity', 'NaN') OR false, false) AS cursor_pinned\nFROM (VALUES")
                .doesNotContain("#").doesNotContain(";");
    }

    @Test
    void theSettleReadOfTheWriteCountersReadsTheSameExpressionAsTheProbe() throws Exception {
        try (java.io.InputStream in = ProbeSqlTest.class.getResourceAsStream("/queries/settle-read-counters.sql")) {
            String file = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(file).contains("CAST(" + ProbeSql.WRITE_COUNT + " AS bigint)");
        }
        assertThat(ProbeSql.WRITE_COUNT).as("camel-sql takes '#' for a parameter").doesNotContain("#");
    }
}
