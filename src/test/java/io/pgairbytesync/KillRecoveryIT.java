package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import io.pgairbytesync.support.FakeAirbyte;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of the packaged jar before Airbyte made the job: after the probe, after the intent, and during POST /jobs with
 * the job ending while the service is down; then a restart (see {@link KillRecoveryTestBase}).
 */
class KillRecoveryIT extends KillRecoveryTestBase {

    @Test
    void killedAfterTheProbe() throws Exception {
        // the state tables exist already (as after an earlier run), and the one classify reads after the probe is locked
        installState();
        try (Connection lock = connect()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE airbyte_sync.sync_intent IN ACCESS EXCLUSIVE MODE");
            }
            start();
            await("probe done, classify waiting", () -> waitingOn("sync_intent"));
            assertThat(airbyte.jobs()).isEmpty();
            kill();
            lock.rollback();
        }
        restartAndCheck();
    }

    @Test
    void killedAfterTheIntentWasWritten() throws Exception {
        airbyte.delay("POST /applications/token", 60_000); // the first Airbyte call of the process: after the intent
        start();
        await("intent written, token asked for", () -> count("SELECT count(*) FROM airbyte_sync.sync_intent") == 1
                && airbyte.calls().stream().anyMatch(c -> c.endsWith("/applications/token")));
        assertThat(airbyte.jobs()).isEmpty();
        kill();
        airbyte.delay("POST /applications/token", 0);
        restartAndCheck();
    }

    @ParameterizedTest(name = "the job {0} while the service is down")
    @EnumSource(value = FakeAirbyte.Outcome.class, names = {"SUCCEEDED", "FAILED"})
    void killedWhilePostJobsIsInFlightAndTheJobEndsBeforeTheRestart(FakeAirbyte.Outcome outcome) throws Exception {
        airbyte.nextOutcomes(outcome);
        airbyte.runFor(Duration.ofSeconds(1));
        airbyte.delay("POST /jobs", 60_000);
        start();
        await("POST /jobs received", () -> !airbyte.jobs().isEmpty());
        kill();
        airbyte.delay("POST /jobs", 0);
        String ended = outcome.name().toLowerCase(java.util.Locale.ROOT);
        await("job 101 ended on Airbyte's clock while the service is down", () -> airbyte.jobs().get(0).status().equals(ended));

        start();
        await("job 101 adopted from the intent and recorded as " + ended, () -> count("SELECT count(*) FROM airbyte_sync.sync_job"
                + " WHERE job_id = 101 AND status = '" + ended + "' AND finished_at IS NOT NULL") == 1);
        assertThat(logContains("found job 101 (" + ended + ")")).as("adopted from the intent").isTrue();
        if (outcome == FakeAirbyte.Outcome.SUCCEEDED) {
            checkSyncedByOneJobThenALaterChangeByOneMore();
            return;
        }
        // a failed sync moved nothing; the change is posted once more, and synced by that job
        await("the change synced by a second job", () -> count("SELECT count(*) FROM airbyte_sync.sync_state WHERE synced"
                + " AND last_synced_job_id = 102 AND pending_job_id IS NULL") == 1);
        assertNothingMoreOverThreeTicks();
        assertThat(airbyte.jobPosts()).as("POST /jobs calls: the lost one, then one after the failure").isEqualTo(2);
        assertThat(airbyte.jobs()).extracting(FakeAirbyte.Job::id).containsExactly(101L, 102L);
        assertThat(count("SELECT count(*) FROM airbyte_sync.sync_job")).isEqualTo(2);
    }
}
