package io.pgairbytesync.act;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.pgairbytesync.airbyte.AirbyteJob;
import org.junit.jupiter.api.Test;

/** What Airbyte's job list means for a change we asked a sync for. */
class JobFinderTest {

    /** AIRBYTE_JOB_LISTING_GRACE_SECONDS=120, AIRBYTE_CLOCK_SKEW_MS=1000 (the default). */
    private final JobFinder finder = new JobFinder(120, Duration.ofMillis(1000));

    private static AirbyteJob job(long id, String status, String startTime) {
        return new AirbyteJob(id, status, "sync", startTime, "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11", null, null);
    }

    @Test
    void theNewestSyncCreatedAtOrAfterTheIntentIsOursWhateverItsStatus() {
        List<AirbyteJob> jobs = List.of(job(7, "succeeded", "2026-11-24T10:00:01Z"), job(8, "failed", "2026-11-24T10:00:05Z"),
                job(6, "running", "2026-11-24T09:59:59Z"));
        assertThat(finder.find(jobs, "2026-11-24T10:00:00.500000Z"))
                .isEqualTo(new JobFinder.Finding(JobFinder.FindingKind.OURS, 8L, "failed"));
        assertThat(finder.find(List.of(job(6, "running", "2026-11-24 10:00:01+00:00")), "2026-11-24T10:00:00.500000Z").kind())
                .isEqualTo(JobFinder.FindingKind.OURS);
    }

    @Test
    void aJobListedAsCreatedBeforeTheIntentMinusTheClockSkewIsNeverOurs() {
        // intent written at 10:00:02.250000 by the state database's clock; AIRBYTE_CLOCK_SKEW_MS=1000: from 10:00:01.250
        String intentAt = "2026-11-24T10:00:02.250000Z";
        // exactly at the intent minus the skew: ours; a microsecond before: not ours, just after: ours
        assertThat(finder.find(List.of(job(9, "succeeded", "2026-11-24T10:00:01.250Z")), intentAt).kind())
                .isEqualTo(JobFinder.FindingKind.OURS);
        assertThat(finder.find(List.of(job(9, "succeeded", "2026-11-24T10:00:01.249999Z")), intentAt).kind())
                .isEqualTo(JobFinder.FindingKind.NONE);
        assertThat(finder.find(List.of(job(9, "running", "2026-11-24T10:00:01.249999Z")), intentAt))
                .isEqualTo(new JobFinder.Finding(JobFinder.FindingKind.OTHER_RUNNING, 9L, "running"));
        assertThat(finder.find(List.of(job(9, "succeeded", "2026-11-24T10:00:01.250001Z")), intentAt).kind())
                .isEqualTo(JobFinder.FindingKind.OURS);
        // as Airbyte prints startTime (whole seconds, rounded down): 10:00:01 was created before 10:00:02, so before
        // the intent; it is not ours (the window used to open at the intent's second minus one: it was adopted)
        assertThat(finder.find(List.of(job(9, "succeeded", "2026-11-24T10:00:01Z")), intentAt).kind())
                .isEqualTo(JobFinder.FindingKind.NONE);
        // a job of the intent's own second may have been created just after it (our POST): ours
        assertThat(finder.find(List.of(job(9, "succeeded", "2026-11-24T10:00:02Z")), intentAt).kind())
                .isEqualTo(JobFinder.FindingKind.OURS);
        // the same boundaries for an intent of reconcile-intent
        assertThat(finder.findForIntent(List.of(job(9, "succeeded", "2026-11-24T10:00:01Z")), intentAt, 600).kind())
                .isEqualTo(JobFinder.FindingKind.NONE);
        assertThat(finder.findForIntent(List.of(job(9, "succeeded", "2026-11-24T10:00:02Z")), intentAt, 600).kind())
                .isEqualTo(JobFinder.FindingKind.OURS);
    }

    @Test
    void theClockSkewIsASetting() {
        JobFinder wider = new JobFinder(120, Duration.ofMillis(3000));
        String intentAt = "2026-11-24T10:00:02.250000Z"; // from 09:59:59.250
        assertThat(wider.find(List.of(job(9, "succeeded", "2026-11-24T09:59:59.250Z")), intentAt).kind())
                .isEqualTo(JobFinder.FindingKind.OURS);
        assertThat(wider.find(List.of(job(9, "succeeded", "2026-11-24T09:59:59Z")), intentAt).kind())
                .isEqualTo(JobFinder.FindingKind.NONE);
        assertThat(wider.earliestStart(intentAt)).isEqualTo(java.time.Instant.parse("2026-11-24T09:59:59.250Z"));
    }

    @Test
    void theListFilterAsksInWholeSecondsNeverLaterThanTheExactBound() {
        // Airbyte's filter compares its own (sub-second) creation time: rounded down, it never drops a job find() takes
        assertThat(finder.createdAtStart("2026-11-24T10:00:02.250000Z")).isEqualTo("2026-11-24T10:00:01Z");
        assertThat(finder.createdAtStart("2026-11-24T10:00:02.000000Z")).isEqualTo("2026-11-24T10:00:01Z");
        assertThat(new JobFinder(120, Duration.ofMillis(2500)).createdAtStart("2026-11-24T10:00:02.250000Z"))
                .isEqualTo("2026-11-24T09:59:59Z");
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
        assertThat(finder.find(jobs, "2026-11-24T10:00:00.000000Z")).isEqualTo(new JobFinder.Finding(JobFinder.FindingKind.NONE, null, null));
        assertThat(finder.find(List.of(), "2026-11-24T10:00:00.000000Z").kind()).isEqualTo(JobFinder.FindingKind.NONE);
    }

    @Test
    void anIntentWithoutAListedJobIsKeptWhileAPostForItMayStillBeListedLate() {
        List<AirbyteJob> older = List.of(job(3, "succeeded", "2026-11-24T08:00:00Z"));
        // within AIRBYTE_JOB_LISTING_GRACE_SECONDS (120 here): kept, whatever else the list holds
        assertThat(finder.findForIntent(older, "2026-11-24T10:00:00.000000Z", 0).kind()).isEqualTo(JobFinder.FindingKind.NOT_LISTED_YET);
        assertThat(finder.findForIntent(List.of(), "2026-11-24T10:00:00.000000Z", 119).kind())
                .isEqualTo(JobFinder.FindingKind.NOT_LISTED_YET);
        // then given up: the change is posted again
        assertThat(finder.findForIntent(older, "2026-11-24T10:00:00.000000Z", 120).kind()).isEqualTo(JobFinder.FindingKind.NONE);
        // a listed job is adopted at any age
        assertThat(finder.findForIntent(List.of(job(8, "failed", "2026-11-24T10:00:05Z")), "2026-11-24T10:00:00.000000Z", 0))
                .isEqualTo(new JobFinder.Finding(JobFinder.FindingKind.OURS, 8L, "failed"));
    }

    @Test
    void theListQueryAsksForTheConnectionsSyncsNewestFirst() {
        assertThat(JobFinder.listQuery("c1", null)).isEqualTo("connectionId=c1&jobType=sync&limit=20&orderBy=createdAt|DESC");
        assertThat(JobFinder.listQuery("c1", "2026-11-24T10:00:00Z"))
                .isEqualTo("connectionId=c1&jobType=sync&limit=20&createdAtStart=2026-11-24T10:00:00Z&orderBy=createdAt|DESC");
    }
}
