package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue #3: one sync per change across timeouts, 409s, crashes (an intent left behind) and stuck jobs. */
class ExactlyOnceIT extends OrchestratorTestBase {

    @BeforeEach
    void orders() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
    }

    private void startOrders(Map<String, String> extra) throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"), extra);
    }

    private static String job(long id, String status, Instant started) {
        return jobJson(id, status, null, null).replace("2026-11-24T10:00:00Z", started.toString());
    }

    private static void stubJobList(String... jobs) {
        airbyte.stubFor(get(urlPathEqualTo(API + "/jobs")).willReturn(okJson("{\"data\": [" + String.join(", ", jobs) + "]}")));
    }

    @Test
    void aPostThatTimesOutIsNotResentAndItsJobIsAdoptedOnTheNextTick() throws Exception {
        startOrders(Map.of("camel.component.http.soTimeout", "1000", "camel.component.http.responseTimeout", "1000"));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(okJson(jobJson(101, "running", null, null)).withFixedDelay(3000)));
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).hasSize(1);
        assertThat(allLog()).anyMatch(l -> l.contains("POST /jobs failed after it was sent") && l.contains("not resent"));

        // Airbyte created job 101 after all: the next tick finds it instead of posting again
        stubJobList(job(101, "running", Instant.now()));
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        airbyte.verify(getRequestedFor(urlPathEqualTo(API + "/jobs")).withQueryParam("connectionId", WireMock.equalTo(CONNECTION))
                .withQueryParam("createdAtStart", WireMock.matching("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .withQueryParam("orderBy", WireMock.equalTo("createdAt|DESC")));
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
        assertThat(decisionLog()).anyMatch(l -> l.contains("found job 101") && l.contains("adopted instead of posting again"));
        stubJobStatus(101, "succeeded");
        followJobs();
        assertThat(state("public.orders").get("synced_cursor")).isEqualTo("2026-11-24T10:00:00.000000Z");
    }

    @Test
    void anIntentWhoseJobNeverArrivedIsDroppedAndTheChangeIsPostedOnce() throws Exception {
        startOrders(Map.of());
        sql("INSERT INTO airbyte_sync.sync_intent (connection_id, route_id, created_at, reason, decision, table_names, tables_json)"
                + " VALUES ('" + CONNECTION + "', 'orders-to-bigquery', now() - interval '5 minutes', 'first', 'data-changed',"
                + " 'public.orders', '[]')");
        // the intent is older than AIRBYTE_JOB_LISTING_GRACE_SECONDS (120 s): a job it made would be listed by now
        stubJobList(job(77, "succeeded", Instant.now().minus(1, ChronoUnit.HOURS))); // older than the intent: not ours
        stubJobCreated(101);
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
        assertThat(decisionLog()).anyMatch(l -> l.contains("the earlier POST /jobs never arrived"));
    }

    @Test
    void theIntentIsWrittenBeforeThePostAndGoneAfterTheJobIsRecorded() throws Exception {
        // no listing grace: the next tick may post as soon as the list shows no job (AirbyteErrorsIT covers the grace)
        startOrders(Map.of("airbyte.job.listing.grace.seconds", "0"));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(500)));
        tick();
        // the POST failed: Airbyte may or may not have the job, so the intent stays for the next tick to check
        assertThat(query("SELECT decision, reason, table_names FROM airbyte_sync.sync_intent"))
                .containsExactly(Map.of("decision", "data-changed", "reason", "first", "table_names", "public.orders"));
        stubJobList();
        stubJobCreated(101);
        tick();
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
    }

    @Test
    void a409WithAJobCreatedAfterOurIntentAdoptsIt() throws Exception {
        startOrders(Map.of());
        stubSyncAlreadyRunning();
        stubJobList(job(120, "running", Instant.now().plusSeconds(5)), job(90, "succeeded", Instant.now().minus(2, ChronoUnit.HOURS)));
        tick();
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(120L);
        assertThat(scalar("SELECT reason FROM airbyte_sync.sync_job WHERE job_id = 120")).isEqualTo("first");
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
    }

    @Test
    void aJobListedAsCreatedBeforeTheIntentIsNotAdoptedForIt() throws Exception {
        startOrders(Map.of());
        // an intent left behind (older than the listing grace), written at half past a second
        Instant intentAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).plusMillis(500);
        sql("INSERT INTO airbyte_sync.sync_intent (connection_id, route_id, created_at, reason, decision, table_names, tables_json)"
                + " VALUES ('" + CONNECTION + "', 'orders-to-bigquery', '" + intentAt + "', 'first', 'data-changed',"
                + " 'public.orders', '[]')");
        // a sync someone started in the second before (Airbyte prints startTime in whole seconds, rounded down): created
        // before the intent, so it may have read the table before the change; it succeeded. The window used to open at
        // the intent's second minus one (with any status), and adopted it: the change was marked synced by that job.
        stubJobList(job(77, "succeeded", intentAt.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1)));
        stubJobCreated(101);
        tick();
        assertThat(jobPosts()).as("the change is posted: job 77 does not cover it").isEqualTo(1);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        assertThat(query("SELECT job_id FROM airbyte_sync.sync_job")).containsExactly(Map.of("job_id", 101L));
        assertThat(decisionLog()).noneMatch(l -> l.contains("found job 77"));
        // the list was asked from the intent's time minus AIRBYTE_CLOCK_SKEW_MS (1 s), in whole seconds
        airbyte.verify(getRequestedFor(urlPathEqualTo(API + "/jobs")).withQueryParam("createdAtStart",
                WireMock.equalTo(intentAt.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1).toString())));
    }

    @Test
    void a409WithAJobCreatedTheSecondBeforeOurIntentWaitsForIt() throws Exception {
        startOrders(Map.of());
        stubSyncAlreadyRunning();
        // the intent is written during the tick, after this: a job of the second before was created before it
        stubJobList(job(98, "running", Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1)));
        tick();
        assertThat(scalar("SELECT reason FROM airbyte_sync.sync_job WHERE job_id = 98")).isEqualTo("external");
        assertThat(query("SELECT * FROM airbyte_sync.sync_state")).as("nothing pending: job 98 may have missed the change").isEmpty();
    }

    @Test
    void a409WithAnOlderRunningJobWaitsForItThenReEvaluates() throws Exception {
        startOrders(Map.of());
        stubSyncAlreadyRunning();
        stubJobList(job(99, "running", Instant.now().minus(10, ChronoUnit.MINUTES)));
        tick();
        assertThat(scalar("SELECT reason FROM airbyte_sync.sync_job WHERE job_id = 99")).isEqualTo("external");
        assertThat(query("SELECT * FROM airbyte_sync.sync_state")).isEmpty(); // nothing pending: it may have missed the change
        assertThat(decisionLog()).anyMatch(l -> l.contains("job 99 (running), started before this change, is running"));

        tick(); // still running: waited for, not posted again
        assertThat(jobPosts()).isEqualTo(1);
        stubJobStatus(99, "succeeded");
        followJobs();
        assertThat(query("SELECT * FROM airbyte_sync.sync_state")).isEmpty();

        stubJobCreated(101);
        tick();
        assertThat(jobPosts()).isEqualTo(2);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
    }

    @Test
    void a409ForAnInactiveConnectionIsOneClearErrorPerTick() throws Exception {
        startOrders(Map.of());
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"status\":409,\"title\":\"state-conflict\",\"detail\":\"Could not fulfill request\"}")));
        stubJobList();
        stubConnection("propagate_columns", "inactive");
        tick();
        tick();
        assertThat(jobPosts()).isEqualTo(2);
        assertThat(decisionLog()).filteredOn(l -> l.contains("tick failed")).hasSize(2)
                .allMatch(l -> l.contains("Airbyte connection " + CONNECTION + " is inactive and refuses syncs")
                        && l.contains("Fix: enable the connection in the Airbyte UI"));
        assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).isEmpty();
    }

    @Test
    void aJobRunningLongerThanTheTimeoutIsCancelledAndTheStateKept() throws Exception {
        startOrders(Map.of("airbyte.job.timeout", "PT1S"));
        stubJobCreated(101);
        tick();
        stubJobStatus(101, "running");
        airbyte.stubFor(delete(urlEqualTo(API + "/jobs/101")).willReturn(okJson(jobJson(101, "cancelled", null, null))));
        Thread.sleep(2100);
        followJobs();
        airbyte.verify(1, deleteRequestedFor(urlEqualTo(API + "/jobs/101")));
        assertThat(scalar("SELECT status FROM airbyte_sync.sync_job WHERE job_id = 101")).isEqualTo("timed_out");
        Map<String, Object> row = state("public.orders");
        assertThat(row.get("pending_job_id")).isNull();
        assertThat(row.get("synced")).isEqualTo(false);
        assertThat(decisionLog()).anyMatch(l -> l.contains("job 101 still not finished after AIRBYTE_JOB_TIMEOUT (PT1S): cancelled"));
    }

    @Test
    void aSuccessWithNothingSyncedAfterADataChangeIsFlaggedSuspicious() throws Exception {
        startOrders(Map.of());
        syncFirst(101);
        sql("UPDATE orders SET updated_at = '2026-11-25 00:00:00+00'");
        stubJobCreated(102);
        tick();
        airbyte.stubFor(get(urlEqualTo(API + "/jobs/102")).willReturn(okJson(jobJson(102, "succeeded", 0L, 0L))));
        followJobs();
        assertThat(scalar("SELECT suspicious FROM airbyte_sync.sync_job WHERE job_id = 102")).isEqualTo(true);
        assertThat(scalar("SELECT suspicious FROM airbyte_sync.sync_job WHERE job_id = 101")).isEqualTo(false);
        assertThat(events()).anyMatch(e -> e.getLevel().toString().equals("WARN")
                && e.getFormattedMessage().contains("job 102 is SUSPICIOUS"));
    }

    @Test
    void ticksOfOneConnectionNeverOverlap() throws Exception {
        startOrders(Map.of());
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(okJson(jobJson(101, "pending", null, null)).withFixedDelay(1500)));
        var scheduler = camel.getComponent("quartz", org.apache.camel.component.quartz.QuartzComponent.class).getScheduler();
        int before = ticks.done("orders-to-bigquery");
        scheduler.triggerJob(org.quartz.JobKey.jobKey(CONNECTION, "pg-airbyte-sync"));
        Thread.sleep(300);
        // fired while the first tick waits for POST /jobs: runs after it, and sees the job in flight
        scheduler.triggerJob(org.quartz.JobKey.jobKey(CONNECTION, "pg-airbyte-sync"));
        long deadline = System.currentTimeMillis() + 20_000;
        while (ticks.done("orders-to-bigquery") < before + 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ticks.done("orders-to-bigquery")).isEqualTo(before + 2);
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(decisionLog()).anyMatch(l -> l.contains("job-in-flight job 101"));
    }

    @Test
    void afterAPauseQuartzFiresOnceNotOncePerMissedSlot() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders").replace(NEVER, "* * * * * ?"));
        stubJobCreated(101);
        var scheduler = camel.getComponent("quartz", org.apache.camel.component.quartz.QuartzComponent.class).getScheduler();
        org.quartz.Trigger trigger = scheduler.getTriggersOfJob(org.quartz.JobKey.jobKey(CONNECTION, "pg-airbyte-sync")).get(0);
        assertThat(trigger.getMisfireInstruction()).as("the trigger's misfire instruction")
                .isEqualTo(org.quartz.CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
        // each fire with the slot it was for (the scheduled fire time), however late the machine runs it
        List<Long> slots = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        scheduler.getListenerManager().addJobListener(new org.quartz.listeners.JobListenerSupport() {
            @Override
            public String getName() {
                return "slots";
            }

            @Override
            public void jobToBeExecuted(org.quartz.JobExecutionContext context) {
                if (context.getTrigger().getKey().equals(trigger.getKey())) {
                    slots.add(context.getScheduledFireTime().getTime());
                }
            }
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> slots.size() >= 2);
        scheduler.standby(); // as if the process were frozen for 8 s
        long frozenAt = System.currentTimeMillis();
        Thread.sleep(8000); // the pause itself: eight one-second slots pass
        long resumedAt = System.currentTimeMillis();
        int before = slots.size();
        scheduler.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> slots.size() >= before + 2);
        List<Long> after = List.copyOf(slots).subList(before, before + 2);
        // misfire 'do nothing': the missed slots are skipped, the schedule goes on at the next slot after the pause
        assertThat(after).as("slots fired after a pause of %d ms that ended at %d", resumedAt - frozenAt, resumedAt)
                .allMatch(slot -> slot >= resumedAt - 1000);
        assertThat(after.get(1) - after.get(0)).as("then one slot a second").isEqualTo(1000L);
    }

    @Test
    void aPostJobsWhoseAnswerBreaksIsNotResent() throws Exception {
        // no listing grace: the second fault's tick may post as soon as the list shows no job of the first
        startOrders(Map.of("airbyte.job.listing.grace.seconds", "0"));
        for (com.github.tomakehurst.wiremock.http.Fault fault : new com.github.tomakehurst.wiremock.http.Fault[] {
                com.github.tomakehurst.wiremock.http.Fault.MALFORMED_RESPONSE_CHUNK,
                com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER}) {
            resetAllKeepingRequestsChecked();
            stubJobList();
            airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withFault(fault)));
            tick();
            assertThat(jobPosts()).as("POSTs with " + fault).isEqualTo(1);
            assertThat(query("SELECT * FROM airbyte_sync.sync_intent")).as("intent kept after " + fault).hasSize(1);
        }
    }
}
