package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.pgairbytesync.airbyte.AirbyteAuth;
import io.pgairbytesync.support.FakeAirbyte;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the Airbyte calls behave when Airbyte answers badly: 5xx and 429 (never a second POST /jobs before the job list
 * was read), a job listed late, 409, 4xx, tokens.
 */
class AirbyteErrorsIT extends OrchestratorTestBase {

    @BeforeEach
    void orders() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
    }

    private void startOrders() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
    }

    private void startOrders(Map<String, String> settings) throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"), settings);
    }

    /** Synced once with job 101; then the table changes, so the next tick wants a sync. */
    private Map<String, Object> syncedThenChanged() throws Exception {
        syncFirst(101);
        sql("UPDATE orders SET updated_at = '2026-11-25 10:00:00+00'");
        resetRequestsKeepingThemChecked();
        return state("public.orders");
    }

    /** What Airbyte lists while the sync that caused the 409 runs: started an hour ago, before our change. */
    private static void stubOlderSyncRunning() {
        airbyte.stubFor(get(urlPathEqualTo(API + "/jobs")).willReturn(okJson("{\"data\": ["
                + jobJson(100, "running", null, null).replace("2026-11-24T10:00:00Z", java.time.Instant.now().minusSeconds(3600).toString())
                + "]}")));
    }

    @Test
    void a409SyncAlreadyRunningChangesNoStateLogsOnceAndIsNotRetried() throws Exception {
        startOrders();
        Map<String, Object> before = syncedThenChanged();
        stubSyncAlreadyRunning();
        stubOlderSyncRunning();
        tick();

        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders")).isEqualTo(before);
        assertThat(query("SELECT job_id, reason FROM airbyte_sync.sync_job ORDER BY job_id")).extracting(r -> r.get("reason"))
                .containsExactly("external", "first");
        assertThat(decisionLog().stream().filter(l -> l.contains("answered 409"))).hasSize(1)
                .allMatch(l -> l.contains("job 100 (running), started before this change") && l.contains("state unchanged"));

        // while that sync runs, nothing is posted; once it ended, the change is synced
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        stubJobStatus(100, "succeeded");
        followJobs();
        Map<String, Object> after = state("public.orders");
        for (String column : new String[] {"synced_cursor", "column_hash", "synced", "last_synced_job_id", "pending_job_id"}) {
            assertThat(after.get(column)).as(column).isEqualTo(before.get(column));
        }
        stubJobCreated(102);
        tick();
        assertThat(jobPosts()).isEqualTo(2);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(102L);
    }

    @Test
    void a409OnFirstSightLeavesNoStateBehind() throws Exception {
        startOrders();
        stubSyncAlreadyRunning();
        stubOlderSyncRunning();
        tick();
        assertThat(query("SELECT * FROM airbyte_sync.sync_state")).isEmpty();
        assertThat(query("SELECT reason FROM airbyte_sync.sync_job")).extracting(r -> r.get("reason")).containsExactly("external");
    }

    /** The ERROR line of a POST /jobs answered with a 5xx or a 429. */
    private boolean saysNotResent(String line, int code) {
        return line.contains("Airbyte answered " + code + " to POST /jobs: not resent");
    }

    @ParameterizedTest(name = "{0} after Airbyte made the job")
    @ValueSource(ints = {500, 502, 503, 504})
    void aServerErrorAfterAirbyteMadeTheJobIsNotResentTheNextTickAdoptsTheJob(int code) throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        fake.failPostsAfterCreating(code); // e.g. a gateway's 504 after a POST that blocked ~81 s
        startOrders();
        tick();
        assertThat(fake.jobPosts()).as("POST /jobs calls").isEqualTo(1);
        assertThat(fake.jobs()).as("jobs in Airbyte").hasSize(1);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).as("intent kept").hasSize(1);
        assertThat(events().stream().filter(e -> e.getLevel().toString().equals("ERROR"))
                .map(e -> e.getFormattedMessage()).filter(l -> l.contains("POST /jobs")))
                .as("ERROR lines about POST /jobs").hasSize(1).allMatch(l -> saysNotResent(l, code)
                        && l.startsWith("orders-to-bigquery tick failed, state unchanged") && l.contains("job list"));
        assertThat(decisionLog()).anyMatch(l -> l.startsWith("orders-to-bigquery tick failed, state unchanged"));

        tick(); // reads the job list first: the job is there
        assertThat(fake.jobPosts()).as("POST /jobs calls after the next tick").isEqualTo(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        assertThat(decisionLog()).anyMatch(l -> l.contains("found job 101 (running)") && l.contains("adopted"));

        fake.finish(101, "succeeded");
        followJobs();
        assertThat(state("public.orders").get("synced")).isEqualTo(true);
        assertThat(state("public.orders").get("last_synced_job_id")).isEqualTo(101L);
        tick();
        assertThat(fake.jobPosts()).isEqualTo(1);
        assertThat(fake.jobs()).hasSize(1);
    }

    @ParameterizedTest(name = "the job {0} before the next tick")
    @ValueSource(strings = {"succeeded", "failed"})
    void aJobThatEndedBeforeTheNextTickIsAdoptedAndRecordedAsItEnded(String outcome) throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        fake.failPostsAfterCreating(504);
        startOrders();
        tick();
        fake.finish(101, outcome); // ends while the service knows only its intent
        tick();
        assertThat(fake.jobPosts()).as("POST /jobs calls").isEqualTo(1);
        assertThat(decisionLog()).anyMatch(l -> l.contains("found job 101 (" + outcome + ")") && l.contains("adopted"));
        followJobs();
        assertThat(query("SELECT status FROM airbyte_sync.sync_job WHERE job_id = 101")).extracting(r -> r.get("status"))
                .containsExactly(outcome);
        if (outcome.equals("succeeded")) {
            assertThat(state("public.orders").get("synced")).isEqualTo(true);
            tick();
            assertThat(fake.jobPosts()).isEqualTo(1);
        } else {
            // a failed sync advanced nothing: the change is tried again, once
            assertThat(query("SELECT * FROM airbyte_sync.sync_state WHERE synced")).isEmpty();
            tick();
            assertThat(fake.jobPosts()).isEqualTo(2);
            assertThat(fake.jobs()).extracting(FakeAirbyte.Job::id).containsExactly(101L, 102L);
            assertThat(state("public.orders").get("pending_job_id")).isEqualTo(102L);
        }
    }

    @Test
    void aServerErrorWithoutAJobIsPostedAgainOnlyOnceTheListShowsNoneAfterTheGracePeriod() throws Exception {
        useFakeAirbyte();
        fake.failPostsWithoutCreating(503);
        startOrders(Map.of("airbyte.job.listing.grace.seconds", "3"));
        tick();
        assertThat(fake.jobPosts()).isEqualTo(1);
        assertThat(fake.jobs()).isEmpty();

        tick(); // the list shows no job, but a job may still be listed late: the intent is kept, nothing posted
        assertThat(fake.jobPosts()).as("POST /jobs within the grace period").isEqualTo(1);
        assertThat(decisionLog()).anyMatch(l -> l.contains("intent kept, NOT posted again")
                && l.contains("AIRBYTE_JOB_LISTING_GRACE_SECONDS=3"));
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).hasSize(1);

        Thread.sleep(3500); // the grace period passes
        tick();
        assertThat(fake.calls().stream().filter(c -> c.matches("(POST|GET) /api/public/v1/jobs")))
                .as("a POST, a list within the grace period, a list after it, then the POST again")
                .containsExactly("POST /api/public/v1/jobs", "GET /api/public/v1/jobs", "GET /api/public/v1/jobs",
                        "POST /api/public/v1/jobs");
        assertThat(fake.jobs()).hasSize(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
    }

    @Test
    void aJobListedLateIsWaitedForNotPostedAgain() throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        fake.listingDelay(java.time.Duration.ofSeconds(4)); // longer than the time to the next tick
        fake.failPostsAfterCreating(504);
        startOrders();
        tick();
        tick(); // the job exists but is not listed yet
        assertThat(fake.jobPosts()).as("POST /jobs while the job is not listed").isEqualTo(1);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).as("intent kept").hasSize(1);
        assertThat(decisionLog()).anyMatch(l -> l.contains("intent kept, NOT posted again"));

        Thread.sleep(4000);
        tick();
        assertThat(fake.jobPosts()).isEqualTo(1);
        assertThat(fake.jobs()).hasSize(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
    }

    /** Airbyte lists oldest first unless asked otherwise, 20 a page: the running sync must be asked for newest first. */
    @Test
    void a409FindsTheRunningSyncBehindMoreThanAPageOfOlderJobs() throws Exception {
        useFakeAirbyte();
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < 25; i++) {
            fake.addJob(CONNECTION, now.minus(java.time.Duration.ofHours(30 - i)), FakeAirbyte.Outcome.SUCCEEDED,
                    java.time.Duration.ofMinutes(5));
        }
        long running = fake.addJob(CONNECTION, now.minus(java.time.Duration.ofMinutes(10)), FakeAirbyte.Outcome.SUCCEEDED,
                java.time.Duration.ofDays(1));
        startOrders();
        tick();
        assertThat(fake.jobPosts()).isEqualTo(1);
        assertThat(query("SELECT job_id, reason FROM airbyte_sync.sync_job"))
                .containsExactly(Map.of("job_id", running, "reason", "external"));
        assertThat(decisionLog()).anyMatch(l -> l.contains("job " + running + " (running), started before this change"));
    }

    @Test
    void a429ToPostJobsIsNotResentTheNextTickReadsTheJobListFirst() throws Exception {
        startOrders(Map.of("airbyte.job.listing.grace.seconds", "0"));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429)).willSetStateTo("ok"));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(okJson(jobJson(101, "pending", null, null))));
        airbyte.stubFor(get(urlPathEqualTo(API + "/jobs")).willReturn(okJson("{\"data\": []}")));
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        tick();
        assertThat(jobPosts()).isEqualTo(2);
        airbyte.verify(1, getRequestedFor(urlPathEqualTo(API + "/jobs")));
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
    }

    @Test
    void aServerErrorToPostJobsThatLastsLeavesTheStateAloneAndIsNotResent() throws Exception {
        startOrders();
        Map<String, Object> before = syncedThenChanged();
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(502)));
        tick();

        assertThat(jobPosts()).isEqualTo(1);
        Map<String, Object> after = state("public.orders");
        assertThat(after.get("synced_cursor")).isEqualTo(before.get("synced_cursor"));
        assertThat(after.get("pending_job_id")).isNull();
        assertThat(after.get("last_decision")).isEqualTo("error");
        assertThat((String) after.get("last_error")).contains("502");
    }

    @Test
    void theStandInRefusesACallWithoutItsBearerToken() throws Exception {
        useFakeAirbyte();
        startOrders();
        tick();
        assertThat(fake.jobs()).as("the service's POST /jobs carried a token").hasSize(1);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (String authorization : new String[] {null, "Bearer made-up", "Basic Y2xpZW50OnNlY3JldA=="}) {
            for (String path : new String[] {"/jobs?connectionId=" + CONNECTION, "/jobs/101", "/connections/" + CONNECTION}) {
                java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(airbyte.baseUrl() + API + path)).GET();
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                assertThat(client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as("GET " + path + " with Authorization " + authorization).isEqualTo(401);
            }
        }
    }

    @Test
    void a400Or404IsNotRedelivered() throws Exception {
        startOrders(Map.of("airbyte.job.listing.grace.seconds", "0")); // the 400 below is posted at once
        Map<String, Object> before = syncedThenChanged();
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"status\":404,\"title\":\"resource-not-found\",\"detail\":\"Could not find connection\"}")));
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("synced_cursor")).isEqualTo(before.get("synced_cursor"));
        assertThat((String) state("public.orders").get("last_error")).contains("404");
        assertThat(allLog()).anyMatch(l -> l.contains("Airbyte answered 404 to POST /jobs, not retried")
                && l.contains("Could not find connection"));

        resetRequestsKeepingThemChecked();
        airbyte.stubFor(get(urlPathEqualTo(API + "/jobs")).willReturn(okJson("{\"data\": []}"))); // the 404 left an intent
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":400,\"title\":\"bad-request\"}")));
        tick();
        assertThat(jobPosts()).isEqualTo(1);
    }

    @Test
    void aFailingJobCheckIsRetriedOnTheNextPollAndTheJobStaysPending() throws Exception {
        startOrders();
        stubJobCreated(101);
        tick();
        airbyte.stubFor(get(urlEqualTo(API + "/jobs/101")).willReturn(aResponse().withStatus(404)));
        followJobs();
        airbyte.verify(1, getRequestedFor(urlEqualTo(API + "/jobs/101")));
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        stubJobStatus(101, "succeeded");
        followJobs();
        assertThat(state("public.orders").get("synced")).isEqualTo(true);
    }

    @Test
    void anUnreachableAirbyteIsRedeliveredThenTheTickFailsCleanly() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        startOrders(Map.of("airbyte.api.url", "http://127.0.0.1:" + closedPort + API));
        tick();
        assertThat(query("SELECT * FROM airbyte_sync.sync_job")).isEmpty();
        // with credentials the tick's first call is the token's: asked once, not redelivered (its back-off would hold
        // every call waiting for a token), and the tick fails at once with the reason
        assertThat(decisionLog()).anyMatch(l -> l.startsWith("orders-to-bigquery tick failed, state unchanged")
                && l.contains("Airbyte did not give a token (POST /applications/token: ") && l.contains("AIRBYTE_API_URL"));
    }

    @Test
    void aSlowPostJobsIsWaitedForAndNotResent() throws Exception {
        startOrders();
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        assertThat(http.getSoTimeout()).as("read timeout of Airbyte calls, ms").isGreaterThanOrEqualTo(120_000);
        assertThat(http.getResponseTimeout()).as("response timeout of Airbyte calls, ms").isGreaterThanOrEqualTo(120_000);
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(okJson(jobJson(101, "running", null, null))
                .withFixedDelay(3000)));
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
    }

    @Test
    void withCredentialsEveryCallCarriesABearerTokenThatIsRenewedBeforeItExpires() throws Exception {
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token")).inScenario("tokens").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"access_token\": \"token-one\", \"token_type\": \"Bearer\", \"expires_in\": 2}"))
                .willSetStateTo("second"));
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\": \"token-two\", \"token_type\": \"Bearer\", \"expires_in\": 900}")));
        startOrders(Map.of("airbyte.client.id", "client-1234", "airbyte.client.secret", "s3cr3t-value"));
        stubJobCreated(101);
        tick();
        airbyte.verify(postRequestedFor(urlEqualTo(API + "/jobs")).withHeader("Authorization", equalTo("Bearer token-one")));
        airbyte.verify(postRequestedFor(urlEqualTo(API + "/applications/token"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                        "{\"client_id\": \"client-1234\", \"client_secret\": \"s3cr3t-value\", \"grant_type\": \"client_credentials\"}")));

        Thread.sleep(1200); // token-one was valid for 2 s and is due for renewal after 1 s
        stubJobStatus(101, "running");
        followJobs(); // with token-one while it is valid; the renewal goes on beside the call
        AirbyteAuth auth = camel.getRegistry().lookupByNameAndType("airbyteAuth", AirbyteAuth.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> auth.token().equals("token-two"));
        followJobs();
        airbyte.verify(getRequestedFor(urlEqualTo(API + "/jobs/101")).withHeader("Authorization", equalTo("Bearer token-two")));
        airbyte.verify(2, postRequestedFor(urlEqualTo(API + "/applications/token")));
        assertThat(allLog()).noneMatch(l -> l.contains("s3cr3t-value") || l.contains("token-one") || l.contains("token-two"));
    }

    @Test
    void a401RenewsTheTokenOnceAndSendsAgain() throws Exception {
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token")).inScenario("tokens").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"access_token\": \"revoked\", \"token_type\": \"Bearer\", \"expires_in\": 900}"))
                .willSetStateTo("second"));
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\": \"fresh\", \"token_type\": \"Bearer\", \"expires_in\": 900}")));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401)));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).withHeader("Authorization", equalTo("Bearer fresh"))
                .willReturn(okJson(jobJson(101, "pending", null, null))));
        startOrders(Map.of("airbyte.client.id", "client-1234", "airbyte.client.secret", "s3cr3t-value"));
        tick();
        List<LoggedRequest> posts = airbyte.findAll(postRequestedFor(urlEqualTo(API + "/jobs")));
        assertThat(posts).extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer revoked", "Bearer fresh");
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
    }

    @Test
    void badCredentialsAreOneClearErrorNotALoop() throws Exception {
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token")).willReturn(aResponse().withStatus(401)));
        startOrders(Map.of("airbyte.client.id", "client-1234", "airbyte.client.secret", "wrong"));
        tick();
        airbyte.verify(1, postRequestedFor(urlEqualTo(API + "/applications/token")));
        assertThat(jobPosts()).isZero();
        assertThat(decisionLog()).anyMatch(l -> l.contains("tick failed") && l.contains("POST /applications/token: HTTP 401")
                && l.contains("AIRBYTE_CLIENT_SECRET"));
        assertThat(allLog()).noneMatch(l -> l.contains("wrong"));
    }

    @Test
    void anApiUrlWithATrailingSlashCallsTheRightPaths() throws Exception {
        startOrders(Map.of("airbyte.api.url", airbyte.baseUrl() + API + "/"));
        stubJobCreated(101);
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
    }

    // ---------------------------------------------------------------- following a job Airbyte cannot tell us about
}
