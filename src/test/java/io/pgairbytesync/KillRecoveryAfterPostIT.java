package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * kill -9 of the packaged jar from POST /jobs in flight on: before its answer, after it but before the job is stored,
 * while following the job, and between its success and the state update; then a restart (see {@link KillRecoveryTestBase}).
 */
class KillRecoveryAfterPostIT extends KillRecoveryTestBase {

    @Test
    void killedWhilePostJobsIsInFlight() throws Exception {
        airbyte.delay("POST /jobs", 60_000);
        start();
        await("POST /jobs received", () -> !airbyte.jobs().isEmpty());
        kill();
        airbyte.delay("POST /jobs", 0);
        restartAndCheck();
    }

    @Test
    void killedAfterPostJobsAnsweredBeforeTheJobWasStored() throws Exception {
        installState();
        slowTrigger("BEFORE INSERT ON airbyte_sync.sync_job");
        start();
        await("POST /jobs answered, recording it", () -> !airbyte.jobs().isEmpty() && waitingOn("sync_job"));
        kill();
        dropSlowTrigger("airbyte_sync.sync_job");
        assertThat(count("SELECT count(*) FROM airbyte_sync.sync_job")).isZero();
        restartAndCheck();
    }

    @Test
    void killedWhileFollowingTheJob() throws Exception {
        airbyte.runFor(Duration.ofSeconds(1));
        airbyte.delay("GET /jobs/{id}", 60_000);
        start();
        await("GET /jobs/{id} in flight", () -> airbyte.calls().stream().anyMatch(c -> c.matches("GET .*/jobs/\\d+")));
        kill();
        airbyte.delay("GET /jobs/{id}", 0);
        restartAndCheck();
    }

    @Test
    void killedBetweenTheSuccessAnswerAndTheStateUpdate() throws Exception {
        airbyte.runFor(Duration.ofSeconds(3));
        start();
        await("job recorded", () -> count("SELECT count(*) FROM airbyte_sync.sync_job") == 1);
        slowTrigger("BEFORE UPDATE ON airbyte_sync.sync_job");
        await("success being recorded", () -> waitingOn("sync_job"));
        kill();
        dropSlowTrigger("airbyte_sync.sync_job");
        assertThat(count("SELECT count(*) FROM airbyte_sync.sync_state WHERE synced")).isZero();
        restartAndCheck();
    }
}
