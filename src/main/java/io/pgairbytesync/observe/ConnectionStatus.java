package io.pgairbytesync.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Collectors;

import io.pgairbytesync.classify.SyncState;

/**
 * The live status of one connection, fed by its ticks and its job follow-up; no query of its own. Read by JMX
 * (this class is the MBean), by the Prometheus gauges and by the status page.
 */
public class ConnectionStatus implements ConnectionStatusMBean {

    private final String routeId;
    private final String connectionId;
    private final Instant firstSeen = Instant.now();
    private volatile String lastDecision = "none yet";
    private volatile Instant lastDecisionAt;
    private volatile Instant lastProbeAt;
    private volatile String syncedCursors = "";
    private volatile long pendingJobId = -1;
    private volatile Instant pendingSince;
    private volatile Instant lastSuccessAt;
    private volatile Instant unsyncedSince;
    private volatile long lastJobId = -1;
    private volatile String lastJobStatus = "";
    private volatile int consecutiveFailures;
    private volatile String lastError = "";
    private volatile String workspaceId;
    private volatile String airbyteStatus;
    private volatile String schemaPolicy;
    private volatile int queuePosition;
    /** The tables whose max(cursor) the last probe found pinned (PinnedCursor), {@code schema.table} -> the max. */
    private volatile java.util.Map<String, String> pinnedCursors = java.util.Map.of();
    private volatile io.pgairbytesync.cdc.SlotReading slot;

    public ConnectionStatus(String routeId, String connectionId) {
        this.routeId = routeId;
        this.connectionId = connectionId;
    }

    synchronized void observed(SyncState state) {
        syncedCursors = state.tables().values().stream()
                .sorted(Comparator.comparing(SyncState.TableState::schema).thenComparing(SyncState.TableState::table))
                .map(t -> t.schema() + "." + t.table() + "=" + t.syncedCursor())
                .collect(Collectors.joining("; "));
        pendingJobId = state.openJobId() == null ? -1 : state.openJobId();
        pendingSince = state.openJobAgeSeconds() == null ? null : Instant.now().minusSeconds(state.openJobAgeSeconds());
        if (state.lastSuccessMs() != null) {
            Instant t = Instant.ofEpochMilli(state.lastSuccessMs());
            lastSuccessAt = lastSuccessAt == null || t.isAfter(lastSuccessAt) ? t : lastSuccessAt;
        }
    }

    synchronized void probed() {
        lastProbeAt = Instant.now();
    }

    /** What the last probe found pinned ({@code schema.table} -> the max), empty when none. */
    void pinnedCursors(java.util.Map<String, String> pinned) {
        pinnedCursors = java.util.Map.copyOf(pinned);
    }

    /** The pinned max of the table at the last probe, null when it is not pinned. */
    public String pinnedCursor(String schema, String table) {
        return pinnedCursors.get(schema + "." + table);
    }

    synchronized void decided(String decision) {
        if ("unchanged".equals(decision)) {
            unsyncedSince = null;
        } else if (unsyncedSince == null) {
            unsyncedSince = Instant.now(); // a change seen (or a job in flight): not in the destination yet
        }
        lastDecision = decision;
        lastDecisionAt = Instant.now();
        consecutiveFailures = 0;
        queuePosition = 0;
    }

    /** A CDC block's tick read its replication slot. */
    void slotRead(io.pgairbytesync.cdc.SlotReading reading) {
        slot = reading;
    }

    /** What the last tick read of the block's replication slot; null for a block that is not a CDC block. */
    public io.pgairbytesync.cdc.SlotReading slot() {
        return slot;
    }

    @Override
    public String getSlot() {
        io.pgairbytesync.cdc.SlotReading s = slot;
        return s == null ? "" : s.slot();
    }

    @Override
    public long getSlotRetainedBytes() {
        io.pgairbytesync.cdc.SlotReading s = slot;
        return s == null ? -1 : s.retainedBytes();
    }

    @Override
    public String getSlotWalStatus() {
        io.pgairbytesync.cdc.SlotReading s = slot;
        return s == null || s.walStatus() == null ? "" : s.walStatus();
    }

    /** Retained WAL of the slot for the gauge (NaN before the first reading). */
    double slotRetainedBytes() {
        io.pgairbytesync.cdc.SlotReading s = slot;
        return s == null ? Double.NaN : s.retainedBytes();
    }

    /** 1 when the slot's wal_status is {@code status}, else 0 (NaN before the first reading). */
    double slotWalStatusIs(String status) {
        io.pgairbytesync.cdc.SlotReading s = slot;
        return s == null ? Double.NaN : status.equals(s.walStatus()) ? 1 : 0;
    }

    /** MAX_CONCURRENT_SYNCS reached: the change waits in line (after {@link #decided}, which it overrides). */
    synchronized void queued(int position) {
        lastDecision = "queued";
        queuePosition = position;
    }

    /** @return the number of consecutive failed ticks, this one included */
    synchronized int failed(String error) {
        lastDecision = "error";
        lastDecisionAt = Instant.now();
        queuePosition = 0;
        lastError = error == null ? "" : error;
        return ++consecutiveFailures;
    }

    synchronized void jobStarted(long jobId) {
        pendingJobId = jobId;
        pendingSince = Instant.now();
    }

    synchronized void jobSeen(long jobId, String status) {
        lastJobId = jobId;
        lastJobStatus = status;
    }

    synchronized void jobEnded(long jobId, String status) {
        jobSeen(jobId, status);
        if (jobId == pendingJobId) {
            pendingJobId = -1;
            pendingSince = null;
        }
        if ("succeeded".equals(status)) {
            lastSuccessAt = Instant.now();
        }
    }

    synchronized void airbyteConnection(String workspace, String status, String policy) {
        if (workspace != null && !workspace.isBlank()) {
            workspaceId = workspace;
        }
        airbyteStatus = status;
        schemaPolicy = policy;
    }

    /** Seconds since the last successful sync (or, never synced, since this service first saw the connection). */
    public double secondsSinceLastSync() {
        Instant since = lastSuccessAt != null ? lastSuccessAt : firstSeen;
        return Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0); // the DB's clock may be ahead
    }

    /** Seconds since a change was seen that is not synced yet (by this process), 0 when the last tick found none. */
    public double unsyncedChangeAge() {
        Instant since = unsyncedSince;
        return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    /** Age of the job in flight, 0 when none. */
    public double pendingJobAge() {
        Instant since = pendingSince;
        return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    public String routeId() {
        return routeId;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String airbyteStatus() {
        return airbyteStatus;
    }

    public String schemaPolicy() {
        return schemaPolicy;
    }

    public Instant lastProbeAt() {
        return lastProbeAt;
    }

    public Instant lastSuccessAt() {
        return lastSuccessAt;
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
        return pendingSince == null ? -1 : (long) pendingJobAge();
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
    public int getQueuePosition() {
        return queuePosition;
    }

    @Override
    public String getLastError() {
        return lastError;
    }

    @Override
    public long getSecondsSinceLastSync() {
        return (long) secondsSinceLastSync();
    }
}
