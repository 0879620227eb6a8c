package io.pgairbytesync.act;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.pgairbytesync.airbyte.AirbyteConnection;
import io.pgairbytesync.airbyte.AirbyteJob;
import io.pgairbytesync.airbyte.AirbyteJobList;
import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Reads Airbyte's job list ({@code GET /jobs?connectionId=..}) to settle what happened to a sync we asked for:
 * after a crash or a timeout (an intent without a job id) and after a 409 (bean {@code jobFinder}).
 */
public class JobFinder {

    /** What the job list says of our change. */
    public enum FindingKind {
        /**
         * A sync created since our intent (allowing AIRBYTE_CLOCK_SKEW_MS): it read the source after our probe, so it
         * covers our change.
         */
        OURS,
        /** A sync that started before our intent is still running: it may have missed our change. */
        OTHER_RUNNING,
        /**
         * No sync since our intent is listed, but the intent is younger than AIRBYTE_JOB_LISTING_GRACE_SECONDS: a
         * POST /jobs sent for it may still have made a job that Airbyte lists only later (the call can block ~81 s
         * before the job is listed). Posting again now could start a second sync, so the intent is kept.
         */
        NOT_LISTED_YET,
        /** Neither. */
        NONE
    }

    /** What the job list says for a connection, given the time of our intent. */
    public record Finding(FindingKind kind, Long jobId, String status) {
    }

    private final long listingGraceSeconds;
    private final Duration clockSkew;

    /**
     * @param listingGraceSeconds AIRBYTE_JOB_LISTING_GRACE_SECONDS: how long an intent without a listed job is kept
     * @param clockSkew           AIRBYTE_CLOCK_SKEW_MS: how much earlier than the intent a job's startTime may be and
     *                            the job still count as ours (Airbyte's whole-second startTime and its clock)
     */
    public JobFinder(long listingGraceSeconds, Duration clockSkew) {
        this.listingGraceSeconds = listingGraceSeconds;
        this.clockSkew = clockSkew;
    }

    /** After a 409: the connection's recent sync jobs, newest first. */
    public void listRecent(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        tick.setJobListQuery(listQuery(tick.getConnectionId(), null));
    }

    /** For an intent an earlier tick left: the sync jobs that may have been created since it. */
    public void listSinceIntent(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        tick.setIntentAt(tick.getDecision().intent().at());
        tick.setJobListQuery(listQuery(tick.getConnectionId(), createdAtStart(tick.getIntentAt())));
    }

    /**
     * Query string of the job list: the connection's sync jobs, newest first, only those created since
     * {@code createdAtStart} when given (after a crash), all recent ones otherwise (after a 409).
     */
    public static String listQuery(String connectionId, String createdAtStart) {
        StringBuilder q = new StringBuilder("connectionId=").append(connectionId).append("&jobType=sync&limit=20");
        if (createdAtStart != null) {
            q.append("&createdAtStart=").append(createdAtStart);
        }
        return q.append("&orderBy=createdAt|DESC").toString();
    }

    /**
     * The earliest startTime a job of ours can show: the intent's exact time (state database's clock) minus
     * AIRBYTE_CLOCK_SKEW_MS. A job listed as created before it was created before the intent, so before the probe it
     * would cover: it is never adopted.
     */
    public Instant earliestStart(String intentAt) {
        Instant at = parse(intentAt);
        if (at == null) {
            throw new IllegalArgumentException("intent time '" + intentAt + "' is not an ISO-8601 time");
        }
        return at.minus(clockSkew);
    }

    /**
     * {@code createdAtStart} of the job list for an intent: {@link #earliestStart} rounded down to the second (the spec
     * declares a date-time; whole seconds, as Airbyte prints job times, so the filter never drops a job that
     * {@link #find} would take; the exact bound is applied here).
     */
    public String createdAtStart(String intentAt) {
        return earliestStart(intentAt).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Route step: what the job list just read says of the tick's change. */
    public void find(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body AirbyteJobList list) {
        tick.setFinding(find(list.jobs(), tick.getIntentAt()));
    }

    /**
     * Route step of reconcile-intent: what the job list says of the intent an earlier tick left. As {@link #find}, but
     * when no job is ours and the intent is still within the listing grace period, the intent is kept
     * ({@link FindingKind#NOT_LISTED_YET}) instead of being given up and posted again.
     */
    public void findForIntent(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body AirbyteJobList list) {
        tick.setFinding(findForIntent(list.jobs(), tick.getIntentAt(), tick.getDecision().intent().ageSeconds()));
    }

    public Finding findForIntent(List<AirbyteJob> jobs, String intentAt, long intentAgeSeconds) {
        Finding finding = find(jobs, intentAt);
        if (finding.kind() != FindingKind.OURS && intentAgeSeconds < listingGraceSeconds) {
            return new Finding(FindingKind.NOT_LISTED_YET, null, null);
        }
        return finding;
    }

    /** AIRBYTE_JOB_LISTING_GRACE_SECONDS, for the log line that says an intent is kept. */
    public long getListingGraceSeconds() {
        return listingGraceSeconds;
    }

    /**
     * The newest sync job whose startTime is at or after {@link #earliestStart} of the intent (compared exactly) is
     * ours (we asked for it, or someone else did after our probe: either way it reads the changes we saw). Otherwise a
     * job still running was started before our change: it must be waited for, then the connection re-evaluated.
     * Otherwise there is none. {@code intentAt} null (no intent): nothing is ours.
     */
    public Finding find(List<AirbyteJob> jobs, String intentAt) {
        Instant from = intentAt == null ? null : earliestStart(intentAt);
        AirbyteJob newestOurs = null;
        AirbyteJob newestRunning = null;
        for (AirbyteJob job : jobs) {
            if (job.jobId() == null || !job.isSync()) {
                continue;
            }
            Instant started = parse(job.startTime());
            if (from != null && started != null && !started.isBefore(from) && newer(job, newestOurs)) {
                newestOurs = job;
            }
            if (!job.status().isFinal() && newer(job, newestRunning)) {
                newestRunning = job;
            }
        }
        if (newestOurs != null) {
            return new Finding(FindingKind.OURS, newestOurs.jobId(), newestOurs.statusText());
        }
        if (newestRunning != null) {
            return new Finding(FindingKind.OTHER_RUNNING, newestRunning.jobId(), newestRunning.statusText());
        }
        return new Finding(FindingKind.NONE, null, null);
    }

    /** Route step: Airbyte answered 409 to POST /jobs; its answer, as sent. */
    public void conflict(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body String answer) {
        tick.setConflict(answer);
    }

    /** Route step: what GET /connections/{id} said during the tick. */
    public void connection(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body AirbyteConnection connection) {
        tick.setConnection(connection);
    }

    /** A 409 with no job running: the connection itself refuses syncs. */
    public void refusedByConnection(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        throw new ConfigurationError("connection block '" + tick.getName() + "': Airbyte connection " + tick.getConnectionId()
                + " is " + tick.getConnection().status() + " and refuses syncs (POST /jobs answered 409: " + tick.getConflict()
                + "). Fix: enable the connection in the Airbyte UI; a breaking schema change disables it until the change is"
                + " reviewed.");
    }

    private static boolean newer(AirbyteJob job, AirbyteJob than) {
        return than == null || job.jobId() > than.jobId();
    }

    /** Airbyte prints startTime as ISO-8601 with an offset or a Z. */
    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim().replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.trim());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
