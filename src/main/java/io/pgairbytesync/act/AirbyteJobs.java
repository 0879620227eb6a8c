package io.pgairbytesync.act;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgairbytesync.probe.ConfigurationError;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Reads Airbyte's job list ({@code GET /jobs?connectionId=..}) to settle what happened to a sync we asked for:
 * after a crash or a timeout (an intent without a job id) and after a 409.
 */
public class AirbyteJobs {

    private static final Set<String> FINISHED = Set.of("succeeded", "failed", "cancelled");

    /** What the job list says for a connection, given the time of our intent. */
    public record Finding(String kind, Long jobId, String status) {
        public static final String OURS = "ours";
        public static final String OTHER_RUNNING = "other-running";
        public static final String NONE = "none";
    }

    /**
     * Query string of the job list: the connection's sync jobs, newest first, only those created since
     * {@code createdAtStart} when given (after a crash), all recent ones otherwise (after a 409).
     */
    public String listQuery(@ExchangeProperty("connectionId") String connectionId,
            @ExchangeProperty("jobListCreatedAtStart") String createdAtStart) {
        StringBuilder q = new StringBuilder("connectionId=").append(connectionId).append("&jobType=sync&limit=20");
        if (createdAtStart != null) {
            q.append("&createdAtStart=").append(createdAtStart);
        }
        return q.append("&orderBy=createdAt|DESC").toString();
    }

    /**
     * The newest sync job created at or after {@code since} is ours (we asked for it, or someone else did after
     * our probe: either way it reads the changes we saw). Otherwise a job still running was started before our
     * change: it must be waited for, then the connection re-evaluated. Otherwise there is none.
     */
    public Finding find(@Body Map<String, Object> list, @ExchangeProperty("intentSince") String since) {
        Instant from = since == null ? null : parse(since);
        Object data = list == null ? null : list.get("data");
        Map<String, Object> newestOurs = null;
        Map<String, Object> newestRunning = null;
        if (data instanceof List<?> jobs) {
            for (Object o : jobs) {
                if (!(o instanceof Map<?, ?> raw)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> job = (Map<String, Object>) raw;
                if (!(job.get("jobId") instanceof Number) || (job.get("jobType") != null && !"sync".equals(job.get("jobType")))) {
                    continue;
                }
                Instant started = parse(String.valueOf(job.get("startTime")));
                if (from != null && started != null && !started.isBefore(from) && newer(job, newestOurs)) {
                    newestOurs = job;
                }
                if (!FINISHED.contains(String.valueOf(job.get("status"))) && newer(job, newestRunning)) {
                    newestRunning = job;
                }
            }
        }
        if (newestOurs != null) {
            return new Finding(Finding.OURS, id(newestOurs), String.valueOf(newestOurs.get("status")));
        }
        if (newestRunning != null) {
            return new Finding(Finding.OTHER_RUNNING, id(newestRunning), String.valueOf(newestRunning.get("status")));
        }
        return new Finding(Finding.NONE, null, null);
    }

    /**
     * Airbyte has reported launch failures as success with nothing synced (airbytehq/airbyte#85355): a job started
     * for a data change that "succeeded" with 0 rows and 0 bytes is suspicious.
     */
    public boolean isSuspicious(@ExchangeProperty("jobStatus") String status, @ExchangeProperty("jobReason") String reason,
            @ExchangeProperty("rowsSynced") Object rows, @ExchangeProperty("bytesSynced") Object bytes) {
        return "succeeded".equals(status) && "data".equals(reason) && rows instanceof Number r && r.longValue() == 0
                && bytes instanceof Number b && b.longValue() == 0;
    }

    /** A 409 with no job running: the connection itself refuses syncs. */
    public void refusedByConnection(@ExchangeProperty("routeId") String routeId,
            @ExchangeProperty("connectionId") String connectionId, @ExchangeProperty("connectionStatus") String status,
            @ExchangeProperty("airbyteConflictDetail") String detail) {
        throw new ConfigurationError("connection block '" + routeId + "': Airbyte connection " + connectionId + " is " + status
                + " and refuses syncs (POST /jobs answered 409: " + detail + "). Fix: enable the connection in the Airbyte UI;"
                + " a breaking schema change disables it until the change is reviewed.");
    }

    private static boolean newer(Map<String, Object> job, Map<String, Object> than) {
        return than == null || id(job) > id(than);
    }

    private static long id(Map<String, Object> job) {
        return ((Number) job.get("jobId")).longValue();
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
