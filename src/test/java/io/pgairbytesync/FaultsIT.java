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
import java.util.Map;

import javax.sql.DataSource;

import io.pgairbytesync.support.OrchestratorTestBase;
import io.pgairbytesync.support.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
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
}
