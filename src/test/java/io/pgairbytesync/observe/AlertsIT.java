package io.pgairbytesync.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts to a Slack-compatible webhook (a stand-in here): once per episode, recoveries, and never in a tick's way. */
class AlertsIT extends OrchestratorTestBase {

    private static final String HOOK = "/services/T0001/B0002/s3cr3tWebhookToken";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer webhook;

    @BeforeAll
    static void startWebhook() {
        webhook = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        webhook.start();
    }

    @AfterAll
    static void stopWebhook() {
        webhook.stop();
    }

    @BeforeEach
    void webhookAnswers() {
        webhook.resetAll();
        webhook.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    private void start(String tables) throws Exception {
        start(tables, Map.of());
    }

    private void start(String tables, Map<String, String> settings) throws Exception {
        Map<String, String> s = new HashMap<>(settings);
        s.put("alert.webhook.url", webhook.baseUrl() + HOOK);
        s.put("alert.retry.delay.ms", "50");
        startService(block("orders-to-bigquery", CONNECTION, tables), s);
    }

    /** The texts the webhook received, in order (waits a moment for the queue). */
    private static List<String> alerts(int expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> received().size() >= expected);
        try {
            Thread.sleep(300); // anything more on its way would show now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return received();
    }

    private static List<String> received() {
        return webhook.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 200)
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .map(e -> {
                    try {
                        assertThat(e.getRequest().getHeader("Content-Type")).startsWith("application/json");
                        return JSON.readTree(e.getRequest().getBodyAsString()).get("text").asText();
                    } catch (Exception x) {
                        throw new AssertionError(x);
                    }
                }).toList();
    }

    @Test
    void failingTicksAlertOnceWhenTheThresholdIsReachedAndOnceWhenTheyRecover() throws Exception {
        start("orders");
        for (int i = 0; i < 5; i++) {
            tick(); // no table orders: every tick fails
        }
        List<String> texts = alerts(1);
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0)).startsWith("[pg-airbyte-sync] orders-to-bigquery: 3 ticks in a row failed")
                .contains("public.orders does not exist");

        sql("CREATE TABLE orders (id int, updated_at timestamptz)");
        stubJobCreated(601);
        tick();
        tick();
        texts = alerts(2);
        assertThat(texts).hasSize(2);
        assertThat(texts.get(1)).contains("orders-to-bigquery: RECOVERED, ticks succeed again");
        assertThat(query("SELECT * FROM airbyte_sync.sync_alert")).isEmpty();
    }

    @Test
    void aRunOfFailedJobsIsOneAlertAndTheNextSuccessIsTheRecovery() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        start("orders");
        stubJobCreated(701);
        tick();
        stubJobStatus(701, "failed");
        followJobs();
        stubJobCreated(702);
        tick();
        stubJobStatus(702, "cancelled");
        followJobs();
        List<String> texts = alerts(1);
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0)).contains("orders-to-bigquery: Airbyte job 701 failed").contains("Synced state kept");

        stubJobCreated(703);
        tick();
        stubJobStatus(703, "succeeded");
        followJobs();
        texts = alerts(2);
        assertThat(texts).hasSize(2);
        assertThat(texts.get(1)).contains("RECOVERED, Airbyte job 703 succeeded after failed jobs");
    }

    @Test
    void aSchemaChangeIsOneAlertWithItsColumnDiffEvenWhenItsSyncKeepsFailing() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        // no listing grace: each tick after the refused POST posts (and fails) again, instead of waiting for a job
        start("orders", Map.of("airbyte.job.listing.grace.seconds", "0"));
        syncFirst(801);
        stubConnection("propagate_columns");
        sql("ALTER TABLE orders ADD COLUMN note text");
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(400).withBody("{\"status\":400}")));
        airbyte.stubFor(get(urlPathEqualTo(API + "/jobs")).willReturn(okJson("{\"data\": []}")));
        tick();
        tick();
        List<String> texts = alerts(1);
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0)).contains("orders-to-bigquery: schema change in the source: public.orders columns")
                .contains("note");

        sql("ALTER TABLE orders ADD COLUMN channel text");
        tick(); // the third failed tick also opens the 'failing' episode
        texts = alerts(3).stream().filter(t -> t.contains("schema change")).toList();
        assertThat(texts).as("a further change is a new episode").hasSize(2);
        assertThat(texts.get(1)).contains("channel");
    }

    @Test
    void anInactiveConnectionIsOneAlert() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        start("orders");
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"status\":409,\"title\":\"state-conflict\",\"detail\":\"Could not fulfill request\"}")));
        airbyte.stubFor(get(urlPathEqualTo(API + "/jobs")).willReturn(okJson("{\"data\": []}")));
        stubConnection("propagate_columns", "inactive");
        tick();
        tick();
        camel.createProducerTemplate().sendBody("direct:airbyte-connection-checks", null);
        List<String> texts = alerts(1);
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0)).contains("Airbyte connection " + CONNECTION + " is inactive and refuses syncs")
                .contains("Fix: enable it in the Airbyte UI");

        // enabled again: the next sync taken ends the episode
        stubJobCreated(901);
        tick();
        texts = alerts(2);
        assertThat(texts.get(1)).contains("RECOVERED, Airbyte connection " + CONNECTION + " takes syncs again (job 901)");
    }

    @Test
    void anAirbyteOutageWithoutAnyTickIsOneAlertAndOneRecovery() throws Exception {
        airbyte.stubFor(get(urlEqualTo(API + "/health")).willReturn(aResponse().withStatus(503)));
        Map<String, String> s = new HashMap<>();
        s.put("alert.webhook.url", webhook.baseUrl() + HOOK);
        s.put("health.check.seconds", "1");
        s.put("airbyte.poll.first.delay.ms", "0");
        startService(block("orders-to-bigquery", CONNECTION, "orders"), s);
        List<String> texts = alerts(1);
        assertThat(texts).hasSize(1);
        assertThat(texts.get(0)).contains("airbyte-api DOWN (3 checks in a row)").contains("503");
        Thread.sleep(2500); // more failed checks: no more alerts
        assertThat(received()).hasSize(1);

        airbyte.stubFor(get(urlEqualTo(API + "/health")).willReturn(aResponse().withStatus(200)));
        texts = alerts(2);
        assertThat(texts).hasSize(2);
        assertThat(texts.get(1)).contains("RECOVERED, airbyte-api is reachable again");
        assertThat(query("SELECT * FROM airbyte_sync.sync_alert")).isEmpty();
    }

    @Test
    void aFailingWebhookIsRedeliveredAndNeverHoldsUpOrFailsATick() throws Exception {
        webhook.resetAll();
        webhook.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        webhook.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("third"));
        webhook.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200)));
        start("orders");
        for (int i = 0; i < 3; i++) {
            tick();
        }
        List<String> texts = alerts(1);
        assertThat(texts).hasSize(1);
        assertThat(webhook.getAllServeEvents()).as("two failures, then delivered").hasSize(3);

        // the webhook is gone altogether: ticks go on, the log says what was not delivered, and never the URL
        webhook.stop();
        try {
            sql("CREATE TABLE orders (id int, updated_at timestamptz)");
            stubJobCreated(1001);
            tick();
            assertThat(state("public.orders").get("pending_job_id")).isEqualTo(1001L);
            await().atMost(Duration.ofSeconds(20)).until(() -> allLog().stream().anyMatch(l -> l.contains("alert NOT delivered")));
            assertThat(allLog()).filteredOn(l -> l.contains("alert NOT delivered")).first().asString()
                    .contains("RECOVERED");
            assertThat(renderedLog()).as("the webhook URL carries a token: never logged").noneMatch(l -> l.contains("s3cr3tWebhookToken"))
                    .anyMatch(l -> l.contains("alert NOT delivered"));
        } finally {
            webhook.start();
        }
    }
}
