package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.pgairbytesync.support.AirbyteSpecValidator;
import io.pgairbytesync.support.FakeAirbyte;
import io.pgairbytesync.support.TestDb;
import io.pgairbytesync.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kill -9 tests share (KillRecoveryIT: before Airbyte made the job; KillRecoveryAfterPostIT: from the
 * POST /jobs in flight on): kill -9 of the real service (the packaged jar) at each step of a tick, then a restart: the change is synced,
 * exactly one POST /jobs is sent for it (the calls are counted, not only the jobs), and the state ends right. Jobs run
 * on the stand-in's clock, so one may end while the service is down and be adopted already ended. The service is held at each step by
 * delaying the stand-in's answer or by making the state database wait (a lock or a slow trigger); after the kill
 * its database sessions are terminated too, so whatever it had not committed is gone, as after a real crash.
 */
abstract class KillRecoveryTestBase {

    protected static final String CONNECTION = "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11";

    @TempDir
    Path tmp;
    protected WireMockServer wm;
    protected FakeAirbyte airbyte;
    protected String db;
    protected Process service;
    protected Path log;
    /** More environment of the service, for a subclass (e.g. MAX_CONCURRENT_SYNCS). */
    protected final java.util.Map<String, String> extraEnv = new java.util.HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        airbyte = new FakeAirbyte();
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(airbyte));
        wm.start();
        wm.stubFor(FakeAirbyte.everyCall());
        db = TestPostgres.get().newDatabase();
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "CREATE INDEX ON orders (updated_at)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00.123456+00')");
        Files.writeString(tmp.resolve("connections.yaml"), "- templatedRoute:\n    routeTemplateRef: airbyte-connection\n"
                + "    routeId: orders-to-bigquery\n    parameters:\n      - name: connectionId\n        value: " + CONNECTION + "\n"
                + "      - name: tables\n        value: orders\n      - name: schedule\n        value: \"* * * * * ?\"\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        terminateSessions();
        List<String> problems = AirbyteSpecValidator.problems(wm.getAllServeEvents());
        wm.stop();
        assertThat(problems).as("requests that break Airbyte's OpenAPI spec").isEmpty();
        assertThat(airbyte.standInFailures()).as("failures of the Airbyte stand-in itself (a test bug)").isEmpty();
    }

    // ------------------------------------------------------------------

    /** After a restart, the change is synced by exactly one job and the state is right; no intent is left. */
    protected void restartAndCheck() throws Exception {
        start();
        checkSyncedByOneJobThenALaterChangeByOneMore();
    }

    protected void checkSyncedByOneJobThenALaterChangeByOneMore() throws Exception {
        await("state synced after restart", () -> count("SELECT count(*) FROM airbyte_sync.sync_state WHERE synced"
                + " AND synced_cursor = '2026-11-24T10:00:00.123456Z' AND pending_job_id IS NULL") == 1);
        assertNothingMoreOverThreeTicks();
        assertThat(airbyte.jobPosts()).as("POST /jobs calls for the one change").isEqualTo(1);
        assertThat(airbyte.jobs()).as("Airbyte jobs started for the one change").hasSize(1);
        assertThat(count("SELECT count(*) FROM airbyte_sync.sync_intent")).isZero();
        assertThat(count("SELECT count(*) FROM airbyte_sync.sync_job WHERE finished_at IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM airbyte_sync.sync_job WHERE status = 'succeeded'")).isEqualTo(1);

        // and a later change is synced exactly once more
        sql("UPDATE orders SET updated_at = '2026-11-25 00:00:00+00'");
        await("second change synced", () -> count("SELECT count(*) FROM airbyte_sync.sync_state WHERE"
                + " synced_cursor = '2026-11-25T00:00:00.000000Z'") == 1);
        assertNothingMoreOverThreeTicks();
        assertThat(airbyte.jobPosts()).as("POST /jobs calls for the two changes").isEqualTo(2);
        assertThat(airbyte.jobs()).hasSize(2);
        service.destroy();
        assertThat(service.waitFor(40, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
    }

    /**
     * Nothing more happens: three more ticks (one a second) complete, each deciding 'unchanged', and over that window
     * no POST /jobs and no new job arrive.
     */
    protected void assertNothingMoreOverThreeTicks() throws Exception {
        long posts = airbyte.jobPosts();
        int jobs = airbyte.jobs().size();
        long unchanged = unchangedTicks();
        await("three more ticks decided 'unchanged'", () -> unchangedTicks() >= unchanged + 3);
        assertThat(airbyte.jobPosts()).as("POST /jobs calls over three more ticks").isEqualTo(posts);
        assertThat(airbyte.jobs()).as("jobs over three more ticks").hasSize(jobs);
    }

    protected long unchangedTicks() {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("orders-to-bigquery unchanged")).count() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Starts the jar, with Airbyte credentials (the stand-in refuses calls without its bearer token). */
    protected void start() throws Exception {
        log = tmp.resolve("service-" + System.nanoTime() + ".log");
        // the JVM flags of deploy/pg-airbyte-sync.service
        ProcessBuilder pb = io.pgairbytesync.support.ServiceJar.sourceAndAirbyte(io.pgairbytesync.support.ServiceJar.process(
                log, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), db, wm.baseUrl());
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(io.pgairbytesync.support.OrchestratorTestBase.freePort()));
        pb.environment().put("CAMEL_MAIN_ROUTESINCLUDEPATTERN", "file:" + tmp.resolve("connections.yaml"));
        pb.environment().put("AIRBYTE_CLIENT_ID", "client");
        pb.environment().put("AIRBYTE_CLIENT_SECRET", "secret");
        // an intent whose POST /jobs may have made a job is kept this long before it is posted again (default 120 s):
        // compressed, so that a restart after a POST that never left posts within the test's patience
        pb.environment().put("AIRBYTE_JOB_LISTING_GRACE_SECONDS", "5");
        pb.environment().putAll(extraEnv);
        service = pb.start();
    }

    /** The state tables as an earlier run of the service left them (sql/ applied by hand, as the README shows). */
    protected void installState() throws Exception {
        sql("CREATE SCHEMA airbyte_sync", "SET search_path TO airbyte_sync", Files.readString(Path.of("sql", "state", "V1__state_tables.sql")));
    }

    protected void kill() throws Exception {
        service.destroyForcibly(); // SIGKILL
        assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
        service = null; // down until the next start()
        terminateSessions();
    }

    /** What the dead process had sent but not committed is rolled back, as when its connections drop. */
    protected void terminateSessions() throws Exception {
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'pg-airbyte-sync%'");
        Thread.sleep(200);
    }

    protected void slowTrigger(String when) throws Exception {
        sql("CREATE OR REPLACE FUNCTION public.slow_down() RETURNS trigger LANGUAGE plpgsql AS"
                + " 'BEGIN PERFORM pg_sleep(60); RETURN NEW; END'",
                "CREATE TRIGGER slow_down " + when + " FOR EACH ROW EXECUTE FUNCTION public.slow_down()");
    }

    protected void dropSlowTrigger(String table) throws Exception {
        sql("DROP TRIGGER slow_down ON " + table);
    }

    /** A session of the service is running a statement on {@code table} and waits (for a lock, or in pg_sleep). */
    protected boolean waitingOn(String table) {
        try {
            return count("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'pg-airbyte-sync%'"
                    + " AND query LIKE '%" + table + "%' AND state = 'active'"
                    + " AND (wait_event_type = 'Lock' OR wait_event = 'PgSleep')") > 0;
        } catch (Exception e) {
            return false;
        }
    }

    protected boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (Exception e) {
            return false;
        }
    }

    protected void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + "\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            if (service != null && !service.isAlive()) {
                throw new AssertionError("service died while waiting for: " + what + "\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    protected Connection connect() throws Exception {
        return new TestDb(db).connect();
    }

    protected void sql(String... statements) throws Exception {
        new TestDb(db).sql(statements);
    }

    protected long count(String sql) {
        return new TestDb(db).count(sql);
    }
}
