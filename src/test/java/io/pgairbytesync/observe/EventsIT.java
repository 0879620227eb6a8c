package io.pgairbytesync.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events to chain on: every job outcome as a CloudEvents 1.0 event to EVENTS_WEBHOOK_URL (a stand-in receiver here),
 * from an outbox in the state database; and blocks with {@code after} that sync once per success of another block.
 */
class EventsIT extends OrchestratorTestBase {

    private static final String HOOK = "/hooks/airbyte-events?token=s3cr3tEventsToken";
    private static final String MARTS = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void receiverTakesEvents() {
        receiver.resetAll();
        receiver.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(202)));
    }

    private void start(String yaml) throws Exception {
        startService(yaml, Map.of("events.webhook.url", receiver.baseUrl() + HOOK));
    }

    /** The requests the receiver answered with {@code status}, oldest first. */
    private static List<ServeEvent> answered(int status) {
        return receiver.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == status)
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate())).toList();
    }

    /** The events the receiver took (2xx), once at least {@code count} have arrived. */
    private static List<JsonNode> delivered(int count) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> answered(202).size() >= count);
        List<JsonNode> events = new ArrayList<>();
        for (ServeEvent e : answered(202)) {
            assertThat(e.getRequest().getHeader("Content-Type")).as("structured mode").startsWith("application/cloudevents+json");
            JsonNode event = JSON.readTree(e.getRequest().getBodyAsString());
            assertValidCloudEvent(event);
            events.add(event);
        }
        return events;
    }

    /**
     * The CloudEvents 1.0 rules an event in JSON structured mode must keep: the required attributes id, source,
     * specversion and type, non-empty strings, specversion "1.0", source a URI-reference; the optional ones used here
     * of their types (subject a non-empty string, time an RFC 3339 timestamp, datacontenttype a media type); every
     * attribute name lower-case letters and digits; data JSON.
     */
    static void assertValidCloudEvent(JsonNode e) {
        assertThat(e.isObject()).isTrue();
        for (String required : List.of("id", "source", "specversion", "type")) {
            assertThat(e.path(required).isTextual()).as(required + " is a string").isTrue();
            assertThat(e.get(required).asText()).as(required).isNotEmpty();
        }
        assertThat(e.get("specversion").asText()).isEqualTo("1.0");
        URI.create(e.get("source").asText()); // a URI-reference, or this throws
        for (Iterator<String> names = e.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("data")) {
                assertThat(name).as("attribute name").matches("[a-z0-9]{1,20}");
                assertThat(e.get(name).isTextual()).as(name + " is a string").isTrue();
            }
        }
        if (e.has("subject")) {
            assertThat(e.get("subject").asText()).isNotEmpty();
        }
        assertThat(OffsetDateTime.parse(e.get("time").asText())).as("time, RFC 3339").isNotNull();
        assertThat(e.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(e.get("data").isObject()).as("data is JSON").isTrue();
    }

    private static JsonNode ofType(List<JsonNode> events, String type) {
        List<JsonNode> of = events.stream().filter(e -> e.get("type").asText().equals(type)).toList();
        assertThat(of).as("events of type " + type).hasSize(1);
        return of.get(0);
    }

    @Test
    void aSucceededSyncIsOneEventWithTheSyncedCursorsAndASchemaChangeIsAnotherWithItsColumns() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        start(block("orders-to-bigquery", CONNECTION, "orders"));
        syncFirst(901);

        JsonNode e = ofType(delivered(1), "io.pgairbytesync.sync.succeeded");
        assertThat(e.get("id").asText()).isEqualTo("job-901-sync.succeeded");
        assertThat(e.get("source").asText()).isEqualTo("/pg-airbyte-sync");
        assertThat(e.get("subject").asText()).isEqualTo("orders-to-bigquery");
        JsonNode data = e.get("data");
        assertThat(data.get("block").asText()).isEqualTo("orders-to-bigquery");
        assertThat(data.get("connectionId").asText()).isEqualTo(CONNECTION);
        assertThat(data.get("jobId").asLong()).isEqualTo(901);
        assertThat(data.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(data.get("rows").asLong()).isEqualTo(42);
        assertThat(data.get("bytes").asLong()).isEqualTo(4096);
        assertThat(data.get("durationSeconds").isNumber()).isTrue();
        assertThat(data.get("durationSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(data.get("tables")).hasSize(1);
        JsonNode table = data.get("tables").get(0);
        assertThat(table.get("schema").asText()).isEqualTo("public");
        assertThat(table.get("table").asText()).isEqualTo("orders");
        assertThat(table.get("cursorColumn").asText()).isEqualTo("updated_at");
        assertThat(table.get("syncedCursor").asText()).isEqualTo(state("public.orders").get("synced_cursor"))
                .isEqualTo("2026-11-24T10:00:00.000000Z");

        // a column added: the sync that carries it succeeds -> sync.succeeded and schema.changed with the column
        stubConnection("propagate_columns");
        sql("ALTER TABLE orders ADD COLUMN note text");
        stubJobCreated(902);
        tick();
        stubJobStatus(902, "succeeded");
        followJobs();
        List<JsonNode> events = delivered(3);
        assertThat(events).hasSize(3);
        JsonNode schema = ofType(events, "io.pgairbytesync.schema.changed");
        assertThat(schema.get("id").asText()).isEqualTo("job-902-schema.changed");
        assertThat(schema.get("data").get("jobId").asLong()).isEqualTo(902);
        assertThat(schema.get("data").get("tables").get(0).get("table").asText()).isEqualTo("orders");
        assertThat(schema.get("data").get("tables").get(0).get("added")).isEqualTo(JSON.readTree("{\"note\": \"text\"}"));
        assertThat(schema.get("data").get("tables").get(0).get("removed")).isEqualTo(JSON.readTree("{}"));
        assertThat(query("SELECT event_id FROM airbyte_sync.sync_event WHERE sent_at IS NULL")).as("all sent").isEmpty();
    }

    @Test
    void aFailedJobIsSyncFailedAndAReceiverAnswering500GetsItOnceMore() throws Exception {
        receiver.resetAll();
        receiver.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202)));
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        start(block("orders-to-bigquery", CONNECTION, "orders"));
        stubJobCreated(911);
        tick();
        stubJobStatus(911, "failed");
        followJobs();

        JsonNode e = ofType(delivered(1), "io.pgairbytesync.sync.failed");
        assertThat(e.get("id").asText()).isEqualTo("job-911-sync.failed");
        assertThat(e.get("data").get("outcome").asText()).isEqualTo("failed");
        assertThat(e.get("data").get("tables").get(0).get("syncedCursor").isNull()).as("nothing synced yet").isTrue();
        assertThat(answered(500)).as("the first try, refused").hasSize(1);
        assertThat(JSON.readTree(answered(500).get(0).getRequest().getBodyAsString()).get("id").asText())
                .as("the same event, the same id").isEqualTo("job-911-sync.failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> scalar("SELECT count(*) FROM airbyte_sync.sync_event"
                + " WHERE sent_at IS NOT NULL AND attempts = 2").equals(1L));
        assertThat(allLog()).anyMatch(l -> l.contains("event job-911-sync.failed") && l.contains("not delivered, try 1"));
        assertThat(renderedLog()).as("the URL carries a token: never logged").noneMatch(l -> l.contains("s3cr3tEventsToken"));
    }

    @Test
    void anEventNotDeliveredBeforeAStopIsDeliveredAfterTheRestartAndADeadReceiverStopsNoSync() throws Exception {
        receiver.resetAll();
        receiver.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(503)));
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        String yaml = block("orders-to-bigquery", CONNECTION, "orders");
        start(yaml);
        syncFirst(921);
        await().atMost(Duration.ofSeconds(10)).until(() -> scalar("SELECT count(*) FROM airbyte_sync.sync_event"
                + " WHERE last_error LIKE '%HTTP 503%' AND sent_at IS NULL").equals(1L));

        // the receiver is down: ticks and syncs go on
        sql("INSERT INTO orders VALUES (2, '2026-11-24 11:00:00+00')");
        stubJobCreated(922);
        tick();
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(922L);

        stopService();
        receiver.resetAll();
        receiver.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(202)));
        start(yaml);
        JsonNode e = ofType(delivered(1), "io.pgairbytesync.sync.succeeded");
        assertThat(e.get("id").asText()).isEqualTo("job-921-sync.succeeded");
        assertThat(e.get("data").get("tables").get(0).get("syncedCursor").asText()).isEqualTo("2026-11-24T10:00:00.000000Z");
    }

    @Test
    void aBlockAfterAnotherSyncsOncePerSuccessOfItEvenWhenTheFollowUpIsReplayedAndMakesItsOwnEvent() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        start(block("orders-to-bigquery", CONNECTION, "orders") + afterBlock("marts", MARTS, "orders-to-bigquery"));
        stubJobCreated(1001);
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).withRequestBody(matchingJsonPath("$.connectionId", equalTo(MARTS)))
                .willReturn(okJson(jobJson(1002, "pending", null, null).replace(CONNECTION, MARTS))));
        tick();
        tick("marts", MARTS); // its own schedule: nothing owed yet, nothing started
        assertThat(postsFor(MARTS)).isZero();

        stubJobStatus(1001, "succeeded");
        airbyte.stubFor(get(urlEqualTo(API + "/jobs/1002")).willReturn(okJson(jobJson(1002, "running", null, null)
                .replace(CONNECTION, MARTS))));
        followJobs();
        assertThat(postsFor(MARTS)).as("marts synced once after orders-to-bigquery's success").isEqualTo(1);
        assertThat(query("SELECT job_id, route_id, reason FROM airbyte_sync.sync_job WHERE job_id = 1002"))
                .containsExactly(Map.of("job_id", 1002L, "route_id", "marts", "reason", "after"));

        // the follow-up of job 1001 replayed (as after a crash before it was known to be recorded), and marts' own tick
        sql("UPDATE airbyte_sync.sync_job SET finished_at = NULL, status = 'running' WHERE job_id = 1001");
        followJobs();
        tick("marts", MARTS);
        assertThat(postsFor(MARTS)).as("no second sync for one upstream success").isEqualTo(1);

        // marts' job succeeds: its own event
        airbyte.stubFor(get(urlEqualTo(API + "/jobs/1002")).willReturn(okJson(jobJson(1002, "succeeded", 7L, 512L)
                .replace(CONNECTION, MARTS))));
        followJobs();
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(1).stream().anyMatch(x -> x.get("subject").asText()
                .equals("marts")));
        JsonNode marts = delivered(2).stream().filter(x -> x.get("subject").asText().equals("marts")).findFirst().orElseThrow();
        assertThat(marts.get("type").asText()).isEqualTo("io.pgairbytesync.sync.succeeded");
        assertThat(marts.get("data").get("connectionId").asText()).isEqualTo(MARTS);
        assertThat(marts.get("data").get("reason").asText()).isEqualTo("after");
        assertThat(marts.get("data").get("rows").asLong()).isEqualTo(7);
    }

    @Test
    void aSyncOwedThatCouldNotStartIsStartedByTheBlocksOwnTick() throws Exception {
        long ordersJob = afterBlockWithItsUpstreamsJobRunning(Map.of("airbyte.job.listing.grace.seconds", "0"));
        fake.failPostsWithoutCreating(500); // marts' POST /jobs: refused, no job made
        fake.finish(ordersJob, "succeeded");
        followJobs();
        assertThat(postsFor(MARTS)).as("tried at once, refused").isEqualTo(1);
        assertThat(martsJobs()).isEmpty();
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_after WHERE route_id = 'marts' AND job_id IS NULL")).isEqualTo(1L);

        // the claim of that try has expired (60 s), and Airbyte takes syncs again: marts' own tick finds no job made by
        // the try in Airbyte's list (the listing grace is 0 here) and starts the sync owed, once
        sql("UPDATE airbyte_sync.sync_after SET claimed_until = now() - interval '1 second'");
        tick("marts", MARTS);
        tick("marts", MARTS);
        assertThat(postsFor(MARTS)).isEqualTo(2);
        assertThat(martsJobs()).hasSize(1);
        assertThat(query("SELECT upstream_job_id, job_id FROM airbyte_sync.sync_after WHERE route_id = 'marts'"))
                .containsExactly(Map.of("upstream_job_id", ordersJob, "job_id", martsJobs().get(0).id()));
    }

    /**
     * marts' POST /jobs made a job in Airbyte, but its answer was lost (a gateway's 5xx): the sync owed is not posted
     * again; marts' next tick finds that job in Airbyte's list and adopts it, as a block with tables does.
     */
    @Test
    void anAfterSyncWhosePostAnswerWasLostAdoptsTheJobAirbyteMadeInsteadOfPostingAgain() throws Exception {
        long ordersJob = afterBlockWithItsUpstreamsJobRunning(Map.of());
        fake.failPostsAfterCreating(502);
        fake.finish(ordersJob, "succeeded");
        followJobs();
        assertThat(martsJobs()).as("Airbyte made marts' job").hasSize(1);
        long made = martsJobs().get(0).id();

        sql("UPDATE airbyte_sync.sync_after SET claimed_until = now() - interval '1 second'");
        tick("marts", MARTS);
        assertThat(postsFor(MARTS)).as("not posted again").isEqualTo(1);
        assertThat(query("SELECT upstream_job_id, job_id FROM airbyte_sync.sync_after WHERE route_id = 'marts'"))
                .containsExactly(Map.of("upstream_job_id", ordersJob, "job_id", made));
        assertThat(query("SELECT route_id, reason FROM airbyte_sync.sync_job WHERE job_id = " + made))
                .containsExactly(Map.of("route_id", "marts", "reason", "after"));
        tick("marts", MARTS);
        assertThat(postsFor(MARTS)).isEqualTo(1);
    }

    /** orders-to-bigquery and marts after it, on the stateful stand-in; orders' first job started and running. */
    private long afterBlockWithItsUpstreamsJobRunning(Map<String, String> settings) throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        useFakeAirbyte();
        fake.holdRunning();
        startService(block("orders-to-bigquery", CONNECTION, "orders") + afterBlock("marts", MARTS, "orders-to-bigquery"),
                settings);
        tick();
        assertThat(fake.jobs()).hasSize(1);
        return fake.jobs().get(0).id();
    }

    private static List<io.pgairbytesync.support.FakeAirbyte.Job> martsJobs() {
        return fake.jobs().stream().filter(j -> j.connectionId().equals(MARTS)).toList();
    }

    @Test
    void aCycleOfAfterStopsStartUpNamingTheBlocks() {
        String yaml = block("orders-to-bigquery", CONNECTION, "orders") + afterBlock("marts", MARTS, "reports")
                + afterBlock("reports", "1c2d3e4f-5061-4b7c-8d9e-0f1a2b3c4d5e", "marts");
        assertThatThrownBy(() -> start(yaml)).hasStackTraceContaining("connection blocks form a cycle of 'after': marts"
                + " after reports after marts").hasStackTraceContaining("Fix:");
    }

    private static int postsFor(String connectionId) {
        return airbyte.countRequestsMatching(postRequestedFor(urlEqualTo(API + "/jobs"))
                .withRequestBody(matchingJsonPath("$.connectionId", equalTo(connectionId))).build()).getCount();
    }
}
