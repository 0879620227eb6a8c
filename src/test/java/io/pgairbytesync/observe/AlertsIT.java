package io.pgairbytesync.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.sun.net.httpserver.HttpServer;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.apache.camel.component.seda.SedaEndpoint;
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

    /**
     * The texts the webhook received, in order: once {@code expected} have arrived and the webhook route is idle (its
     * queue empty, nothing in flight, redeliveries included), so every alert the ticks so far queued has been sent;
     * then 500 ms more in which nothing else may arrive.
     */
    private List<String> alerts(int expected) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> received().size() >= expected);
        awaitWebhookRouteIdle();
        List<String> texts = received();
        long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < quietUntil) {
            assertThat(received()).as("alerts after the webhook route went idle").isEqualTo(texts);
            Thread.sleep(50);
        }
        return texts;
    }

    /** Every alert queued so far has been sent or given up: seda:alerts is empty and route alert-webhook has nothing in flight. */
    private void awaitWebhookRouteIdle() {
        SedaEndpoint queue = camel.getEndpoint("seda:alerts", SedaEndpoint.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> queue.getCurrentQueueSize() == 0
                && camel.getInflightRepository().size("alert-webhook") == 0);
    }

    private static int webhookRequests() {
        return webhook.countRequestsMatching(postRequestedFor(urlEqualTo(HOOK)).build()).getCount();
    }

    private static int healthChecks() {
        return airbyte.countRequestsMatching(getRequestedFor(urlEqualTo(API + "/health")).build()).getCount();
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
        // more failed checks: no more alerts. Three more checks done (a fourth one asked: the checks run one after the
        // other), then the webhook route idle
        int checks = healthChecks();
        await().atMost(Duration.ofSeconds(60)).until(() -> healthChecks() >= checks + 4);
        awaitWebhookRouteIdle();
        assertThat(received()).as("alerts after three more failed checks").hasSize(1);

        airbyte.stubFor(get(urlEqualTo(API + "/health")).willReturn(aResponse().withStatus(200)));
        texts = alerts(2);
        assertThat(texts).hasSize(2);
        assertThat(texts.get(1)).contains("RECOVERED, airbyte-api is reachable again");
        assertThat(query("SELECT * FROM airbyte_sync.sync_alert")).isEmpty();
    }

    /**
     * The redeliveries the webhook really receives: 500, 503, then 200 is three requests and one alert; a webhook that
     * always answers 500 gets the alert 1 + ALERT_RETRY_MAX times (3 here), then it is given up and logged; a webhook
     * that is gone altogether fails no tick, and its URL (a token) is never logged.
     */
    @Test
    void aFailingWebhookGetsTheAlertOncePlusAlertRetryMaxRedeliveriesAndFailsNoTick() throws Exception {
        webhook.resetAll();
        webhook.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        webhook.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("third"));
        webhook.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200)));
        Map<String, String> s = new HashMap<>();
        s.put("alert.webhook.url", webhook.baseUrl() + HOOK);
        s.put("alert.retry.delay.ms", "50");
        s.put("alert.retry.max", "3");
        startService(block("orders-to-bigquery", CONNECTION, "orders"), s);
        for (int i = 0; i < 3; i++) {
            tick();
        }
        List<String> texts = alerts(1);
        assertThat(texts).hasSize(1);
        assertThat(webhookRequests()).as("two failures, then delivered").isEqualTo(3);

        // a webhook that always answers 500: the recovery is sent 1 + 3 times, then given up
        webhook.resetAll();
        webhook.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(500)));
        sql("CREATE TABLE orders (id int, updated_at timestamptz)");
        stubJobCreated(1001);
        tick();
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(1001L);
        await().atMost(Duration.ofSeconds(30)).until(() -> allLog().stream().anyMatch(l -> l.contains("alert NOT delivered")));
        awaitWebhookRouteIdle();
        assertThat(webhook.getAllServeEvents()).as("requests of the one recovery alert: the first and 3 redeliveries")
                .hasSize(4).allSatisfy(e -> assertThat(e.getRequest().getBodyAsString()).contains("RECOVERED"));
        assertThat(allLog()).filteredOn(l -> l.contains("alert NOT delivered")).hasSize(1);

        // the webhook is gone altogether: ticks go on, the log says what was not delivered, and never the URL
        webhook.stop();
        try {
            sql("ALTER TABLE orders RENAME TO orders_gone");
            for (int i = 0; i < 3; i++) {
                tick(); // the third failed tick alerts again
            }
            sql("ALTER TABLE orders_gone RENAME TO orders");
            tick();
            assertThat(state("public.orders").get("last_decision")).isEqualTo("job-in-flight");
            await().atMost(Duration.ofSeconds(30)).until(() -> allLog().stream().filter(l -> l.contains("alert NOT delivered"))
                    .count() == 3);
            assertThat(renderedLog()).as("the webhook URL carries a token: never logged").noneMatch(l -> l.contains("s3cr3tWebhookToken"))
                    .anyMatch(l -> l.contains("alert NOT delivered"));
        } finally {
            webhook.start();
        }
    }

    /**
     * A webhook that takes its time (it answers only when the test lets it, at most 90 s later) holds up no tick: with a
     * schedule of one tick a second and an alert after the first failed tick, five more ticks end while the webhook
     * still holds the alert's request.
     */
    @Test
    void aWebhookThatAnswersSlowlyHoldsUpNoTick() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch requested = new CountDownLatch(1);
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slow.createContext("/slow-hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requested.countDown();
            try {
                answer.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slow.start();
        try {
            Map<String, String> s = new HashMap<>();
            s.put("alert.webhook.url", "http://127.0.0.1:" + slow.getAddress().getPort() + "/slow-hook");
            s.put("alert.after.failures", "1");
            // no table orders: every tick fails, the first one alerts
            startService(block("orders-to-bigquery", CONNECTION, "orders").replace(NEVER, "* * * * * ?"), s);
            assertThat(requested.await(60, TimeUnit.SECONDS)).as("the alert reached the webhook").isTrue();
            int ticksWhenAsked = ticks.done("orders-to-bigquery");
            await().atMost(Duration.ofSeconds(40)).until(() -> ticks.done("orders-to-bigquery") >= ticksWhenAsked + 5);
            assertThat(answer.getCount()).as("the webhook had not answered yet").isEqualTo(1);
            assertThat(bodies).as("requests to the webhook while it held the first").hasSize(1);
            answer.countDown();
            awaitWebhookRouteIdle();
            assertThat(bodies).hasSize(1).allSatisfy(b -> assertThat(b).contains("1 ticks in a row failed"));
        } finally {
            answer.countDown();
            stopService();
            slow.stop(0);
        }
    }
}
