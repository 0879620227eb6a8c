package io.pgairbytesync.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.airbyte.AirbyteJob;
import io.pgairbytesync.airbyte.JobStatus;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** What one check of an open job means: ended or not, suspicious or not, overdue or not. */
class JobFollowUpTest {

    private final JobFollowUp followUp = new JobFollowUp(Duration.ofHours(12));

    private FollowedJob open(String reason, long ageSeconds) {
        return followUp.start(Map.of("job_id", 101L, "connection_id", "c", "route_id", "orders", "reason", reason,
                "age_seconds", ageSeconds));
    }

    private static AirbyteJob answer(String status, Long rows, Long bytes) {
        return new AirbyteJob(101L, status, "sync", "2026-11-24T10:00:00Z", "c", rows, bytes);
    }

    @Test
    void aSuccessWithNothingSyncedForADataChangeIsAnEmptySuccessAndOnlyThen() {
        FollowedJob data = open("data", 10);
        followUp.seen(data, answer("succeeded", 0L, 0L));
        assertThat(data.isEmptySuccess()).isTrue();
        assertThat(data.isSuspicious()).as("not before the state database said whether max(cursor) rose").isFalse();
        assertThat(data.isEnded()).isTrue();
        for (String[] c : new String[][] {{"first", "0"}, {"schema", "0"}, {"data", "1"}, {"external", "0"}}) {
            FollowedJob job = open(c[0], 10);
            followUp.seen(job, answer("succeeded", Long.parseLong(c[1]), 0L));
            assertThat(job.isEmptySuccess()).as(c[0] + " " + c[1] + " rows").isFalse();
        }
        FollowedJob unknownCounts = open("data", 10);
        followUp.seen(unknownCounts, answer("succeeded", null, null));
        assertThat(unknownCounts.isEmptySuccess()).isFalse();
    }

    @Test
    void anEmptySuccessAfterTheMaxRoseIsWithheldOnceThenAcceptedAndAfterTheMaxWentDownIsNotSuspicious() {
        FollowedJob first = open("data", 10);
        followUp.seen(first, answer("succeeded", 0L, 0L));
        followUp.weighEmptySuccess(first, Map.of("raised", true, "resync", false));
        assertThat(first.isSuspicious()).isTrue();
        assertThat(first.isWithheld()).isTrue();
        assertThat(first.getSuspiciousOutcome()).isEqualTo("withheld");

        FollowedJob resync = open("data", 10);
        followUp.seen(resync, answer("succeeded", 0L, 0L));
        followUp.weighEmptySuccess(resync, Map.of("raised", true, "resync", true));
        assertThat(resync.isSuspicious()).isTrue();
        assertThat(resync.isWithheld()).isFalse();
        assertThat(resync.isAccepted()).isTrue();

        for (boolean resyncing : new boolean[] {false, true}) {
            FollowedJob deletes = open("data", 10);
            followUp.seen(deletes, answer("succeeded", 0L, 0L));
            followUp.weighEmptySuccess(deletes, Map.of("raised", false, "resync", resyncing));
            assertThat(deletes.isSuspicious()).as("max went down, resync " + resyncing).isFalse();
            assertThat(deletes.getSuspiciousOutcome()).isNull();
        }
    }

    private static HttpOperationFailedException http(int code) {
        return new HttpOperationFailedException("http://airbyte/api/public/v1/jobs/101", code, "x", null, Map.of(), "{}");
    }

    @Test
    void aJobAnsweredWith404IsLostOnlyAfterEnoughReadsInARow() {
        for (int reads = 1; reads < JobFollowUp.LOST_AFTER_NOT_FOUND; reads++) {
            FollowedJob job = open("data", 10);
            followUp.unread(job, new org.apache.camel.CamelExecutionException("x", null, http(404)));
            assertThat(job.isNotFound()).isTrue();
            assertThat(job.isConfigurationError()).isFalse();
            followUp.notFoundCounted(job, List.of(Map.of("not_found_reads", reads)));
            assertThat(job.isEnded()).as(reads + " reads").isFalse();
        }
        FollowedJob job = open("data", 10);
        followUp.unread(job, http(404));
        followUp.notFoundCounted(job, List.of(Map.of("not_found_reads", JobFollowUp.LOST_AFTER_NOT_FOUND)));
        assertThat(job.isEnded()).isTrue();
        assertThat(job.isLost()).isTrue();
        assertThat(job.getStatusText()).isEqualTo("lost");
        assertThat(job.getNotFoundReads()).isEqualTo(JobFollowUp.LOST_AFTER_NOT_FOUND);

        FollowedJob finishedMeanwhile = open("data", 10);
        followUp.unread(finishedMeanwhile, http(404));
        followUp.notFoundCounted(finishedMeanwhile, List.of());
        assertThat(finishedMeanwhile.isEnded()).isFalse();
    }

    @Test
    void a403OrAnAnswerThatIsNotJsonIsAConfigurationErrorNamingTheCallAndAFiveHundredIsNot() throws Exception {
        FollowedJob forbidden = open("data", 10);
        followUp.unread(forbidden, http(403));
        assertThat(forbidden.isConfigurationError()).isTrue();
        assertThat(forbidden.isNotFound()).isFalse();
        assertThat(forbidden.getReadFailure()).startsWith("Airbyte answered 403 to GET /jobs/101").contains("Fix:");

        FollowedJob garbled = open("data", 10);
        Exception notJson;
        try {
            new io.pgairbytesync.airbyte.AirbyteAnswers().job("<html>gateway</html>");
            throw new AssertionError("parsed");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            notJson = e;
        }
        followUp.unread(garbled, notJson);
        assertThat(garbled.isConfigurationError()).isTrue();
        assertThat(garbled.getReadFailure()).contains("GET /jobs/101").contains("AIRBYTE_API_URL");

        FollowedJob down = open("data", 10);
        followUp.unread(down, http(503));
        assertThat(down.isConfigurationError()).isFalse();
        assertThat(down.getReadFailure()).isNotNull();
        assertThat(down.isEnded()).isFalse();

        followUp.seen(down, answer("running", null, null));
        assertThat(down.getReadFailure()).as("a read that worked clears the failure").isNull();
    }

    @Test
    void onlySucceededFailedAndCancelledEndAJob() {
        for (JobStatus s : JobStatus.values()) {
            FollowedJob job = open("data", 10);
            followUp.seen(job, answer(s.label(), null, null));
            assertThat(job.isEnded()).as(s.label()).isEqualTo(s == JobStatus.SUCCEEDED || s == JobStatus.FAILED
                    || s == JobStatus.CANCELLED);
            assertThat(job.getStatusText()).isEqualTo(s.label());
        }
    }

    @Test
    void aJobOpenLongerThanTheTimeoutIsOverdueAndEndsTimedOut() {
        assertThat(open("data", 12 * 3600).isOverdue()).isFalse();
        FollowedJob late = open("external", 12 * 3600 + 1);
        assertThat(late.isOverdue()).isTrue();
        assertThat(late.isExternal()).isTrue();
        followUp.timeOut(late);
        assertThat(late.isEnded()).isTrue();
        assertThat(late.isTimedOut()).isTrue();
        assertThat(late.getStatusText()).isEqualTo("timed_out");
    }
}
