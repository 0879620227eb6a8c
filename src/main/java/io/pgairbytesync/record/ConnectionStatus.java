package io.pgairbytesync.record;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The live status of one connection, fed by its ticks and its job follow-up; no query of its own. */
public class ConnectionStatus implements ConnectionStatusMBean {

    private final String connectionId;
    private volatile String lastDecision = "none yet";
    private volatile Instant lastDecisionAt;
    private volatile String syncedCursors = "";
    private volatile long pendingJobId = -1;
    private volatile long pendingJobAgeSeconds = -1;
    private volatile long lastJobId = -1;
    private volatile String lastJobStatus = "";
    private volatile int consecutiveFailures;
    private volatile String lastError = "";

    public ConnectionStatus(String connectionId) {
        this.connectionId = connectionId;
    }

    synchronized void observed(List<Map<String, Object>> stateRows) {
        syncedCursors = stateRows.stream().filter(r -> r.get("table_name") != null)
                .map(r -> r.get("table_schema") + "." + r.get("table_name") + "=" + r.get("last_synced_at"))
                .collect(Collectors.joining("; "));
        Map<String, Object> first = stateRows.isEmpty() ? Map.of() : stateRows.get(0);
        pendingJobId = first.get("open_job_id") instanceof Number n ? n.longValue() : -1;
        pendingJobAgeSeconds = first.get("open_job_age") instanceof Number n ? n.longValue() : -1;
    }

    synchronized void decided(String decision) {
        lastDecision = decision;
        lastDecisionAt = Instant.now();
        consecutiveFailures = 0;
    }

    synchronized void failed(String error) {
        lastDecision = "error";
        lastDecisionAt = Instant.now();
        consecutiveFailures++;
        lastError = error == null ? "" : error;
    }

    synchronized void jobSeen(long jobId, String status) {
        lastJobId = jobId;
        lastJobStatus = status;
    }

    @Override
    public String getConnectionId() {
        return connectionId;
    }

    @Override
    public String getLastDecision() {
        return lastDecision;
    }

    @Override
    public String getLastDecisionAt() {
        return lastDecisionAt == null ? "" : lastDecisionAt.toString();
    }

    @Override
    public String getSyncedCursors() {
        return syncedCursors;
    }

    @Override
    public long getPendingJobId() {
        return pendingJobId;
    }

    @Override
    public long getPendingJobAgeSeconds() {
        return pendingJobAgeSeconds;
    }

    @Override
    public long getLastJobId() {
        return lastJobId;
    }

    @Override
    public String getLastJobStatus() {
        return lastJobStatus;
    }

    @Override
    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    @Override
    public String getLastError() {
        return lastError;
    }
}
