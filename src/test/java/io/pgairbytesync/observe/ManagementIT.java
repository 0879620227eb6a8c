package io.pgairbytesync.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/** The management port: readiness per dependency, the service's Prometheus meters, Jolokia, /status.json. */
class ManagementIT extends OrchestratorTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> CHECK_OFTEN = Map.of("health.check.seconds", "1", "airbyte.poll.first.delay.ms", "0");

    private static void airbyteHealthy(boolean healthy) {
        airbyte.stubFor(get(urlEqualTo(API + "/health")).willReturn(healthy ? aResponse().withStatus(200)
                : aResponse().withStatus(503).withBody("upstream down")));
    }

    @Test
    void readinessIsUpWhenBothDatabasesAndAirbyteAnswerAndDownWithTheReasonWhenOneDoesNot() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)");
        airbyteHealthy(true);
        startService(block("orders-to-bigquery", CONNECTION, "orders"), CHECK_OFTEN);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(management("/observe/health")[0]).isEqualTo("200"));
        JsonNode up = JSON.readTree(management("/observe/health")[1]);
        assertThat(up.get("status").asText()).isEqualTo("UP");
        assertThat(checks(up)).containsEntry("source-db", "UP").containsEntry("state-db", "UP").containsEntry("airbyte-api", "UP");

        airbyteHealthy(false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(management("/observe/health")[0]).isEqualTo("503"));
        JsonNode down = JSON.readTree(management("/observe/health")[1]);
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(checks(down)).containsEntry("airbyte-api", "DOWN").containsEntry("source-db", "UP");
        assertThat(message(down, "airbyte-api")).contains("503");

        // the state database goes away (here: its tables), Airbyte comes back
        airbyteHealthy(true);
        sql("ALTER TABLE airbyte_sync.sync_job RENAME TO sync_job_moved");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(checks(JSON.readTree(management("/observe/health")[1])))
                .containsEntry("state-db", "DOWN").containsEntry("airbyte-api", "UP"));
        assertThat(message(JSON.readTree(management("/observe/health")[1]), "state-db")).contains("sync_job");
        sql("ALTER TABLE airbyte_sync.sync_job_moved RENAME TO sync_job");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(management("/observe/health")[0]).isEqualTo("200"));
    }

    @Test
    void theManagementPortListensOnLoopbackOnly() throws Exception {
        java.net.InetAddress outside = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no address but loopback");
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        assertThat(management("/status.json")[0]).isEqualTo("200");
        try (java.net.Socket socket = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                    new java.net.InetSocketAddress(outside, managementPort), 2000))
                    .as("MANAGEMENT_PORT on " + outside).isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void readinessOfAirbyteIsDownWhenItRefusesTheToken() throws Exception {
        airbyteHealthy(true);
        airbyte.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(API + "/applications/token"))
                .willReturn(aResponse().withStatus(401).withBody("{\"status\":401}")));
        Map<String, String> s = new java.util.HashMap<>(CHECK_OFTEN);
        s.put("airbyte.client.id", "client");
        s.put("airbyte.client.secret", "not-the-secret");
        startService(block("orders-to-bigquery", CONNECTION, "orders"), s);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(message(JSON.readTree(management("/observe/health")[1]),
                "airbyte-api")).contains("Airbyte did not give a token for AIRBYTE_CLIENT_ID"));
        assertThat(checks(JSON.readTree(management("/observe/health")[1]))).containsEntry("airbyte-api", "DOWN")
                .containsEntry("source-db", "UP");
        assertThat(message(JSON.readTree(management("/observe/health")[1]), "airbyte-api"))
                .contains("DOWN").contains("HTTP 401").doesNotContain("not-the-secret");
    }

    @Test
    void metricsCountProbesDecisionsJobsAndShowFreshness() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        syncFirst(201);                    // data-changed (first), job 201 succeeded
        tick();                            // unchanged
        sql("UPDATE orders SET updated_at = '2026-11-25 10:00:00+00'");
        stubJobCreated(202);
        tick();                            // data-changed, job 202 pending
        sql("ALTER TABLE orders RENAME TO orders_gone");
        tick();                            // probe fails

        String metrics = management("/observe/metrics")[1];
        String tags = "connection=\"orders-to-bigquery\",connection_id=\"" + CONNECTION + "\"";
        assertThat(value(metrics, "pgsync_probes_total{" + tags + ",outcome=\"ok\"}")).isEqualTo(3.0);
        assertThat(value(metrics, "pgsync_probes_total{" + tags + ",outcome=\"failed\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "pgsync_decisions_total{connection=\"orders-to-bigquery\",connection_id=\"" + CONNECTION
                + "\",decision=\"data-changed\"}")).isEqualTo(2.0);
        assertThat(value(metrics, "pgsync_decisions_total{connection=\"orders-to-bigquery\",connection_id=\"" + CONNECTION
                + "\",decision=\"unchanged\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "pgsync_jobs_started_total{" + tags + ",reason=\"first\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "pgsync_jobs_started_total{" + tags + ",reason=\"data\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "pgsync_job_outcomes_total{" + tags + ",outcome=\"succeeded\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "pgsync_probe_duration_seconds_count{" + tags + "}")).isEqualTo(4.0);
        assertThat(value(metrics, "pgsync_probe_duration_seconds_sum{" + tags + "}")).isPositive();
        assertThat(value(metrics, "pgsync_pending_job_age_seconds{" + tags + "}")).isBetween(0.0, 60.0);
        assertThat(value(metrics, "pgsync_unsynced_change_age_seconds{" + tags + "}")).as("change seen, job pending").isPositive();
        double sinceSync = value(metrics, "pgsync_seconds_since_last_sync{" + tags + "}");
        assertThat(sinceSync).isBetween(0.0, 60.0);
        // Camel's own route meters are there too
        assertThat(metrics).contains("routeId=\"orders-to-bigquery\"");

        // freshness grows while nothing syncs: the gauge itself passes one more second (waited for, up to 30 s on a
        // slow machine), and meanwhile no job was started or ended and the synced state did not move
        Object syncedAt = scalar("SELECT max(last_success_at) FROM airbyte_sync.sync_state");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> value(management(
                "/observe/metrics")[1], "pgsync_seconds_since_last_sync{" + tags + "}") > sinceSync + 1.0);
        String later = management("/observe/metrics")[1];
        assertThat(value(later, "pgsync_jobs_started_total{" + tags + ",reason=\"data\"}")).isEqualTo(1.0);
        assertThat(value(later, "pgsync_job_outcomes_total{" + tags + ",outcome=\"succeeded\"}")).isEqualTo(1.0);
        assertThat(scalar("SELECT max(last_success_at) FROM airbyte_sync.sync_state")).isEqualTo(syncedAt);

        stubJobStatus(202, "failed");
        followJobs();
        String after = management("/observe/metrics")[1];
        assertThat(value(after, "pgsync_job_outcomes_total{" + tags + ",outcome=\"failed\"}")).isEqualTo(1.0);
        assertThat(value(after, "pgsync_pending_job_age_seconds{" + tags + "}")).isZero();
    }

    @Test
    void jolokiaReadsTheConnectionMBeanAndStatusJsonDescribesEveryConnection() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        startService(block("orders-to-bigquery", CONNECTION, "orders") + block("customers-to-bigquery",
                "1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0", "customers"), Map.of("camel.main.jmxEnabled", "true"));
        syncFirst(301);

        JsonNode read = JSON.readTree(management(
                "/observe/jolokia/read/pg-airbyte-sync:type=Connection,name=%22orders-to-bigquery%22/LastJobStatus")[1]);
        assertThat(read.get("status").asInt()).isEqualTo(200);
        assertThat(read.get("value").asText()).isEqualTo("succeeded");
        // read-only: an operation (stopping the connection's route) is refused, and the route keeps running
        JsonNode exec = JSON.readTree(management(
                "/observe/jolokia/exec/org.apache.camel:context=pg-airbyte-sync,type=routes,name=%22orders-to-bigquery%22/stop")[1]);
        assertThat(exec.get("status").asInt()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("orders-to-bigquery").isStarted()).isTrue();

        JsonNode status = JSON.readTree(management("/status.json")[1]);
        assertThat(status.get("connections")).hasSize(2);
        JsonNode orders = status.get("connections").get(1);
        assertThat(orders.get("routeId").asText()).isEqualTo("orders-to-bigquery");
        assertThat(orders.get("lastDecision").asText()).isEqualTo("data-changed");
        assertThat(orders.get("tables").get(0).get("table").asText()).isEqualTo("public.orders");
        assertThat(orders.get("tables").get(0).get("syncedCursor").asText()).isEqualTo("2026-11-24T10:00:00.000000Z");
        assertThat(orders.get("tables").get(0).get("columnHash").asText()).hasSize(10);
        assertThat(orders.get("recentJobs").get(0).get("jobId").asLong()).isEqualTo(301);
        assertThat(orders.get("recentJobs").get(0).get("rows").asLong()).isEqualTo(42);
        assertThat(orders.get("pendingJob").isNull()).isTrue();
        JsonNode customers = status.get("connections").get(0);
        assertThat(customers.get("routeId").asText()).isEqualTo("customers-to-bigquery");
        assertThat(customers.get("tables")).isEmpty();
    }

    private static Map<String, String> checks(JsonNode health) {
        Map<String, String> m = new java.util.HashMap<>();
        health.get("checks").forEach(c -> m.put(c.get("name").asText(), c.get("status").asText()));
        return m;
    }

    private static String message(JsonNode health, String check) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(check)) {
                return c.toString();
            }
        }
        return "";
    }

    private static double value(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + metrics.lines()
                .filter(l -> l.startsWith("pgsync_")).reduce("", (a, b) -> a + b + "\n"));
    }
}
