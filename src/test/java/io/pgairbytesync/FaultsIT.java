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

    @Test
    void afterMinutesOfAirbyteOutageThePendingChangeSyncsByItself() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        airbyte.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 3; i++) {
            tick(); // each tick: one call and 3 redeliveries, then the tick ends cleanly
        }
        // tick 1 posts; ticks 2 and 3 first look for the job tick 1 may have started (GET /jobs), in vain
        assertThat(airbyte.getAllServeEvents()).hasSize(3 * 4);
        assertThat(jobPosts()).isEqualTo(4);
        assertThat(query("SELECT * FROM airbyte_sync.sync_state")).isEmpty();

        airbyte.resetAll();
        airbyte.stubFor(get(urlPathEqualTo(API + "/jobs")).willReturn(okJson("{\"data\": []}")));
        stubJobCreated(101);
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
    }
}
