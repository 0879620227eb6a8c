package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.pgairbytesync.support.BlackHoleProxy;
import io.pgairbytesync.support.OrchestratorTestBase;
import io.pgairbytesync.support.TestDb;
import io.pgairbytesync.support.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.apache.camel.Exchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Issue #3: the faults the service rides out without losing or doubling a change. */
class FaultsIT extends OrchestratorTestBase {

    @BeforeEach
    void tables() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')",
                "CREATE TABLE customers (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO customers VALUES (1, '2026-11-24 10:00:00+00')");
    }

    @Test
    void probeSessionsAreReadOnly() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        DataSource source = camel.getRegistry().lookupByNameAndType("sourceDb", DataSource.class);
        try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("INSERT INTO orders VALUES (2, now())"))
                    .hasMessageContaining("read-only transaction");
            assertThatThrownBy(() -> st.execute("CREATE TABLE sneaky (id int)")).hasMessageContaining("read-only transaction");
        }
    }

    @Test
    void aLockedSourceTableFailsOnlyItsConnectionAfterTheLockTimeout() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders")
                        + block("customers-to-bigquery", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "customers"),
                Map.of("source.db.lock.timeout", "500ms"));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(okJson(jobJson(101, "pending", null, null))));
        try (Connection locker = connect()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            tick();
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the probe gave up").isLessThan(5000);
            tick("customers-to-bigquery", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d");
            locker.rollback();
        }
        assertThat(decisionLog()).anyMatch(l -> l.startsWith("orders-to-bigquery tick failed") && l.contains("lock timeout"));
        assertThat(state("public.customers").get("pending_job_id")).isEqualTo(101L);
        assertThat(query("SELECT * FROM airbyte_sync.sync_state WHERE table_name = 'orders'")).isEmpty();
    }

    @Test
    void withTheStateDatabaseDownNoAirbyteCallIsMadeAndItRecoversByItself() throws Exception {
        String stateUrl = TestPostgres.get().newDatabase();
        String stateDb = stateUrl.substring(stateUrl.lastIndexOf('/') + 1);
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("state.db.url", stateUrl,
                "state.db.user", TestPostgres.get().user(), "state.db.password", TestPostgres.get().password()));
        stubJobCreated(101);

        sql("ALTER DATABASE " + stateDb + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + stateDb + "'");
        tick();
        tick();
        assertThat(airbyte.getAllServeEvents()).as("Airbyte calls while the state database is down").isEmpty();
        assertThat(decisionLog()).anyMatch(l -> l.startsWith("orders-to-bigquery tick failed, state unchanged"));

        sql("ALTER DATABASE " + stateDb + " ALLOW_CONNECTIONS true");
        tick();
        assertThat(jobPosts()).isEqualTo(1);
    }

    /**
     * Airbyte is down (every call answers 503, the token endpoint too) for several real ticks of a one-second Quartz
     * schedule; then it comes back. Nothing is fired by hand: the schedule's ticks and the follow-up's own timer sync
     * the change, with one POST /jobs and one job.
     */
    @Test
    void afterAnAirbyteOutageOfSeveralScheduledTicksThePendingChangeSyncsByItself() throws Exception {
        useFakeAirbyte();
        fake.runFor(java.time.Duration.ofSeconds(1));
        com.github.tomakehurst.wiremock.stubbing.StubMapping outage = airbyte.stubFor(
                com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                        .atPriority(1).willReturn(aResponse().withStatus(503).withBody("upstream connect error")));
        startService(block("orders-to-bigquery", CONNECTION, "orders").replace(NEVER, "* * * * * ?"),
                Map.of("airbyte.poll.seconds", "1", "airbyte.poll.first.delay.ms", "1000",
                        "airbyte.job.listing.grace.seconds", "2"));
        org.awaitility.Awaitility.await("four scheduled ticks failed during the outage").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> decisionLog().stream().filter(l -> l.startsWith("orders-to-bigquery tick failed")).count() >= 4);
        assertThat(fake.jobs()).as("jobs made during the outage").isEmpty();
        assertThat(query("SELECT * FROM airbyte_sync.sync_state WHERE synced")).isEmpty();

        airbyte.removeStub(outage);
        long back = System.nanoTime();
        org.awaitility.Awaitility.await("the change synced by itself").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> query("SELECT * FROM airbyte_sync.sync_state WHERE synced AND pending_job_id IS NULL").size() == 1);
        System.out.printf("[FaultsIT] synced %d ms after Airbyte came back%n", (System.nanoTime() - back) / 1_000_000);
        assertThat(fake.jobPosts()).as("POST /jobs calls").isEqualTo(1);
        assertThat(fake.jobs()).hasSize(1);
        assertThat(state("public.orders").get("last_synced_job_id")).isEqualTo(101L);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
    }

    // ---------------------------------------------------------------- issue 11, item 3: a database that stops answering

    /** How long the tests wait for what must end within a few network timeouts (2 s): long enough under load. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    /**
     * The source is black-holed (sessions open, nothing relayed: an RDS failover) under 11 connections, one more than
     * Quartz's threads. Every tick fails once its network timeout ends the wait (its failure recorded and alerted),
     * none holds a thread for good, so the 11th tick runs too; once the path is back every connection ticks again and a
     * change is synced as usual. Without the timeouts the ten Quartz threads wait on the kernel's TCP retries.
     */
    @Test
    void aBlackHoledSourceFailsEveryTickWithinItsNetworkTimeoutAndEveryConnectionTicksAgainOnceItIsBack() throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        TestDb stateDb = new TestDb(TestPostgres.get().newDatabase());
        List<String> blocks = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        for (int i = 1; i <= 11; i++) { // quartz.properties: 10 threads
            blocks.add("orders-" + i);
            yaml.append(block("orders-" + i, connectionId(i), "orders"));
        }
        try (BlackHoleProxy proxy = new BlackHoleProxy(dbUrl)) {
            startService(yaml.toString(), Map.of("source.db.url", proxy.url(dbUrl), "state.db.url", stateDb.url(),
                    "state.db.user", TestPostgres.get().user(), "state.db.password", TestPostgres.get().password(),
                    "source.db.statement.timeout", "1s", "source.db.lock.timeout", "1s", "source.db.network.timeout", "2s",
                    "alert.after.failures", "1"));
            tickAll(blocks); // first sight: a job each, held running
            assertThat(fake.jobs()).hasSize(11);
            assertThat(failedTicks()).isEmpty();

            // from the next probe on: mid-statement (the probe is prepared in its session, so its text is not sent again)
            proxy.blackHole();
            tickAll(blocks);
            assertThat(failedTicks()).as("ticks failed while the source is black-holed").hasSize(11);
            for (String block : blocks) {
                assertThat(failedTicks()).anyMatch(l -> l.startsWith(block + " tick failed, state unchanged"));
                assertThat(allLog()).anyMatch(l -> l.startsWith("ALERT " + block + ": 1 ticks in a row failed"));
            }
            assertThat(stateDb.count("SELECT count(*) FROM airbyte_sync.sync_state WHERE last_error LIKE 'the source database did"
                    + " not answer within SOURCE_DB_NETWORK_TIMEOUT (2 s)%'")).as("failures noted on the connections' rows").isEqualTo(11);
            assertThat(fake.jobPosts()).as("POST /jobs while the source is black-holed").isEqualTo(11);

            proxy.resume();
            tickAll(blocks); // each job still running: job-in-flight
            assertThat(failedTicks()).as("ticks failed after the path came back").hasSize(11);
            assertThat(decisionLog()).filteredOn(l -> l.contains(" job-in-flight job ")).hasSizeGreaterThanOrEqualTo(11);
            fake.jobs().forEach(job -> fake.finish(job.id(), "succeeded"));
            followJobs();
            sql("UPDATE orders SET updated_at = '2026-11-25 10:00:00+00'");
            tick("orders-1", connectionId(1));
            long job = fake.jobs().get(11).id();
            fake.finish(job, "succeeded");
            followJobs();
            assertThat(stateDb.text("SELECT last_synced_job_id || ' ' || synced_cursor || ' ' || (pending_job_id IS NULL)"
                    + " FROM airbyte_sync.sync_state WHERE connection_id = '" + connectionId(1) + "'"))
                    .isEqualTo(job + " 2026-11-25T10:00:00.000000Z true");
            assertThat(fake.jobPosts()).isEqualTo(12);
        }
    }

    /**
     * The state database is black-holed: the tick fails within its network timeouts (reading the state, then noting
     * the failure), before any Airbyte call, and is alerted from memory; the job follow-up gives up as well instead of
     * holding its timer's thread. Once the path is back the job is followed to its end and the state is right.
     */
    @Test
    void aBlackHoledStateDatabaseFailsTheTickAndTheFollowUpWithinItsNetworkTimeoutAndBothRecover() throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        String stateUrl = TestPostgres.get().newDatabase();
        try (BlackHoleProxy proxy = new BlackHoleProxy(stateUrl)) {
            startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("state.db.url", proxy.url(stateUrl),
                    "state.db.user", TestPostgres.get().user(), "state.db.password", TestPostgres.get().password(),
                    "state.db.statement.timeout", "1s", "state.db.network.timeout", "2s", "alert.after.failures", "1"));
            tickAll(List.of("orders-to-bigquery")); // first sight: job 101, held running
            assertThat(fake.jobPosts()).isEqualTo(1);

            // from the tick's read of the state on (its first statement on the state database): mid-statement
            proxy.blackHole();
            sql("UPDATE orders SET updated_at = '2026-11-25 10:00:00+00'");
            tickAll(List.of("orders-to-bigquery"));
            assertThat(failedTicks()).singleElement().asString().startsWith("orders-to-bigquery tick failed, state unchanged:"
                    + " the state database did not answer within STATE_DB_NETWORK_TIMEOUT (2 s)");
            assertThat(allLog()).anyMatch(l -> l.startsWith("ALERT orders-to-bigquery: 1 ticks in a row failed"));
            assertThat(fake.jobPosts()).as("POST /jobs while the state database is black-holed").isEqualTo(1);
            fake.finish(101, "succeeded");
            Exchange followed = CompletableFuture.supplyAsync(() -> camel.createProducerTemplate().send("direct:follow-jobs", e -> {
            })).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(followed.getException()).as("the follow-up, which cannot read the open jobs").isNotNull();

            proxy.resume();
            followJobs();
            TestDb stateDb = new TestDb(stateUrl);
            assertThat(stateDb.text("SELECT last_synced_job_id || ' ' || (pending_job_id IS NULL) FROM airbyte_sync.sync_state"))
                    .isEqualTo("101 true");
            tickAll(List.of("orders-to-bigquery")); // the change made during the black hole
            assertThat(fake.jobPosts()).isEqualTo(2);
            assertThat(failedTicks()).hasSize(1);
            assertThat(stateDb.text("SELECT pending_cursor FROM airbyte_sync.sync_state")).isEqualTo("2026-11-25T10:00:00.000000Z");
        }
    }

    /**
     * A failover as the sessions see it: the sessions open stay silent (the old primary is gone), new ones reach the
     * database (the new primary). The next tick gives each silent pooled session up after the network timeout and goes
     * through on a new one, on both pools (the state lives in the source database here).
     */
    @Test
    void whenTheOpenSessionsFallSilentTheNextTickGoesThroughOnNewSessions() throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        try (BlackHoleProxy proxy = new BlackHoleProxy(dbUrl)) {
            startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("source.db.url", proxy.url(dbUrl),
                    "source.db.statement.timeout", "1s", "source.db.lock.timeout", "1s", "source.db.network.timeout", "2s",
                    "state.db.statement.timeout", "1s", "state.db.network.timeout", "2s"));
            tickAll(List.of("orders-to-bigquery")); // first sight: job 101, held running
            proxy.blackHoleOpenSessions();
            tickAll(List.of("orders-to-bigquery"));
            assertThat(failedTicks()).isEmpty();
            assertThat(decisionLog()).anyMatch(l -> l.startsWith("orders-to-bigquery job-in-flight job 101 not finished"));
        }
    }

    /**
     * Issue 13: a pooled session the server ended while it sat in the pool (pg_terminate_backend here; a restart or a
     * failover of the database ends them all) costs neither a failed tick nor an alert. The pools lend a session without
     * a check, so the tick meets the dead session, and runs once more on fresh ones: first with the probe pool's
     * sessions ended, then with the state pool's.
     */
    @Test
    void aPooledSessionTheServerEndedCostsNoFailedTickAndNoAlert() throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("alert.after.failures", "1"));
        tickAll(List.of("orders-to-bigquery")); // first sight: job 101, held running
        tickAll(List.of("orders-to-bigquery"));
        io.pgairbytesync.probe.ProbePlanner planner = camel.getRegistry().lookupByNameAndType("probePlanner",
                io.pgairbytesync.probe.ProbePlanner.class);
        io.pgairbytesync.probe.ProbePlan plan = planner.cached("orders-to-bigquery");
        int round = 0;
        for (String pool : List.of("pg-airbyte-sync probe", "pg-airbyte-sync state")) {
            round++;
            List<Object> ended = query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = '"
                    + pool + "'").stream().map(r -> r.get("pid")).toList();
            assertThat(ended).as("sessions of the " + pool + " pool").isNotEmpty();
            for (Object pid : ended) {
                sql("SELECT pg_terminate_backend(" + pid + ")");
            }
            Awaitility.await().atMost(BOUND).until(() -> query("SELECT pid FROM pg_stat_activity WHERE pid IN ("
                    + ended.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + ")").isEmpty());
            int decisions = decisionLog().size();

            tickAll(List.of("orders-to-bigquery"));

            assertThat(failedTicks()).as("failed ticks after the " + pool + " pool's sessions were ended").isEmpty();
            assertThat(decisionLog().subList(decisions, decisionLog().size())).as("the tick's decision")
                    .containsExactly("orders-to-bigquery job-in-flight job 101 not finished; public.orders re-evaluated after it ends");
            assertThat(allLog()).filteredOn(l -> l.startsWith("orders-to-bigquery: a pooled database session was gone (57P01"
                    + " FATAL: terminating connection due to administrator command); the tick runs again on a fresh session"))
                    .as("the second try, said once for each pool").hasSize(round);
            assertThat(query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = '" + pool
                    + "'")).as("the " + pool + " pool's sessions now").isNotEmpty().noneMatch(r -> ended.contains(r.get("pid")));
        }
        assertThat(allLog()).noneMatch(l -> l.startsWith("ALERT"));
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_state WHERE last_error IS NOT NULL")).isEqualTo(0L);
        assertThat(planner.cached("orders-to-bigquery")).as("the probe's plan kept (a lost session says nothing of the tables)")
                .isSameAs(plan);
    }

    private static String connectionId(int i) {
        return String.format("0b1c2d3e-4f50-4a6b-8c7d-%012d", i);
    }

    private List<String> failedTicks() {
        return decisionLog().stream().filter(l -> l.contains(" tick failed, state unchanged")).toList();
    }

    /** A tick of each block at once, waiting at most {@link #BOUND} (none held by a database that does not answer). */
    private void tickAll(List<String> routeIds) throws Exception {
        tickTogether(routeIds, BOUND);
    }
}
