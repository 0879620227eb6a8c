package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/**
 * MAX_CONCURRENT_SYNCS across a kill -9 of the packaged jar: the line is in the state database, so a change queued when
 * the process dies is started after the restart, once, when the slot frees, and not before (see
 * {@link KillRecoveryTestBase}).
 */
class SyncCapKillIT extends KillRecoveryTestBase {

    private static final String OTHER = "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c";
    /** Once in 2099: every tick is the start-up's (TICK_ON_START) or the queue's. */
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @Test
    void aChangeQueuedWhenTheServiceIsKilledStartsOnceAfterTheRestartWhenTheSlotFrees() throws Exception {
        sql("CREATE TABLE items (id int PRIMARY KEY, updated_at timestamptz NOT NULL)", "CREATE INDEX ON items (updated_at)",
                "INSERT INTO items VALUES (1, '2026-11-24 10:00:00+00')");
        Files.writeString(tmp.resolve("connections.yaml"), block("orders-to-bigquery", CONNECTION, "orders")
                + block("items-to-bigquery", OTHER, "items"));
        extraEnv.put("MAX_CONCURRENT_SYNCS", "1");
        airbyte.holdRunning();

        start();
        await("one sync running, the other change queued", () -> airbyte.jobs().size() == 1
                && count("SELECT count(*) FROM airbyte_sync.sync_queue") == 1);
        kill();
        String running = airbyte.jobs().get(0).connectionId();
        String queued = running.equals(CONNECTION) ? OTHER : CONNECTION;
        assertThat(new TestDbQuery(this).queuedConnection()).isEqualTo(queued);

        start();
        await("the restarted service's first ticks done, the change still queued", () -> logContains(" queued: MAX_CONCURRENT_SYNCS=1")
                && logContains("job-in-flight"));
        assertThat(airbyte.jobs()).as("jobs while the slot is taken").hasSize(1);

        airbyte.finish(airbyte.jobs().get(0).id(), "succeeded");
        await("the queued change started", () -> airbyte.jobs().size() == 2);
        assertThat(airbyte.jobs().get(1).connectionId()).isEqualTo(queued);
        long secondJob = airbyte.jobs().get(1).id();
        await("two polls of its job", () -> airbyte.calls().stream().filter(c -> c.endsWith("/jobs/" + secondJob)).count() >= 2);
        assertThat(airbyte.jobPosts()).as("POST /jobs: one per change, across the kill").isEqualTo(2);
        assertThat(airbyte.jobs()).hasSize(2);
        assertThat(count("SELECT count(*) FROM airbyte_sync.sync_queue")).isZero();
    }

    private static String block(String routeId, String connectionId, String table) {
        return "- templatedRoute:\n    routeTemplateRef: airbyte-connection\n    routeId: " + routeId + "\n    parameters:\n"
                + "      - name: connectionId\n        value: " + connectionId + "\n      - name: tables\n        value: " + table
                + "\n      - name: schedule\n        value: \"" + NEVER + "\"\n";
    }

    /** The connection in sync_queue, read with the test's own session. */
    private record TestDbQuery(SyncCapKillIT test) {
        String queuedConnection() throws Exception {
            try (java.sql.Connection c = test.connect(); java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT CAST(connection_id AS text) FROM airbyte_sync.sync_queue")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
