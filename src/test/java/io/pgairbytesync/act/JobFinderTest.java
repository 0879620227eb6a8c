package io.pgairbytesync.act;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pgairbytesync.airbyte.AirbyteJob;
import org.junit.jupiter.api.Test;

/** What Airbyte's job list means for a change we asked a sync for. */
class JobFinderTest {

    private final JobFinder finder = new JobFinder(120);

    private static AirbyteJob job(long id, String status, String startTime) {
        return new AirbyteJob(id, status, "sync", startTime, "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11", null, null);
    }

    @Test
    void theNewestSyncCreatedAtOrAfterTheIntentIsOursWhateverItsStatus() {
        List<AirbyteJob> jobs = List.of(job(7, "succeeded", "2026-11-24T10:00:00Z"), job(8, "failed", "2026-11-24T10:00:05Z"),
                job(6, "running", "2026-11-24T09:59:59Z"));
        assertThat(finder.find(jobs, "2026-11-24T10:00:00Z"))
                .isEqualTo(new JobFinder.Finding(JobFinder.FindingKind.OURS, 8L, "failed"));
        // the boundary: created exactly at the intent's time counts, one second earlier does not
        assertThat(finder.find(List.of(job(6, "running", "2026-11-24T09:59:59Z")), "2026-11-24T10:00:00Z").kind())
                .isEqualTo(JobFinder.FindingKind.OTHER_RUNNING);
        assertThat(finder.find(List.of(job(6, "running", "2026-11-24 10:00:00+00:00")), "2026-11-24T10:00:00Z").kind())
                .isEqualTo(JobFinder.FindingKind.OURS);
    }

    @Test
    void withoutOursAJobStillRunningIsWaitedForIncludingStatusesThisVersionDoesNotKnow() {
        assertThat(finder.find(List.of(job(5, "incomplete", "2026-11-24T09:00:00Z"), job(4, "succeeded", "2026-11-24T08:00:00Z")),
                null)).isEqualTo(new JobFinder.Finding(JobFinder.FindingKind.OTHER_RUNNING, 5L, "incomplete"));
        assertThat(finder.find(List.of(job(9, "some_future_status", "2026-11-24T09:00:00Z")), null).kind())
                .isEqualTo(JobFinder.FindingKind.OTHER_RUNNING);
    }

    @Test
    void finishedJobsOtherTypesAndJobsWithoutAnIdAreNone() {
        List<AirbyteJob> jobs = List.of(job(3, "succeeded", "2026-11-24T08:00:00Z"), job(2, "cancelled", "2026-11-24T07:00:00Z"),
                new AirbyteJob(11L, "running", "reset", "2026-11-24T11:00:00Z", "c", null, null),
                new AirbyteJob(null, "running", "sync", "2026-11-24T11:00:00Z", "c", null, null));
        assertThat(finder.find(jobs, "2026-11-24T10:00:00Z")).isEqualTo(new JobFinder.Finding(JobFinder.FindingKind.NONE, null, null));
        assertThat(finder.find(List.of(), "2026-11-24T10:00:00Z").kind()).isEqualTo(JobFinder.FindingKind.NONE);
    }

    @Test
    void anIntentWithoutAListedJobIsKeptWhileAPostForItMayStillBeListedLate() {
        List<AirbyteJob> older = List.of(job(3, "succeeded", "2026-11-24T08:00:00Z"));
        // within AIRBYTE_JOB_LISTING_GRACE_SECONDS (120 here): kept, whatever else the list holds
        assertThat(finder.findForIntent(older, "2026-11-24T10:00:00Z", 0).kind()).isEqualTo(JobFinder.FindingKind.NOT_LISTED_YET);
        assertThat(finder.findForIntent(List.of(), "2026-11-24T10:00:00Z", 119).kind())
                .isEqualTo(JobFinder.FindingKind.NOT_LISTED_YET);
        // then given up: the change is posted again
        assertThat(finder.findForIntent(older, "2026-11-24T10:00:00Z", 120).kind()).isEqualTo(JobFinder.FindingKind.NONE);
        // a listed job is adopted at any age
        assertThat(finder.findForIntent(List.of(job(8, "failed", "2026-11-24T10:00:05Z")), "2026-11-24T10:00:00Z", 0))
                .isEqualTo(new JobFinder.Finding(JobFinder.FindingKind.OURS, 8L, "failed"));
    }

    @Test
    void theListQueryAsksForTheConnectionsSyncsNewestFirst() {
        assertThat(JobFinder.listQuery("c1", null)).isEqualTo("connectionId=c1&jobType=sync&limit=20&orderBy=createdAt|DESC");
        assertThat(JobFinder.listQuery("c1", "2026-11-24T10:00:00Z"))
                .isEqualTo("connectionId=c1&jobType=sync&limit=20&createdAtStart=2026-11-24T10:00:00Z&orderBy=createdAt|DESC");
    }
}
