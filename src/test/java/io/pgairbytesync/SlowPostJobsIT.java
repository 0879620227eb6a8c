package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/**
 * Airbyte 2.0 can hold the answer to {@code POST /jobs} until the sync workflow runs (one report: 81 s): the service
 * waits for it and makes one job. A class of its own (it lasts a minute and a half) so that it runs beside the other
 * exactly-once tests (ExactlyOnceIT) instead of after them.
 */
class SlowPostJobsIT extends OrchestratorTestBase {

    @Test
    void aPostJobsAnsweringAfter90SecondsIsWaitedForAndMakesOneJob() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(okJson(jobJson(101, "running", null, null))
                .withFixedDelay(90_000)));
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
    }
}
