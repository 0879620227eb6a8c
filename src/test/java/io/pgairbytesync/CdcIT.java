package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.pgairbytesync.observe.ConnectionStatuses;
import io.pgairbytesync.support.LogicalPostgres;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * Issue 12, part 3: CDC blocks ({@code slot}, {@code publication}) on a PostgreSQL started with wal_level=logical
 * ({@link LogicalPostgres}), with a real publication and a real logical slot (pgoutput). The Airbyte stand-in's sync
 * consumes the slot as Airbyte's CDC sync does ({@code pg_logical_slot_get_binary_changes}), so the retained WAL really
 * falls after a sync.
 */
class CdcIT extends OrchestratorTestBase {

    private static final AtomicInteger SLOTS = new AtomicInteger();
    private static final String PUB = "airbyte_pub";
    private static final long LIMIT = 2L << 20; // walLimit 2MB

    private String slot;

    @BeforeEach
    void logicalSourceWithPublicationAndSlot() throws Exception {
        dbUrl = LogicalPostgres.newDatabase();
        slot = "airbyte_slot_" + ProcessHandle.current().pid() + "_" + SLOTS.incrementAndGet();
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')",
                "CREATE TABLE noise (id serial PRIMARY KEY, payload text)", // not published: WAL the slot holds all the same
                "CREATE PUBLICATION " + PUB + " FOR TABLE orders",
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        awaitWrites("orders", 1);
    }

    @AfterEach
    void dropSlot() throws Exception {
        // slots are per server and hold its WAL: none is left behind
        sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND NOT active");
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = super.settings();
        s.put("source.db.user", LogicalPostgres.user());
        s.put("source.db.password", LogicalPostgres.password());
        // the published tables are watched by their write counters: each job's counters are read again 1 s after its post
        // (the settle read, StatsSignalIT), and succeed() waits for that read, so a change right after a job is a change
        s.put("stats.flush.delay.seconds", "1");
        return s;
    }

    @Override
    protected Connection connect() throws Exception {
        return DriverManager.getConnection(dbUrl, LogicalPostgres.user(), LogicalPostgres.password());
    }

    private String cdcBlock(String routeId, String connectionId, String tables, String slotName, String publication) {
        return block(routeId, connectionId, tables, "changeSignal", "cdc", "slot", slotName, "publication", publication,
                "walLimit", "2MB");
    }

    /**
     * What Airbyte's CDC sync does to the slot: reads the changes and confirms them, so the slot moves on. The slot's
     * restart_lsn moves to a point from which decoding may restart (a logged snapshot of the running transactions, which a
     * checkpoint writes): under load the first round may stop short, so it reads again until the slot holds back less
     * than a megabyte (a few rounds at most).
     */
    private void consumeSlot() {
        try {
            for (int round = 0; round < 20 && (round == 0 || retained() >= 1L << 20); round++) {
                sql("CHECKPOINT", "SELECT count(*) FROM pg_logical_slot_get_binary_changes('" + slot + "', NULL, NULL,"
                        + " 'proto_version', '1', 'publication_names', '" + PUB + "')");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long retained() throws Exception {
        return ((Number) scalar("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots"
                + " WHERE slot_name = '" + slot + "'")).longValue();
    }

    /** WAL in a table the publication does not have, until the slot holds back a megabyte more than its limit. */
    private void writeUnpublishedWal() throws Exception {
        for (int i = 0; i < 50 && retained() <= LIMIT + (1L << 20); i++) {
            sql("INSERT INTO noise (payload) SELECT repeat(md5(g::text), 32) FROM generate_series(1, 1000) g");
        }
    }

    private void succeed(long jobId) {
        fake.finish(jobId, "succeeded");
        followJobs();
        awaitSettled();
    }

    @Test
    void aChangeInAPublishedTableSyncsOnce() throws Exception {
        useFakeAirbyte();
        fake.onJobCreated(job -> consumeSlot());
        startService(cdcBlock("orders-cdc", CONNECTION, "", slot, PUB)); // no tables: the publication's
        tick("orders-cdc", CONNECTION);
        assertThat(decisionLog()).anyMatch(l -> l.contains("public.orders") && l.contains("(first sight)") && l.contains("-> job 101"));
        succeed(101);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).isEqualTo(1);

        sql("UPDATE orders SET id = 2 WHERE id = 1"); // no cursor column moves: the write counter does
        awaitWrites("orders", 2);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).as("the published table changed").isEqualTo(2);
        assertThat(scalar("SELECT reason FROM airbyte_sync.sync_job WHERE job_id = 102")).isEqualTo("data");
        succeed(102);
        tick("orders-cdc", CONNECTION);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).as("once").isEqualTo(2);
    }

    @Test
    void aTableAddedToThePublicationIsWatchedWithoutAYamlEdit() throws Exception {
        useFakeAirbyte();
        fake.onJobCreated(job -> consumeSlot());
        startService(cdcBlock("orders-cdc", CONNECTION, "", slot, PUB));
        tick("orders-cdc", CONNECTION);
        succeed(101);
        sql("CREATE TABLE customers (id int PRIMARY KEY, name text)", "ALTER PUBLICATION " + PUB + " ADD TABLE customers");
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).isEqualTo(2);
        assertThat(decisionLog()).anyMatch(l -> l.contains("public.customers") && l.contains("(first sight)") && l.contains("-> job 102"));
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_state WHERE table_name = 'customers'")).isEqualTo(1L);
        succeed(102);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).isEqualTo(2);
    }

    @Test
    void retainedWalAboveTheLimitSyncsOnceAndTheSlotFallsAfterTheSync() throws Exception {
        // the probe user is a plain role, as Airbyte's own can be: no superuser, no REPLICATION
        sql("CREATE ROLE cdc_probe LOGIN PASSWORD 'probe-pw' NOSUPERUSER NOREPLICATION",
                "GRANT CREATE ON DATABASE " + dbUrl.substring(dbUrl.lastIndexOf('/') + 1) + " TO cdc_probe",
                "GRANT SELECT ON orders TO cdc_probe");
        useFakeAirbyte();
        fake.onJobCreated(job -> consumeSlot());
        startService(cdcBlock("orders-cdc", CONNECTION, "orders", slot, PUB),
                Map.of("source.db.user", "cdc_probe", "source.db.password", "probe-pw"));
        tick("orders-cdc", CONNECTION); // first sight
        assertThat(jobPosts()).isEqualTo(1);
        succeed(101);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).as("nothing changed, the slot within its limit").isEqualTo(1);

        writeUnpublishedWal();
        assertThat(retained()).isGreaterThan(LIMIT);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).as("the WAL guard syncs although orders did not change").isEqualTo(2);
        assertThat(scalar("SELECT reason FROM airbyte_sync.sync_job WHERE job_id = 102")).isEqualTo("wal");
        assertThat(decisionLog()).anyMatch(l -> l.contains("replication slot '" + slot + "' holds back")
                && l.contains("above its limit of 2.0 MB") && l.contains("-> job 102"));
        // the slot's WAL on JMX, /status.json and the meters
        assertThat((Long) java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .getAttribute(ConnectionStatuses.name("orders-cdc"), "SlotRetainedBytes")).isGreaterThan(LIMIT);
        assertThat(management("/status.json")[1]).contains("\"slot\":{\"name\":\"" + slot + "\",\"retainedBytes\":")
                .contains("\"walStatus\":\"reserved\"");
        assertThat(management("/observe/metrics")[1]).contains("pgsync_slot_retained_wal_bytes{").contains("slot=\"" + slot + "\"")
                .contains("pgsync_slot_wal_status{");

        succeed(102);
        assertThat(retained()).as("Airbyte's sync consumed the slot").isLessThan(LIMIT);
        tick("orders-cdc", CONNECTION);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).as("one WAL sync, then quiet").isEqualTo(2);
        assertThat(alertsSent()).isEmpty();
    }

    @Test
    void aWalSyncThatLeavesTheSlotAboveItsLimitAlertsOnceAndIsNotRepeated() throws Exception {
        useFakeAirbyte(); // this Airbyte does not read the slot (another slot in its source settings, say)
        startService(cdcBlock("orders-cdc", CONNECTION, "orders", slot, PUB));
        tick("orders-cdc", CONNECTION);
        succeed(101);
        writeUnpublishedWal();
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).isEqualTo(2);
        succeed(102);
        assertThat(retained()).isGreaterThan(LIMIT);
        tick("orders-cdc", CONNECTION);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).as("a sync that did not move the slot is not repeated").isEqualTo(2);
        assertThat(alertsSent()).hasSize(1).allMatch(a -> a.contains("replication slot '" + slot + "' holds back")
                && a.contains("although WAL sync job 102 succeeded"));

        consumeSlot(); // someone fixed it: the slot moves on
        tick("orders-cdc", CONNECTION);
        assertThat(alertsSent()).hasSize(2).last().asString().contains("RECOVERED").contains("within its limit");
        assertThat(jobPosts()).isEqualTo(2);
    }

    @Test
    void anActiveSlotIsAJobInFlight() throws Exception {
        useFakeAirbyte();
        startService(cdcBlock("orders-cdc", CONNECTION, "orders", slot, PUB));
        Properties p = new Properties();
        PGProperty.USER.set(p, LogicalPostgres.user());
        PGProperty.PASSWORD.set(p, LogicalPostgres.password());
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        try (Connection replication = DriverManager.getConnection(dbUrl, p);
                PGReplicationStream reading = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
                        .logical().withSlotName(slot).withSlotOption("proto_version", "1")
                        .withSlotOption("publication_names", PUB).start()) {
            Awaitility.await("the slot is active").atMost(Duration.ofSeconds(30))
                    .until(() -> Boolean.TRUE.equals(scalar("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
            tick("orders-cdc", CONNECTION);
            assertThat(jobPosts()).as("Airbyte reads the slot now: nothing is started").isZero();
            assertThat(decisionLog()).anyMatch(l -> l.contains("job-in-flight replication slot '" + slot
                    + "' is active: Airbyte's sync reads it now"));
        }
        Awaitility.await("the slot is released").atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.FALSE.equals(scalar("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).as("the change is synced once the reader let go").isEqualTo(1);
    }

    @Test
    void aMissingSlotOrPublicationFailsItsBlockWithTheFixAndNotTheOthers() throws Exception {
        useFakeAirbyte();
        String noSlot = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
        String noPub = "1c2d3e4f-5061-4b7c-9d8e-0f1a2b3c4d5e";
        startService(cdcBlock("orders-cdc", CONNECTION, "orders", slot, PUB)
                + cdcBlock("no-slot", noSlot, "orders", "no_such_slot", PUB)
                + cdcBlock("no-pub", noPub, "orders", slot, "no_such_pub"));
        tick("no-slot", noSlot);
        tick("no-pub", noPub);
        tick("orders-cdc", CONNECTION);
        assertThat(jobPosts()).as("the good block syncs").isEqualTo(1);
        assertThat(allLog()).anyMatch(l -> l.contains("no-slot") && l.contains("replication slot 'no_such_slot' does not exist")
                && l.contains("SELECT pg_create_logical_replication_slot('no_such_slot', 'pgoutput');"));
        assertThat(allLog()).anyMatch(l -> l.contains("no-pub") && l.contains("publication 'no_such_pub' does not exist")
                && l.contains("CREATE PUBLICATION no_such_pub FOR TABLE"));
        String status = management("/status.json")[1];
        assertThat(status).contains("replication slot 'no_such_slot' does not exist").contains("publication 'no_such_pub' does not exist");
    }

    @Test
    void doctorChecksTheSlotAndThePublicationOfACdcBlock() throws Exception {
        withoutAirbyteCredentials();
        airbyte.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(API + "/health"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
        stubConnection("propagate_columns");
        String noSlot = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
        startService(cdcBlock("orders-cdc", CONNECTION, "", slot, PUB) + cdcBlock("no-slot", noSlot, "", "no_such_slot", PUB),
                new java.util.HashMap<>(PgAirbyteSyncMain.doctorSettings()));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = new io.pgairbytesync.doctor.Doctor(camel).run(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        String report = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(report).isEqualTo(1);
        assertThat(report).contains("orders-cdc: tables").doesNotContain("FAIL  orders-cdc: tables");
        assertThat(report).contains("FAIL  no-slot ", "replication slot 'no_such_slot' does not exist",
                "pg_create_logical_replication_slot('no_such_slot', 'pgoutput')");
    }
}
