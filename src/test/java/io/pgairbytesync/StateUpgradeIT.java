package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upgrade end to end: the state database that the jar before versioned migrations left (the fixture, made by
 * that jar's code: a job still running, synced values, failed and succeeded jobs, an intent, open alerts, a clustered
 * schedule), and this service started on it. Nothing is lost: the running job is followed to its success, the synced
 * state goes on from where it was, the intent is honoured, and an unchanged tick asks Airbyte for nothing.
 */
class StateUpgradeIT extends OrchestratorTestBase {

    private static final String FIXTURE = "/upgrade/state-created-by-0.1.0.sql";
    /** The connection blocks of the run that made the fixture (its header lists them). */
    private static final String EVENTS = "4a1c7e2b-95d3-4f60-8e1a-2b3c4d5e6f70";
    private static final String INVOICES = "5b2d8f3c-a6e4-4071-9f2b-3c4d5e6f7081";
    private static final String GHOSTS = "6c3e9a4d-b7f5-4182-a03c-4d5e6f708192";
    private static final String BLOCKS = block("orders-to-bigquery", CONNECTION, "public.orders, customers:modified_at")
            + block("events-to-s3", EVENTS, "events:seq")
            + block("invoices-to-lake", INVOICES, "invoices:issued_at")
            + block("ghosts-to-nowhere", GHOSTS, "ghosts");
    private static final String BASELINE = "1 tables of a jar before versioned migrations (0.1.0) BASELINE";
    /**
     * Columns that versions after V2 add, empty (or their default) on an upgraded row: left out where the fixture's rows
     * are compared (V3 removed_at; V4 pending_cursor_column, pending_cursor_type; V5 withheld_job_id,
     * suspicious_outcome, not_found_reads; V9 settle_at, settle_job_id).
     */
    private static final List<String> ADDED_AFTER_V2 = List.of("removed_at", "pending_cursor_column", "pending_cursor_type",
            "withheld_job_id", "suspicious_outcome", "not_found_reads", "settle_at", "settle_job_id");

    /** The history of the upgraded install: recorded as version 1, then every version after V1 the jar carries. */
    private static List<String> upgradedHistory() throws Exception {
        List<String> history = new java.util.ArrayList<>(List.of(BASELINE));
        history.addAll(laterVersions().stream().map(v -> v + " SQL").toList());
        return history;
    }

    /** {@code 2 synced cursor}, ... from the files sql/state/V<n>__<what>.sql after V1, in order. */
    private static List<String> laterVersions() throws Exception {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of("sql/state"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.sql") && !n.startsWith("V1__"))
                    .sorted(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))))
                    .map(n -> n.substring(1, n.indexOf("__")) + " " + n.substring(n.indexOf("__") + 2, n.length() - 4).replace('_', ' '))
                    .toList();
        }
    }

    @BeforeEach
    void theStateDatabaseOfTheJarBefore() throws Exception {
        try (InputStream in = StateUpgradeIT.class.getResourceAsStream(FIXTURE)) {
            sql(new String(in.readAllBytes(), StandardCharsets.UTF_8)); // the state schema and the source tables it probed
        }
    }

    @Test
    void aSingleInstanceUpgradesInPlaceAndGoesOnWhereTheJarBeforeStopped() throws Exception {
        List<String> before = everyStateRow();

        startService(BLOCKS);

        assertThat(history("flyway_schema_history")).containsExactlyElementsOf(upgradedHistory());
        assertThat(everyStateRow()).as("every row of every state table, right after the start").isEqualTo(before);
        List<String> applied = laterVersions().stream().map(v -> "V" + v.substring(0, v.indexOf(' '))).toList();
        assertThat(allLog()).contains("State tables ready in schema airbyte_sync: state tables at version "
                + applied.get(applied.size() - 1).substring(1) + " (an install from before versioned migrations, kept and recorded"
                + " as version 1, applied " + String.join(", ", applied) + ")");

        theRunningJobIsFollowedToItsSuccessAndAnUnchangedTickPostsNothing();
        theIntentLeftBehindIsHonoured();
        theEarlierSyncsAreAllThere();
    }

    @Test
    void aClusteredInstanceKeepsTheScheduleAndTakesTheDeadInstancesJobOver() throws Exception {
        String deadInstance = (String) scalar("SELECT followed_by FROM airbyte_sync.sync_job WHERE job_id = 201");
        List<Map<String, Object>> jobDetails = query("SELECT job_name, job_class_name FROM airbyte_sync.qrtz_job_details ORDER BY 1");

        startService(BLOCKS, Map.of("cluster.enabled", "true", "node.id", "sync-2", "cluster.checkin.ms", "1000"));

        assertThat(history("flyway_schema_history")).containsExactlyElementsOf(upgradedHistory());
        assertThat(history("quartz_schema_history")).containsExactly(BASELINE);
        assertThat(query("SELECT job_name, job_class_name FROM airbyte_sync.qrtz_job_details ORDER BY 1")).isEqualTo(jobDetails);
        // Quartz declares the instance of the jar before dead (no check-in since the fixture was made): its job is free
        await().atMost(Duration.ofSeconds(30)).until(() -> query("SELECT 1 FROM airbyte_sync.qrtz_scheduler_state"
                + " WHERE instance_name = '" + deadInstance + "'").isEmpty());

        theRunningJobIsFollowedToItsSuccessAndAnUnchangedTickPostsNothing();
        assertThat((String) scalar("SELECT followed_by FROM airbyte_sync.sync_job WHERE job_id = 201")).startsWith("sync-2-");
        theEarlierSyncsAreAllThere();
    }

    private void theRunningJobIsFollowedToItsSuccessAndAnUnchangedTickPostsNothing() throws Exception {
        Map<String, Object> pending = state("public.events");
        assertThat(pending.get("pending_job_id")).isEqualTo(201L);
        assertThat(pending.get("pending_cursor")).isEqualTo("42");
        assertThat(pending.get("synced_cursor")).isNull();

        airbyte.stubFor(get(urlEqualTo(API + "/jobs/201")).willReturn(okJson(jobJson(201, "succeeded", 2L, 128L).replace(CONNECTION, EVENTS))));
        followJobs();

        Map<String, Object> synced = state("public.events");
        assertThat(synced.get("pending_job_id")).isNull();
        assertThat(synced.get("synced")).isEqualTo(true);
        assertThat(synced.get("synced_cursor")).isEqualTo("42");
        assertThat(synced.get("last_synced_job_id")).isEqualTo(201L);
        assertThat(synced.get("column_hash")).isEqualTo(pending.get("pending_hash"));
        assertThat(query("SELECT status, rows_synced FROM airbyte_sync.sync_job WHERE job_id = 201 AND finished_at IS NOT NULL"))
                .containsExactly(Map.of("status", "succeeded", "rows_synced", 2L));

        tick("events-to-s3", EVENTS);
        assertThat(jobPosts()).as("POST /jobs after an unchanged tick").isZero();
        assertThat(state("public.events").get("last_decision")).isEqualTo("unchanged");
    }

    private void theIntentLeftBehindIsHonoured() throws Exception {
        // the jar before asked for a sync of invoices and never learned the job id: Airbyte has it, it is adopted
        assertThat(query("SELECT reason, table_names FROM airbyte_sync.sync_intent"))
                .containsExactly(Map.of("reason", "first", "table_names", "public.invoices"));
        airbyte.stubFor(get(urlPathEqualTo(API + "/jobs")).willReturn(okJson("{\"data\": [" + job(301, INVOICES, "running", Instant.now()) + "]}")));

        tick("invoices-to-lake", INVOICES);

        assertThat(jobPosts()).isZero();
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
        assertThat(state("public.invoices").get("pending_job_id")).isEqualTo(301L);
    }

    private void theEarlierSyncsAreAllThere() throws Exception {
        Map<String, Object> orders = state("public.orders");
        assertThat(orders.get("synced_cursor")).isEqualTo("2026-11-24T10:00:01.123456Z");
        assertThat(orders.get("last_synced_job_id")).isEqualTo(101L);
        assertThat(orders.get("last_tick_node")).isEqualTo("sync-1");
        assertThat(state("public.customers").get("synced_cursor")).isEqualTo("2026-11-20T08:00:00.000001");
        assertThat(query("SELECT job_id, reason, status, rows_synced FROM airbyte_sync.sync_job WHERE job_id IN (101, 102) ORDER BY 1"))
                .containsExactly(Map.of("job_id", 101L, "reason", "first", "status", "succeeded", "rows_synced", 42L),
                        Map.of("job_id", 102L, "reason", "data", "status", "failed", "rows_synced", 0L));
        assertThat(query("SELECT kind, route_id FROM airbyte_sync.sync_alert WHERE alerted_at IS NOT NULL"))
                .containsExactly(Map.of("kind", "job", "route_id", "orders-to-bigquery"));
        assertThat(query("SELECT kind, route_id, failures FROM airbyte_sync.sync_alert WHERE route_id = 'ghosts-to-nowhere'"))
                .containsExactly(Map.of("kind", "failing", "route_id", "ghosts-to-nowhere", "failures", 2));
    }

    private static String job(long id, String connection, String status, Instant started) {
        return jobJson(id, status, null, null).replace(CONNECTION, connection).replace("2026-11-24T10:00:00Z", started.toString());
    }

    private List<String> history(String table) throws Exception {
        return query("SELECT version || ' ' || description || ' ' || type AS v FROM airbyte_sync." + table
                + " WHERE success ORDER BY installed_rank").stream().map(r -> (String) r.get("v")).toList();
    }

    /**
     * Every row of the state tables (not Quartz's, which a running scheduler keeps changing), as JSON, without the
     * columns later versions add ({@link #ADDED_AFTER_V2}) and with V2's renamed synced cursor under one name, so the
     * rows before and after the upgrade compare value for value.
     */
    private List<String> everyStateRow() throws Exception {
        String later = "CAST(ARRAY['" + String.join("', '", ADDED_AFTER_V2) + "'] AS text[])";
        return query("SELECT 'sync_state ' || (j - 'last_synced_at' - 'synced_cursor' - " + later
                + " || jsonb_build_object('cursor', coalesce(j -> 'synced_cursor', j -> 'last_synced_at')))::text AS r"
                + " FROM (SELECT to_jsonb(t) AS j FROM airbyte_sync.sync_state t) s UNION ALL"
                + " SELECT 'sync_job ' || (to_jsonb(t) - " + later + ")::text FROM airbyte_sync.sync_job t"
                + " UNION ALL SELECT 'sync_intent ' || to_jsonb(t)::text FROM airbyte_sync.sync_intent t UNION ALL"
                + " SELECT 'sync_alert ' || to_jsonb(t)::text FROM airbyte_sync.sync_alert t ORDER BY 1")
                .stream().map(r -> (String) r.get("r")).toList();
    }
}
