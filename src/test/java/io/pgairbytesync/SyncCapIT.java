package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;

/**
 * Issue 14, item 3: MAX_CONCURRENT_SYNCS, at most N of our syncs running in Airbyte at once, counted in the state
 * database; a change that finds the cap reached is queued and started as soon as a slot frees, oldest first, without a
 * tick of its own schedule (every block's schedule here is in 2099: every tick not fired by the test is the queue's).
 */
class SyncCapIT extends OrchestratorTestBase {

    private static final String A = "aaaaaaaa-1111-4111-8111-111111111111";
    private static final String B = "bbbbbbbb-2222-4222-8222-222222222222";
    /** Sorts before B: oldest first is by the time queued, not by the connection id. */
    private static final String C = "0ccccccc-3333-4333-8333-333333333333";
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void tables() throws Exception {
        for (String t : new String[] {"ta", "tb", "tc"}) {
            sql("CREATE TABLE " + t + " (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                    "INSERT INTO " + t + " VALUES (1, '2026-11-24 10:00:00+00')");
        }
        useFakeAirbyte();
        fake.holdRunning();
    }

    private static String threeBlocks() {
        return block("a-sync", A, "ta") + block("b-sync", B, "tb") + block("c-sync", C, "tc");
    }

    /** The cap, and a job follow-up that polls every second (its timer is what frees a slot). */
    private static Map<String, String> cap(int n) {
        return Map.of("max.concurrent.syncs", String.valueOf(n), "airbyte.poll.seconds", "1", "airbyte.poll.first.delay.ms", "200");
    }

    @Test
    void capOneQueuesTheOthersAndStartsTheOldestWhenTheSlotFreesWithoutATickOfItsOwn() throws Exception {
        startService(threeBlocks(), cap(1));
        tick("a-sync", A);
        tick("b-sync", B);
        tick("c-sync", C);

        assertThat(fake.jobs()).as("jobs in Airbyte with MAX_CONCURRENT_SYNCS=1").hasSize(1);
        assertThat(fake.jobs().get(0).connectionId()).isEqualTo(A);
        assertThat(decisionLog()).anyMatch(l -> l.startsWith("b-sync queued: MAX_CONCURRENT_SYNCS=1 reached (1 of our syncs"
                + " running or being started); position 1 in line, started when a slot frees: data-changed public.tb"));
        assertThat(decisionLog()).anyMatch(l -> l.startsWith("c-sync queued: MAX_CONCURRENT_SYNCS=1 reached (1 of our syncs"
                + " running or being started); position 2 in line, started when a slot frees: data-changed public.tc"));
        // /status.json: the slots, the line in its order, and each queued block says so
        JsonNode status = JSON.readTree(management("/status.json")[1]);
        assertThat(status.at("/syncQueue/maxConcurrentSyncs").asInt()).isEqualTo(1);
        assertThat(status.at("/syncQueue/running").asInt()).isEqualTo(1);
        assertThat(status.at("/syncQueue/queued").findValuesAsText("routeId")).containsExactly("b-sync", "c-sync");
        assertThat(connection(status, "b-sync").get("lastDecision").asText()).isEqualTo("queued");
        assertThat(connection(status, "c-sync").at("/queued/position").asInt()).isEqualTo(2);
        assertThat(management("/status")[1]).contains("Queued (MAX_CONCURRENT_SYNCS reached): <b>position 2</b>");
        // the meters
        String metrics = management("/observe/metrics")[1];
        assertThat(value(metrics, "pgsync_syncs_queued_total{connection=\"b-sync\",connection_id=\"" + B
                + "\",decision=\"data-changed\"}")).isEqualTo(1.0);
        assertThat(value(metrics, "pgsync_queue_position{connection=\"c-sync\",connection_id=\"" + C + "\"}")).isEqualTo(2.0);

        // A's job ends: the follow-up frees the slot and B, queued first, ticks at once and starts; C keeps waiting
        fake.finish(fake.jobs().get(0).id(), "succeeded");
        Awaitility.await("B's sync started from the queue").atMost(BOUND).until(() -> fake.jobs().size() == 2);
        assertThat(fake.jobs().get(1).connectionId()).as("oldest queued first").isEqualTo(B);
        assertThat(running()).as("jobs running in Airbyte").isEqualTo(1);
        Awaitility.await("B's tick fired by the queue done").atMost(BOUND).until(() -> ticks.done("b-sync") >= 2);
        assertThat(query("SELECT route_id FROM airbyte_sync.sync_queue")).containsExactly(Map.of("route_id", "c-sync"));

        fake.finish(fake.jobs().get(1).id(), "succeeded");
        Awaitility.await("C's sync started from the queue").atMost(BOUND).until(() -> fake.jobs().size() == 3);
        assertThat(fake.jobs().get(2).connectionId()).isEqualTo(C);
        Awaitility.await("C's tick fired by the queue done").atMost(BOUND).until(() -> ticks.done("c-sync") >= 2);
        assertThat(query("SELECT * FROM airbyte_sync.sync_queue")).isEmpty();
        assertThat(fake.jobPosts()).as("POST /jobs: one per change").isEqualTo(3);
    }

    @Test
    void withoutACapEveryChangeStartsAtOnce() throws Exception {
        startService(threeBlocks());
        tick("a-sync", A);
        tick("b-sync", B);
        assertThat(fake.jobs()).hasSize(2);
        assertThat(decisionLog()).noneMatch(l -> l.contains("queued"));
        assertThat(query("SELECT * FROM airbyte_sync.sync_queue")).isEmpty();
        assertThat(JSON.readTree(management("/status.json")[1]).at("/syncQueue/maxConcurrentSyncs").isNull()).isTrue();
    }

    /**
     * The claim is atomic across sessions, so across instances: while one session's claim (and the intent it writes) is
     * not committed, another instance's claim waits for it, then counts it. Without the lock it would count 0 and take a
     * second slot.
     */
    @Test
    void aClaimWaitsForAnotherInstancesUncommittedClaimAndThenCountsIt() throws Exception {
        startService(threeBlocks(), cap(1));
        try (Connection first = connect(); Connection second = connect()) {
            first.setAutoCommit(false);
            try (Statement st = first.createStatement()) {
                st.execute("SET search_path TO airbyte_sync");
                assertThat(claim(st, A)).isEqualTo("true 0");
                st.execute("INSERT INTO sync_intent (connection_id, route_id, reason, decision, table_names, tables_json)"
                        + " VALUES ('" + A + "', 'a-sync', 'first', 'data-changed', 'public.ta', '[]')");
            }
            CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
                try (Statement st = second.createStatement()) {
                    st.execute("SET search_path TO airbyte_sync");
                    return claim(st, B);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await("the other claim waits for the lock").atMost(Duration.ofSeconds(20)).until(() ->
                    ((Number) scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).intValue() == 1);
            assertThat(other).isNotDone();
            first.commit();
            assertThat(other.get(20, TimeUnit.SECONDS)).as("claimed, place in line").isEqualTo("false 1");
        }
    }

    /**
     * Two instances on one state database (in-process, their own Camel contexts and schedules), cap 1: a change ticked
     * on each at the same moment starts one job; the other is queued and started once that job ended.
     */
    @Test
    void twoInstancesOnOneStateDatabaseShareTheCap() throws Exception {
        startService(threeBlocks(), cap(1));
        int ownPort = managementPort;
        Map<String, String> other = new HashMap<>(settings());
        managementPort = ownPort;
        other.putAll(Map.of("max.concurrent.syncs", "1", "camel.main.name", "pg-airbyte-sync-second",
                "camel.main.routesIncludePattern", "file:" + tmp.resolve("second.yaml")));
        java.nio.file.Files.writeString(tmp.resolve("second.yaml"), threeBlocks());
        Main second = PgAirbyteSyncMain.create(other);
        second.start();
        try {
            org.quartz.Scheduler mine = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
            org.quartz.Scheduler theirs = second.getCamelContext().getComponent("quartz", QuartzComponent.class).getScheduler();
            assertThat(theirs).isNotSameAs(mine);
            mine.triggerJob(JobKey.jobKey(A, "pg-airbyte-sync"));
            theirs.triggerJob(JobKey.jobKey(B, "pg-airbyte-sync"));
            Awaitility.await("both decided: one job, one queued").atMost(BOUND).until(() ->
                    fake.jobs().size() + ((Number) scalar("SELECT count(*) FROM airbyte_sync.sync_queue")).intValue() == 2);
            assertThat(fake.jobs()).as("jobs of ours in Airbyte, cap 1 over two instances").hasSize(1);
            String queued = fake.jobs().get(0).connectionId().equals(A) ? B : A;
            assertThat(scalar("SELECT CAST(connection_id AS text) FROM airbyte_sync.sync_queue")).isEqualTo(queued);

            fake.finish(fake.jobs().get(0).id(), "succeeded");
            Awaitility.await("the queued change started").atMost(BOUND).until(() -> fake.jobs().size() == 2);
            assertThat(fake.jobs().get(1).connectionId()).isEqualTo(queued);
            assertThat(running()).isEqualTo(1);
            assertThat(fake.jobPosts()).isEqualTo(2);
        } finally {
            second.stop();
        }
    }

    /**
     * The queue lives in the state database: the service stops while B is queued (nothing of a queued change is in
     * flight: the tick that queued it committed its row and ended) and starts again without a first tick; B's sync is
     * started once, when A's job ends, and never before.
     */
    @Test
    void aChangeQueuedAcrossARestartStartsOnceWhenTheSlotFrees() throws Exception {
        startService(threeBlocks(), cap(1));
        tick("a-sync", A);
        tick("b-sync", B);
        assertThat(fake.jobs()).hasSize(1);
        stopService();

        startService(threeBlocks(), cap(1));
        long jobChecks = getsOf(fake.jobs().get(0).id());
        Awaitility.await("two polls of A's job after the restart").atMost(BOUND).until(() -> getsOf(fake.jobs().get(0).id()) >= jobChecks + 2);
        assertThat(fake.jobs()).as("B waits while A runs").hasSize(1);
        assertThat(scalar("SELECT route_id FROM airbyte_sync.sync_queue")).isEqualTo("b-sync");

        fake.finish(fake.jobs().get(0).id(), "succeeded");
        Awaitility.await("B's sync started from the queue").atMost(BOUND).until(() -> fake.jobs().size() == 2);
        long bJob = fake.jobs().get(1).id();
        assertThat(fake.jobs().get(1).connectionId()).isEqualTo(B);
        Awaitility.await("two more polls").atMost(BOUND).until(() -> getsOf(bJob) >= 2);
        assertThat(fake.jobs()).hasSize(2);
        assertThat(fake.jobPosts()).as("POST /jobs: A's and B's, once each").isEqualTo(2);
        assertThat(query("SELECT * FROM airbyte_sync.sync_queue")).isEmpty();
    }

    /**
     * A block with {@code after} syncs through the same line: its sync owed finds an older change queued, waits behind it,
     * and starts when its turn comes (the queue's tick claims the sync owed again), once.
     */
    @Test
    void anAfterBlocksSyncWaitsInTheSameLineAndStartsWhenItsTurnComes() throws Exception {
        startService(block("a-sync", A, "ta") + block("c-sync", C, "tc") + afterBlock("b-after", B, "a-sync"), cap(1));
        tick("a-sync", A);
        tick("c-sync", C);
        assertThat(fake.jobs()).hasSize(1);

        // A succeeds: b-after is owed a sync, but c-sync was queued first; c-sync starts, b-after waits in line
        fake.finish(fake.jobs().get(0).id(), "succeeded");
        Awaitility.await("C's sync started from the queue").atMost(BOUND).until(() -> fake.jobs().size() == 2);
        assertThat(fake.jobs().get(1).connectionId()).as("the change queued first").isEqualTo(C);
        Awaitility.await("b-after queued behind it").atMost(BOUND)
                .until(() -> "b-after".equals(scalar("SELECT string_agg(route_id, ',') FROM airbyte_sync.sync_queue")));

        fake.finish(fake.jobs().get(1).id(), "succeeded");
        Awaitility.await("b-after's sync started from the queue").atMost(BOUND).until(() -> fake.jobs().size() == 3);
        long bJob = fake.jobs().get(2).id();
        assertThat(fake.jobs().get(2).connectionId()).isEqualTo(B);
        Awaitility.await("its job recorded on the sync owed").atMost(BOUND).until(() -> String.valueOf(bJob).equals(
                String.valueOf(scalar("SELECT job_id FROM airbyte_sync.sync_after WHERE route_id = 'b-after'"))));
        assertThat(fake.jobPosts()).as("POST /jobs: A, C, then b-after once").isEqualTo(3);
        assertThat(query("SELECT * FROM airbyte_sync.sync_queue")).isEmpty();
    }

    /**
     * An `after` block's tick that does not end queued leaves the line, as every tick does: here its row is left in the
     * queue with nothing owed any more (its sync owed was started elsewhere); a change queued behind it still starts.
     */
    @Test
    void anAfterBlocksTickThatEndsWithNothingOwedLeavesTheLine() throws Exception {
        startService(block("a-sync", A, "ta") + afterBlock("b-after", B, "a-sync"), cap(1));
        sql("INSERT INTO airbyte_sync.sync_queue (connection_id, route_id, queued_at, decision, table_names)"
                + " VALUES ('" + B + "', 'b-after', now() - interval '1 minute', 'data-changed', '')");
        tick("a-sync", A); // queued behind b-after, or started if b-after's tick has left the line already

        // a job poll fires b-after's tick (first in line): nothing owed, it leaves the line, and a-sync's change starts
        Awaitility.await("a-sync's sync started from the queue").atMost(BOUND).until(() -> fake.jobs().size() == 1);
        assertThat(fake.jobs().get(0).connectionId()).isEqualTo(A);
        Awaitility.await("the line empty").atMost(BOUND).until(() -> query("SELECT * FROM airbyte_sync.sync_queue").isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    private static String claim(Statement st, String connectionId) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT claimed, queue_position FROM claim_sync_slot('" + connectionId
                + "', 'x', 1, 'data-changed', 'public.t')")) {
            rs.next();
            return rs.getBoolean(1) + " " + rs.getInt(2);
        }
    }

    private static long running() {
        return fake.jobs().stream().filter(j -> j.status().equals("running")).count();
    }

    private static long getsOf(long jobId) {
        return fake.calls().stream().filter(c -> c.equals("GET " + API + "/jobs/" + jobId)).count();
    }

    private static JsonNode connection(JsonNode status, String routeId) {
        for (JsonNode c : status.get("connections")) {
            if (c.get("routeId").asText().equals(routeId)) {
                return c;
            }
        }
        throw new AssertionError("no connection " + routeId + " in /status.json");
    }

    private static double value(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no series " + series + " in:\n" + metrics.lines().filter(l -> l.startsWith("pgsync_"))
                .reduce("", (a, b) -> a + b + "\n"));
    }
}
