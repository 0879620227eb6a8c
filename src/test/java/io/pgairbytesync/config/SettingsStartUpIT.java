package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

/**
 * The real service (Camel Main, as the jar starts it): the declared defaults resolve where nothing sets them, and a
 * setting that was taken as given before it was declared now stops start-up with its fix, before Camel uses it.
 */
class SettingsStartUpIT extends OrchestratorTestBase {

    @Test
    void theDeclaredDefaultsReachTheRunningService() throws Exception {
        startService("[]");
        var pc = camel.getPropertiesComponent();
        assertThat(pc.resolveProperty("alert.retry.max")).contains("4");
        assertThat(pc.resolveProperty("alert.retry.delay.ms")).contains("2000");
        assertThat(pc.resolveProperty("state.db.schema")).contains("airbyte_sync");
        assertThat(pc.resolveProperty("airbyte.retry.max")).as("the tests' override").contains("3");
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).contains("tick", "follow-jobs");
    }

    @Test
    void newlyCheckedSettingsStopStartUpWithTheFix() {
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("airbyte.retry.max", new String[] {"five", "AIRBYTE_RETRY_MAX 'five' is not a whole number of redeliveries"});
        bad.put("airbyte.retry.max.delay.ms", new String[] {"30s", "AIRBYTE_RETRY_MAX_DELAY_MS '30s' is not a whole number of milliseconds"});
        bad.put("airbyte.poll.first.delay.ms", new String[] {"-1", "AIRBYTE_POLL_FIRST_DELAY_MS '-1' is not a whole number of milliseconds"});
        bad.put("airbyte.connection.check.seconds", new String[] {"5m", "AIRBYTE_CONNECTION_CHECK_SECONDS '5m' is not a whole number of seconds"});
        bad.put("alert.retry.delay.ms", new String[] {"2 s", "ALERT_RETRY_DELAY_MS '2 s' is not a whole number of milliseconds"});
        bad.put("management.host", new String[] {"http://0.0.0.0", "MANAGEMENT_HOST 'http://0.0.0.0' is not an IP address or host name. Fix:"});
        bad.put("DECISIONS_LOG_LEVEL", new String[] {"VERBOSE", "DECISIONS_LOG_LEVEL 'VERBOSE' is not a log level. Fix:"});
        bad.put("camel.main.routesIncludePattern", new String[] {"file:/nonexistent/connections.yaml",
            "CAMEL_MAIN_ROUTESINCLUDEPATTERN names file:/nonexistent/connections.yaml, which is not a file. Fix:"});
        for (Map.Entry<String, String[]> e : bad.entrySet()) {
            assertThatThrownBy(() -> startService("[]", Map.of(e.getKey(), e.getValue()[0]))).as(e.getKey())
                    .hasStackTraceContaining(e.getValue()[1]);
            main = null;
        }
    }

    @Test
    void theStateTablesAreMigratedWhileTheRoutesAreBuiltAndNothingStartsBeforeThem() throws Exception {
        sql("CREATE TABLE orders (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, now())");
        stubJobCreated(101);
        CompletableFuture<Void> started;
        // the test holds the migrations' advisory lock: the service's migration waits for it
        try (Connection lock = connect(); Statement st = lock.createStatement()) {
            lock.setAutoCommit(false);
            st.execute(io.pgairbytesync.config.Queries.text("state-schema-lock"));
            started = CompletableFuture.runAsync(() -> {
                try {
                    startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("tick.on.start", "true"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Camel built every route and reached its start while the migration still waited
            StateMigrationAtStart migration = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (migration == null || !migration.waitedFor()) {
                assertThat(started).as("the start-up went on while the migration waited").isNotDone();
                assertThat(System.nanoTime()).as("Camel reached its start while the migration waited (within 60 s)")
                        .isLessThan(deadline);
                Thread.sleep(20);
                Main m = main;
                CamelContext c = m == null ? null : m.getCamelContext();
                migration = c == null ? null : c.getRegistry().lookupByNameAndType("stateMigration", StateMigrationAtStart.class);
            }
            CamelContext starting = main.getCamelContext();
            assertThat(migration.ended()).as("the migration, held by the lock").isFalse();
            assertThat(starting.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions())
                    .as("the routes, read and built meanwhile").extracting(RouteDefinition::getRouteId)
                    .contains("tick", "orders-to-bigquery", "follow-jobs-timer", "status-page");
            assertThat(starting.getRoutes()).as("routes started").extracting(Route::getRouteId)
                    .filteredOn(id -> starting.getRouteController().getRouteStatus(id) == ServiceStatus.Started).isEmpty();
            assertThat(ticks.done("orders-to-bigquery")).as("ticks before the state tables were there").isZero();
            lock.rollback(); // releases the lock
        }
        started.get(120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ticks.done("orders-to-bigquery") == 0) {
            assertThat(System.nanoTime()).as("the first tick within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(decisionLog()).as("the first tick, on the migrated tables").anyMatch(l -> l.contains("orders-to-bigquery data-changed"))
                .noneMatch(l -> l.contains("tick failed"));
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_state")).isEqualTo(1L);
    }

    @Test
    void aMigrationThatFailsWhileTheRoutesAreBuiltStillStopsStartUpWithItsFix() throws Exception {
        // a history table Flyway cannot read
        sql("CREATE SCHEMA airbyte_sync", "CREATE TABLE airbyte_sync.flyway_schema_history (broken int)");
        assertThatThrownBy(() -> startService("[]"))
                .hasStackTraceContaining("could not create or upgrade the state tables in schema airbyte_sync of the state database")
                .hasStackTraceContaining("Fix: ");
        assertThat(main.getCamelContext().getRoutes()).extracting(r -> main.getCamelContext().getRouteController()
                .getRouteStatus(r.getRouteId())).doesNotContain(ServiceStatus.Started);
        main = null;
    }
    /**
     * At start-up every block's first tick is fired at once, through its own Quartz job; the first tick to reach the
     * probe goes alone and the others wait for its decision (FirstTickGate). The test holds every table in an ACCESS
     * EXCLUSIVE lock, so the first tick waits on the source: the two others wait at the gate, not on the source, and no
     * tick is done. Once the lock is released, every block gets its start-up tick, exactly one each.
     */
    @Test
    void theFirstTickSinceStartGoesAloneAndEveryBlockStillGetsItsStartUpTick() throws Exception {
        String[] connections = {CONNECTION, "1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0", "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"};
        String[] routeIds = {"alpha", "beta", "gamma"};
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < routeIds.length; i++) {
            sql("CREATE TABLE t_" + routeIds[i] + " (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL)",
                    "INSERT INTO t_" + routeIds[i] + " VALUES (1, now())");
            yaml.append(block(routeIds[i], connections[i], "t_" + routeIds[i]));
        }
        useFakeAirbyte();
        io.pgairbytesync.tick.FirstTickGate gate;
        try (Connection lock = connect(); Statement st = lock.createStatement()) {
            lock.setAutoCommit(false);
            st.execute("LOCK TABLE t_alpha, t_beta, t_gamma IN ACCESS EXCLUSIVE MODE");
            startService(yaml.toString(), Map.of("tick.on.start", "true", "source.db.lock.timeout", "60s",
                    "source.db.statement.timeout", "60s"));
            gate = camel.getRegistry().lookupByNameAndType("firstTickGate", io.pgairbytesync.tick.FirstTickGate.class);
            org.awaitility.Awaitility.await("the two other start-up ticks waiting at the gate").atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(10)).until(() -> gate.waiting() == 2);
            String onTheLock = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                    + " AND query NOT LIKE '%pg_stat_activity%'";
            org.awaitility.Awaitility.await("the first tick waiting on the tables' lock").atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(10)).until(() -> ((Number) scalar(onTheLock)).longValue() >= 1);
            assertThat(scalar(onTheLock)).as("sessions waiting on the tables' lock: the first tick's only").isEqualTo(1L);
            assertThat(gate.waiting()).isEqualTo(2);
            assertThat(gate.isOpen()).as("the gate, while the first tick waits on the source").isFalse();
            for (String routeId : routeIds) {
                assertThat(ticks.done(routeId)).as("ticks of " + routeId + " done while the first waits").isZero();
            }
            assertThat(decisionLog()).as("decisions while the first tick waits").isEmpty();
            lock.rollback();
        }
        org.awaitility.Awaitility.await("a start-up tick of every block").atMost(java.time.Duration.ofSeconds(60))
                .until(() -> java.util.Arrays.stream(routeIds).allMatch(r -> ticks.done(r) >= 1));
        assertThat(gate.isOpen()).isTrue();
        for (String routeId : routeIds) {
            assertThat(ticks.done(routeId)).as("start-up ticks of " + routeId).isEqualTo(1);
            assertThat(decisionLog()).as("decision of " + routeId).anyMatch(l -> l.startsWith(routeId + " data-changed"))
                    .noneMatch(l -> l.contains("tick failed"));
        }
    }
}
