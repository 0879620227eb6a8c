package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.pgairbytesync.support.FakeAirbyte;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Following a job Airbyte answers badly about: a job it no longer knows (404), one it will not show (403, an answer
 * that is not JSON), one that ends just before its cancel, and a sync someone else started that runs past
 * AIRBYTE_JOB_TIMEOUT. None may block its connection, and none may be given up while it still covers a change.
 */
class JobFollowUpIT extends OrchestratorTestBase {

    @BeforeEach
    void orders() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
    }

    private void startOrders() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
    }


    /** The job was created longer ago than AIRBYTE_JOB_TIMEOUT (12 h by default). */
    private void overdue(long jobId) throws Exception {
        sql("UPDATE airbyte_sync.sync_job SET created_at = now() - interval '13 hours' WHERE job_id = " + jobId);
    }

    private Object jobStatus(long jobId) throws Exception {
        return scalar("SELECT status FROM airbyte_sync.sync_job WHERE job_id = " + jobId);
    }

    @Test
    void aJobAirbyteNoLongerKnowsIsRecordedLostAfterFive404sInARowEvenAcrossARestartAndTheChangeIsSyncedAgain() throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        startOrders();
        tick();
        fake.forget(101); // Airbyte reinstalled: the job is gone
        for (int i = 1; i <= 3; i++) {
            followJobs();
        }
        assertThat(scalar("SELECT not_found_reads FROM airbyte_sync.sync_job WHERE job_id = 101")).isEqualTo(3);
        stopService(); // the count survives a restart
        startOrders();
        followJobs();
        tick();
        assertThat(jobStatus(101)).as("still followed after 4 reads").isEqualTo("running");
        assertThat(decisionLog()).anyMatch(l -> l.contains("job-in-flight job 101"));
        assertThat(fake.jobPosts()).isEqualTo(1);

        followJobs(); // the fifth 404 in a row
        assertThat(jobStatus(101)).isEqualTo("lost");
        assertThat(state("public.orders").get("pending_job_id")).isNull();
        assertThat(decisionLog()).anyMatch(l -> l.contains("job 101 is lost: Airbyte answered 404 to GET /jobs/101 5 times in a row"));
        assertThat(alertsSent()).hasSize(1).allMatch(a -> a.contains("Airbyte job 101 is lost"));
        assertThat(fake.calls().stream().filter(c -> c.equals("GET /api/public/v1/jobs/101"))).hasSize(5);

        tick(); // synced again
        assertThat(fake.jobPosts()).isEqualTo(2);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(102L);
        followJobs();
        assertThat(alertsSent()).hasSize(1);
    }

    @ParameterizedTest(name = "GET /jobs/101 answered {0}")
    @ValueSource(strings = {"403", "not JSON", "404"})
    void aJobThatCannotBeReadIsStillTimedOutAndTheChangeSyncedAgain(String answer) throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        startOrders();
        tick();
        switch (answer) {
            case "403" -> airbyte.stubFor(get(urlEqualTo(API + "/jobs/101")).willReturn(aResponse().withStatus(403)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"status\":403,\"title\":\"forbidden\",\"detail\":\"Forbidden\"}")));
            case "not JSON" -> airbyte.stubFor(get(urlEqualTo(API + "/jobs/101")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "text/html").withBody("<html><body>Airbyte is starting</body></html>")));
            // (its answers are taken out of the spec check at the end: the spec does not allow them, which is the point)
            default -> fake.forget(101);
        }
        followJobs();
        followJobs();
        assertThat(jobStatus(101)).as("not finished by a read that failed").isEqualTo("running");
        airbyte.verify(2, getRequestedFor(urlEqualTo(API + "/jobs/101"))); // one read a poll, never redelivered
        if (!answer.equals("404")) { // a configuration error: named, alerted once
            assertThat(alertsSent()).hasSize(1).allMatch(a -> a.contains("cannot read Airbyte job 101")
                    && a.contains(answer.equals("403") ? "Airbyte answered 403 to GET /jobs/101" : "AIRBYTE_API_URL"));
        }

        overdue(101);
        followJobs();
        assertThat(jobStatus(101)).isEqualTo("timed_out");
        assertThat(state("public.orders").get("pending_job_id")).isNull();
        assertThat(fake.calls()).contains("DELETE /api/public/v1/jobs/101");
        assertThat(decisionLog()).anyMatch(l -> l.contains("job 101 still not finished after AIRBYTE_JOB_TIMEOUT"));

        tick(); // the connection is not blocked: the change is synced again
        assertThat(fake.jobPosts()).isEqualTo(2);
        assertThat(decisionLog()).noneMatch(l -> l.contains("job-in-flight"));
        if (answer.equals("not JSON")) { // a gateway's page, on purpose not what the spec allows Airbyte to answer
            airbyte.removeServeEventsMatching(getRequestedFor(urlEqualTo(API + "/jobs/101")).build());
        }
    }

    @Test
    void anOverdueJobThatEndsJustBeforeItsCancelIsRecordedAsItEndedAndItsSuccessAdvancesTheState() throws Exception {
        useFakeAirbyte();
        fake.holdRunning();
        startOrders();
        tick();
        overdue(101);
        fake.finishBeforeCancel(101, "succeeded"); // DELETE /jobs/101 then answers 409: not running any more
        followJobs();
        assertThat(fake.calls().stream().filter(c -> c.contains("/jobs/101"))).containsExactly(
                "GET /api/public/v1/jobs/101", "DELETE /api/public/v1/jobs/101", "GET /api/public/v1/jobs/101");
        assertThat(jobStatus(101)).isEqualTo("succeeded");
        assertThat(state("public.orders").get("synced")).isEqualTo(true);
        assertThat(state("public.orders").get("last_synced_job_id")).isEqualTo(101L);
        assertThat(decisionLog()).anyMatch(l -> l.contains("job 101 succeeded (10 rows, 100 bytes): synced state advanced"))
                .noneMatch(l -> l.contains("timed out"));
        tick();
        assertThat(fake.jobPosts()).isEqualTo(1);
    }

    @Test
    void anOverdueJobSomeoneElseStartedIsWaitedForNeverPostedAgainstAndAlertedOnce() throws Exception {
        useFakeAirbyte();
        long external = fake.addJob(CONNECTION, java.time.Instant.now().minus(java.time.Duration.ofMinutes(10)),
                FakeAirbyte.Outcome.SUCCEEDED, java.time.Duration.ofDays(1));
        startOrders();
        tick(); // 409: the sync someone else started is waited for
        assertThat(query("SELECT reason FROM airbyte_sync.sync_job WHERE job_id = " + external)).hasSize(1);
        overdue(external);
        for (int i = 0; i < 3; i++) {
            followJobs();
            tick();
        }
        assertThat(fake.jobPosts()).as("POST /jobs against the running job").isEqualTo(1);
        assertThat(fake.calls()).noneMatch(c -> c.startsWith("DELETE"));
        assertThat(jobStatus(external)).isEqualTo("running");
        assertThat(decisionLog().stream().filter(l -> l.contains("job-in-flight job " + external))).hasSize(3);
        assertThat(alertsSent()).hasSize(1).allMatch(a -> a.contains("Airbyte job " + external + ", started outside this service,"
                + " is still running after AIRBYTE_JOB_TIMEOUT"));

        fake.finish(external, "succeeded");
        followJobs();
        assertThat(jobStatus(external)).isEqualTo("succeeded");
        assertThat(alertsSent()).hasSize(2).last().asString().contains("RECOVERED");
        tick(); // now the change is synced
        assertThat(fake.jobPosts()).isEqualTo(2);
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(fake.jobs().get(fake.jobs().size() - 1).id());
    }
}
