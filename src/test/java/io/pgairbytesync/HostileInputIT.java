package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/**
 * Hostile and wrong input, each with the outcome a user should get: the blocks that are wrong fail alone with
 * an error naming the block, the value and the fix; the names that really exist work, however odd they are.
 */
class HostileInputIT extends OrchestratorTestBase {

    private record Case(String routeId, String tables, String cursorColumn, String connectionId, String expected) {
    }

    private static final List<Case> TICK_CASES = new ArrayList<>();

    private static void add(String routeId, String tables, String cursor, String connectionId, String expected) {
        TICK_CASES.add(new Case(routeId, tables, cursor, connectionId == null
                ? String.format("00000000-0000-4000-8000-%012d", TICK_CASES.size() + 1) : connectionId, expected));
    }

    static {
        String ok = "first sight";
        add("injection-semicolon", "orders; DROP TABLE orders", null, null, "entry 'orders; DROP TABLE orders' in 'tables' is not valid");
        add("injection-quoted", "\"orders\"\"; DROP TABLE orders; --\"", null, null, "does not exist in the source database");
        add("injection-cursor", "orders:updated_at; SELECT 1", null, null, "is not a plain PostgreSQL name");
        add("injection-comment", "orders--", null, null, "is not a plain PostgreSQL name");
        add("missing-table", "missing_table", null, null, "table public.missing_table does not exist");
        add("missing-schema", "nosuchschema.orders", null, null, "table nosuchschema.orders does not exist");
        add("missing-column", "orders:no_such_col", null, null, "table public.orders has no column no_such_col");
        add("text-cursor", "orders:note", null, null, "has type text, which cannot serve as a cursor");
        add("boolean-cursor", "orders:flag", null, null, "has type boolean, which cannot serve as a cursor");
        add("mixed-case-quoted", "\"Mixed Case\".\"OrderLines\":\"ChangedAt\"", null, null, ok);
        add("mixed-case-unquoted", "Mixed.OrderLines", null, null, "table mixed.orderlines does not exist");
        add("reserved-word", "\"select\":\"order\"", null, null, ok);
        add("unicode", "\"größe\":\"ändert\"", null, null, ok);
        add("name-63-bytes", "t" + "x".repeat(62), null, null, ok);
        add("name-64-bytes", "t" + "x".repeat(63), null, null, "is 64 bytes long; PostgreSQL identifiers are at most 63");
        add("empty-tables", " ", null, null, "parameter 'tables' is empty");
        add("stray-comma", "orders,,customers", null, null, "empty entry (a stray comma?)");
        add("three-parts", "db.public.orders", null, null, "more than one '.'");
        add("unbalanced-quote", "\"orders", null, null, "unbalanced double quote");
        add("listed-twice", "orders, public.orders", null, null, "table public.orders is listed twice");
        add("two-cursors", "orders", "a, b", null, "parameter 'cursorColumn' value 'a, b' is not a column name");
        add("bad-uuid", "orders", null, "not-a-uuid", "connectionId 'not-a-uuid' is not a UUID");
        add("short-uuid", "orders", null, "9f5e2d0c-7b8a-4e59-a7d2", "is not a UUID");
        add("view-ok", "orders_view", null, null, ok);
        add("digit-start", "1orders", null, null, "is not a plain PostgreSQL name");
    }

    @Test
    void eachWrongBlockFailsAloneWithTheFixAndOddRealNamesWork() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz, note text, flag boolean)",
                "CREATE TABLE customers (id int, updated_at timestamptz)",
                "CREATE VIEW orders_view AS SELECT * FROM orders",
                "CREATE SCHEMA \"Mixed Case\"",
                "CREATE TABLE \"Mixed Case\".\"OrderLines\" (\"ChangedAt\" timestamptz)",
                "CREATE TABLE \"select\" (\"order\" bigint)",
                "CREATE TABLE \"größe\" (\"ändert\" date)",
                "CREATE TABLE t" + "x".repeat(62) + " (updated_at timestamptz)");
        StringBuilder yaml = new StringBuilder();
        for (Case c : TICK_CASES) {
            yaml.append(c.cursorColumn() == null ? block(c.routeId(), c.connectionId(), c.tables())
                    : block(c.routeId(), c.connectionId(), c.tables(), "cursorColumn", c.cursorColumn()));
        }
        airbyte.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(API + "/jobs"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(jobJson(101, "pending", null, null))));
        startService(yaml.toString());

        Map<String, String> outcome = new LinkedHashMap<>();
        for (Case c : TICK_CASES) {
            tick(c.routeId(), c.connectionId());
            String line = decisionLog().stream().filter(l -> l.startsWith(c.routeId() + " ")).reduce((a, b) -> b).orElse("(nothing)");
            outcome.put(c.routeId(), line);
        }
        List<String> wrong = new ArrayList<>();
        for (Case c : TICK_CASES) {
            String line = outcome.get(c.routeId());
            boolean good = line.contains(c.expected()) && (c.expected().equals("first sight")
                    || line.startsWith(c.routeId() + " tick failed, state unchanged: ") && line.contains("Fix:"));
            if (!good) {
                wrong.add(c.routeId() + " expected [" + c.expected() + "] got [" + line + "]");
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(TICK_CASES).hasSizeGreaterThanOrEqualTo(20);
        assertThat(scalar("SELECT count(*) FROM orders")).isEqualTo(0L); // and nothing was dropped
        assertThat(scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'orders'")).isEqualTo(1L);
    }

    /**
     * A role or database may turn standard_conforming_strings off (old applications do); a backslash in a '...' literal
     * is then an escape. The probe names its tables inside a string constant ({@code ::regclass}): a quoted name with a
     * quote and a backslash must still be the table the catalog query found.
     */
    @Test
    void aNameWithAQuoteAndABackslashIsProbedWhenTheDatabaseTurnsStandardConformingStringsOff() throws Exception {
        sql("CREATE TABLE \"O'Reilly\\Orders\" (id int, updated_at timestamptz)",
                "INSERT INTO \"O'Reilly\\Orders\" VALUES (1, '2026-11-27 09:00:00+00')",
                "ALTER DATABASE " + dbUrl.substring(dbUrl.lastIndexOf('/') + 1) + " SET standard_conforming_strings = off");
        assertThat(scalar("SHOW standard_conforming_strings")).as("every new session of this database").isEqualTo("off");
        stubJobCreated(101);
        startService(block("orders-to-bigquery", CONNECTION, "\"O'Reilly\\Orders\""));

        tick();

        assertThat(decisionLog()).contains("orders-to-bigquery data-changed public.\"O'Reilly\\Orders\" updated_at"
                + " 2026-11-27T09:00:00.000000Z (first sight) -> job 101");
        assertThat(query("SELECT table_name, pending_job_id, pending_cursor FROM airbyte_sync.sync_state")).singleElement()
                .isEqualTo(Map.of("table_name", "O'Reilly\\Orders", "pending_job_id", 101L,
                        "pending_cursor", "2026-11-27T09:00:00.000000Z"));
    }

    @Test
    void aBadCronStopsStartUpNamingTheBlock() {
        sqlQuietly("CREATE TABLE orders (updated_at timestamptz)");
        String yaml = block("orders-to-bigquery", CONNECTION, "orders").replace(NEVER, "99 * * * * ?");
        assertThatThrownBy(() -> startService(yaml)).hasStackTraceContaining("connection block 'orders-to-bigquery':"
                + " schedule '99 * * * * ?' is not a valid Quartz cron. Fix:");
    }

    @Test
    void twoBlocksWithOneRouteIdStopStartUp() {
        sqlQuietly("CREATE TABLE orders (updated_at timestamptz)");
        String yaml = block("orders-to-bigquery", CONNECTION, "orders")
                + block("orders-to-bigquery", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "orders");
        assertThatThrownBy(() -> startService(yaml)).hasStackTraceContaining("orders-to-bigquery")
                .hasStackTraceContaining("Fix: give every block its own routeId");
    }

    @Test
    void unknownSettingValuesStopStartUpWithTheFix() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("change.signal", "CHANGE_SIGNAL 'deletes' is not known");
        bad.put("tick.on.start", "TICK_ON_START 'maybe' is not true or false");
        bad.put("airbyte.poll.seconds", "AIRBYTE_POLL_SECONDS 'fast' is not a whole number");
        bad.put("airbyte.job.timeout", "AIRBYTE_JOB_TIMEOUT '12h' is not a positive ISO-8601 duration");
        bad.put("state.db.schema", "STATE_DB_SCHEMA 'Sync State' is not a plain lower-case PostgreSQL name");
        bad.put("source.db.url", "SOURCE_DB_URL must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
        bad.put("airbyte.api.url", "AIRBYTE_API_URL 'localhost:8000' is not an http(s) URL");
        bad.put("airbyte.client.secret", "Only one of AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET is set"); // the id is set
        bad.put("source.db.statement.timeout", "SOURCE_DB_STATEMENT_TIMEOUT 'soon' is not a duration");
        bad.put("management.port", "MANAGEMENT_PORT 'http' is not a TCP port");
        bad.put("airbyte.ui.url", "AIRBYTE_UI_URL 'airbyte.local' is not an http(s) URL");
        bad.put("alert.webhook.url", "ALERT_WEBHOOK_URL is not an http(s) URL");
        bad.put("alert.after.failures", "ALERT_AFTER_FAILURES '0' is not a positive whole number");
        bad.put("health.check.seconds", "HEALTH_CHECK_SECONDS 'often' is not a whole number of seconds");
        Map<String, String> values = Map.ofEntries(Map.entry("change.signal", "deletes"), Map.entry("tick.on.start", "maybe"),
                Map.entry("airbyte.poll.seconds", "fast"), Map.entry("airbyte.job.timeout", "12h"),
                Map.entry("state.db.schema", "Sync State"), Map.entry("source.db.url", "postgres://db:5432/shop"),
                Map.entry("airbyte.api.url", "localhost:8000"), Map.entry("airbyte.client.secret", ""),
                Map.entry("source.db.statement.timeout", "soon"), Map.entry("management.port", "http"),
                Map.entry("airbyte.ui.url", "airbyte.local"), Map.entry("alert.webhook.url", "hooks.slack.com/services/x"),
                Map.entry("alert.after.failures", "0"), Map.entry("health.check.seconds", "often"));
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertThatThrownBy(() -> startService("[]", Map.of(e.getKey(), values.get(e.getKey()))))
                    .as(e.getKey()).hasStackTraceContaining(e.getValue());
            main = null;
        }
        assertThatThrownBy(() -> startService("[]", Map.of("source.db.url", dbUrl + "?password=x")))
                .hasStackTraceContaining("SOURCE_DB_URL carries a password=... parameter");
        main = null;
        // a second service on the same host, or any program on MANAGEMENT_PORT: not started, rather than running unwatched
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> startService("[]", Map.of("management.port", String.valueOf(taken.getLocalPort()))))
                    .hasStackTraceContaining("MANAGEMENT_PORT " + taken.getLocalPort() + " on 127.0.0.1 is in use")
                    .hasStackTraceContaining("Fix: stop it");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sqlQuietly(String s) {
        try {
            sql(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
