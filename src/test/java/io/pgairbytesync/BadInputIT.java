package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets an error that names the thing and the fix; a bad connection never stops the others. */
class BadInputIT extends OrchestratorTestBase {

    private static final String OTHER = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

    @BeforeEach
    void tables() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL, note text)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00', 'x')",
                "CREATE SCHEMA \"Sales\"",
                "CREATE TABLE \"Sales\".\"Order Lines\" (\"Line Id\" int, \"ChangedAt\" bigint)",
                "INSERT INTO \"Sales\".\"Order Lines\" VALUES (1, 1732000000123)");
    }

    @Test
    void aMissingTableFailsItsConnectionLoudlyAndTheOthersKeepRunning() throws Exception {
        startService(block("broken", OTHER, "public.orderz") + block("orders-to-bigquery", CONNECTION, "orders"));
        stubJobCreated(101);
        tick("broken", OTHER);
        tick();
        assertThat(decisionLog()).anyMatch(l -> l.startsWith("broken tick failed, state unchanged: connection block 'broken':"
                + " table public.orderz does not exist in the source database") && l.contains("Fix: correct 'tables'"));
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        assertThat(jobPosts()).isEqualTo(1);
    }

    @Test
    void aTableDroppedLaterFailsOnlyItsConnectionWithAClearError() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        syncFirst(101);
        Map<String, Object> synced = state("public.orders");
        sql("ALTER TABLE orders RENAME TO orders_archive");
        tick();
        assertThat(decisionLog()).anyMatch(l -> l.contains("table public.orders does not exist in the source database"));
        Map<String, Object> after = state("public.orders");
        assertThat(after.get("synced_cursor")).isEqualTo(synced.get("synced_cursor"));
        assertThat((String) after.get("last_error")).contains("public.orders does not exist");
        // put back: the connection recovers by itself on the next tick
        sql("ALTER TABLE orders_archive RENAME TO orders");
        tick();
        assertThat(state("public.orders").get("last_decision")).isEqualTo("unchanged");
        assertThat(jobPosts()).isEqualTo(1);
    }

    @Test
    void aMissingOrUnsupportedCursorColumnIsNamedWithTheFix() throws Exception {
        startService(block("no-cursor", CONNECTION, "orders:changed_at") + block("text-cursor", OTHER, "orders:note"));
        tick("no-cursor", CONNECTION);
        tick("text-cursor", OTHER);
        assertThat(decisionLog()).anyMatch(l -> l.contains("table public.orders has no column changed_at")
                && l.contains("its columns: id, updated_at, note"));
        assertThat(decisionLog()).anyMatch(l -> l.contains("cursor column public.orders.note has type text")
                && l.contains("timestamp with time zone, timestamp without time zone, date, smallint, integer, bigint, numeric"));
        assertThat(jobPosts()).isZero();
    }

    @Test
    void quotedMixedCaseNamesThatReallyExistWork() throws Exception {
        startService(block("sales", CONNECTION, "\"Sales\".\"Order Lines\":\"ChangedAt\""));
        stubJobCreated(101);
        tick("sales", CONNECTION);
        Map<String, Object> row = query("SELECT * FROM airbyte_sync.sync_state").get(0);
        assertThat(row.get("table_schema")).isEqualTo("Sales");
        assertThat(row.get("table_name")).isEqualTo("Order Lines");
        assertThat(row.get("pending_cursor")).isEqualTo("1732000000123");
        assertThat(decisionLog()).anyMatch(l -> l.contains("\"Sales\".\"Order Lines\" ChangedAt 1732000000123 (first sight)"));
    }

    @Test
    void anInjectionAttemptInATableNameNeverReachesSql() throws Exception {
        startService(block("evil", CONNECTION, "orders; DROP TABLE orders") + block("evil2", OTHER,
                "\"orders\"\"; DROP TABLE orders; --\""));
        tick("evil", CONNECTION);
        tick("evil2", OTHER);
        assertThat(decisionLog()).anyMatch(l -> l.contains("connection block 'evil': entry 'orders; DROP TABLE orders'"
                + " in 'tables' is not valid"));
        assertThat(decisionLog()).anyMatch(l -> l.contains("connection block 'evil2': table public.\"orders\"\"; DROP TABLE orders; --\""
                + " does not exist"));
        assertThat(scalar("SELECT count(*) FROM orders")).isEqualTo(1L);
        assertThat(jobPosts()).isZero();
    }

    @Test
    void aConnectionIdThatIsNotAUuidIsNamed() throws Exception {
        startService(block("bad-id", "not-a-uuid", "orders"));
        tick("bad-id", "not-a-uuid");
        assertThat(decisionLog()).anyMatch(l -> l.contains("connectionId 'not-a-uuid' is not a UUID")
                && l.contains("Fix: copy the id"));
    }

    @Test
    void aMissingSourceUrlStopsStartUpWithTheFix() {
        assertThatThrownBy(() -> startService("[]", Map.of("source.db.url", "")))
                .hasStackTraceContaining("SOURCE_DB_URL is not set. Fix: export SOURCE_DB_URL=jdbc:postgresql://");
    }

    @Test
    void aBadStateSchemaNameStopsStartUpWithTheFix() {
        assertThatThrownBy(() -> startService("[]", Map.of("state.db.schema", "sync; drop")))
                .hasStackTraceContaining("STATE_DB_SCHEMA 'sync; drop' is not a plain lower-case PostgreSQL name");
    }

    @Test
    void theStateSchemaIsConfigurable() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("state.db.schema", "sync_meta"));
        stubJobCreated(101);
        tick();
        assertThat(scalar("SELECT count(*) FROM sync_meta.sync_state")).isEqualTo(1L);
        assertThat(scalar("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'airbyte_sync'")).isEqualTo(0L);
    }

    @Test
    void theBundledDefaultStartsWithNoConnection() throws Exception {
        startService("[]", Map.of("camel.main.routesIncludePattern", "classpath:routes/*.yaml"));
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).contains("tick", "probe", "follow-jobs")
                .doesNotContain("orders-to-bigquery");
    }
}
