package io.pgairbytesync.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.pgairbytesync.airbyte.AirbyteJob;
import io.pgairbytesync.airbyte.JobStatus;
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
    void aSuccessWithNothingSyncedForADataChangeIsSuspiciousAndOnlyThen() {
        FollowedJob data = open("data", 10);
        followUp.seen(data, answer("succeeded", 0L, 0L));
        assertThat(data.isSuspicious()).isTrue();
        assertThat(data.isEnded()).isTrue();
        for (String[] c : new String[][] {{"first", "0"}, {"schema", "0"}, {"data", "1"}}) {
            FollowedJob job = open(c[0], 10);
            followUp.seen(job, answer("succeeded", Long.parseLong(c[1]), 0L));
            assertThat(job.isSuspicious()).as(c[0] + " " + c[1] + " rows").isFalse();
        }
        FollowedJob unknownCounts = open("data", 10);
        followUp.seen(unknownCounts, answer("succeeded", null, null));
        assertThat(unknownCounts.isSuspicious()).isFalse();
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
        assertThat(late.getStatusText()).isEqualTo("timed_out");
    }
}
