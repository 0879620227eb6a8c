package io.pgairbytesync.tick;

import java.util.List;

import io.pgairbytesync.act.JobFinder;
import io.pgairbytesync.airbyte.AirbyteConnection;
import io.pgairbytesync.classify.Decision;
import io.pgairbytesync.classify.PendingSync;
import io.pgairbytesync.classify.SyncState;
import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbeRow;

/**
 * Everything one tick of a connection block knows, in one typed object: the exchange property {@value #PROPERTY} of
 * the routes probe -> classify -> act -> record. Each step adds what it found; at the end the whole tick is the one
 * outcome event the observers (meters, JMX, alerts) receive. Not shared between threads: one tick, one object.
 */
public final class Tick {

    /** The exchange property that carries the tick through the routes. */
    public static final String PROPERTY = "tick";

    private ConnectionBlock block;
    private io.pgairbytesync.cdc.SlotReading slot;

    private String catalogQuery;
    private String fingerprintQuery;
    private List<Integer> fingerprintsAsked = List.of();
    private ProbePlan plan;
    private List<ProbeRow> probe;
    private final long startedNanos = System.nanoTime();
    private long probeNanos = -1;

    private SyncState state;
    private Decision decision;

    private String intentAt;
    private String jobListQuery;
    private JobFinder.Finding finding;
    private PendingSync pending;
    private boolean adopted;
    private String conflict;
    private AirbyteConnection connection;

    private String error;

    private int queuePosition;
    private int slotsTaken;

    private String probeLane;

    private boolean dryRun;
    private Long afterUpstreamJobId;

    public Tick(ConnectionBlock block) {
        this.block = block;
    }

    /**
     * A tick of {@code --plan}: it probes and classifies like any tick but writes nothing (route probe skips
     * mark-watched-tables for it; route plan-connection records nothing and calls no Airbyte).
     */
    public boolean isDryRun() {
        return dryRun;
    }

    void markDryRun() {
        this.dryRun = true;
    }

    // ------------------------------------------------------------------ the block

    public ConnectionBlock getBlock() {
        return block;
    }

    /** The block's routeId: the name in every log line, in JMX, on /status and in sync_state.route_id. */
    public String getName() {
        return block.routeId();
    }

    public String getConnectionId() {
        return block.connectionId();
    }

    // ------------------------------------------------------------------ a CDC block (cdc/CdcSlots)

    /** Whether the block is a CDC block: its replication slot is read each tick (route cdc-slot). */
    public boolean isCdc() {
        return block.isCdc();
    }

    /** A CDC block's replication slot name, as written. */
    public String getSlotName() {
        return block.slot();
    }

    /** A CDC block's publication name, as written. */
    public String getPublicationName() {
        return block.publication();
    }

    /** What this tick read of the CDC block's slot (null: not a CDC block, or not read yet). */
    public io.pgairbytesync.cdc.SlotReading getSlot() {
        return slot;
    }

    public void setSlot(io.pgairbytesync.cdc.SlotReading slot) {
        this.slot = slot;
    }

    /** A CDC block without 'tables' watches its publication's tables of this tick ({@code published}: a tables value). */
    public void usePublishedTables(String published) {
        this.block = block.withTables(published);
    }

    /** The decision replaced by the WAL guard (the slot is read by Airbyte now, or holds back too much WAL). */
    public void decided(Decision guarded) {
        this.decision = guarded;
    }

    /** The bean name of the probe lane (a one-session pool) that runs this block's probe: {@code probeLane3}. */
    public String getProbeLane() {
        return probeLane;
    }

    void setProbeLane(String probeLane) {
        this.probeLane = probeLane;
    }

    // ------------------------------------------------------------------ probe

    /** The JSON parameter of the catalog query (describe-tables): the block's tables, validated. */
    public String getCatalogQuery() {
        return catalogQuery;
    }

    public void setCatalogQuery(String json) {
        this.catalogQuery = json;
    }

    /**
     * The JSON parameter of queries/column-fingerprints.sql: the tables whose column fingerprint this tick reads (the
     * block's first tick, a column signature that moved, a fingerprint an hour old); null when the probe's signatures
     * matched the fingerprints already read, which is every other tick.
     */
    public String getFingerprintQuery() {
        return fingerprintQuery;
    }

    /** The ords of the tables in {@link #getFingerprintQuery()}. */
    public List<Integer> getFingerprintsAsked() {
        return fingerprintsAsked;
    }

    public void setFingerprintQuery(String json, List<Integer> ords) {
        this.fingerprintQuery = json;
        this.fingerprintsAsked = ords;
    }

    /** The probe statement of the block; null until the catalog was read (first tick, or after a failed probe). */
    public ProbePlan getPlan() {
        return plan;
    }

    public void setPlan(ProbePlan plan) {
        this.plan = plan;
    }

    public List<ProbeRow> getProbe() {
        return probe;
    }

    /** The probe answered: one row per planned table. */
    public void probed(List<ProbeRow> rows) {
        this.probe = rows;
        this.probeNanos = System.nanoTime() - startedNanos;
    }

    /**
     * The probed column fingerprint of every table of the block, one {@code schema.table column_hash} per line: what
     * identifies a schema change, so that Airbyte's schema is refreshed once per distinct change
     * (schema-refresh-done.sql, record-schema-refresh.sql).
     */
    public String getColumnHashes() {
        StringBuilder s = new StringBuilder();
        for (ProbeRow row : probe) {
            s.append(plan.tables().get(row.ord()).spec().displayName()).append(' ').append(row.columnHash()).append('\n');
        }
        return s.toString();
    }

    /** Nanoseconds the probe took (the catalog check included), -1 when it did not answer. */
    public long getProbeNanos() {
        return probeNanos;
    }

    /** Nanoseconds since the tick started. */
    public long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    // ------------------------------------------------------------------ classify

    public SyncState getState() {
        return state;
    }

    public Decision getDecision() {
        return decision;
    }

    /** Whether the tick decided to sync (a failure then says what it was about to sync). */
    public boolean isSyncing() {
        return decision != null && decision.reason() != null;
    }

    public void classified(SyncState state, Decision decision) {
        this.state = state;
        this.decision = decision;
    }

    // ------------------------------------------------------------------ act

    /** A block with {@code after}: the upstream job whose success this tick starts a sync for, or null. */
    public Long getAfterUpstreamJobId() {
        return afterUpstreamJobId;
    }

    public void setAfterUpstreamJobId(Long jobId) {
        this.afterUpstreamJobId = jobId;
    }

    /**
     * When the intent for this tick's values was written (ISO-8601 UTC, microseconds, by the state database's clock): a
     * sync job Airbyte lists as created since then (allowing AIRBYTE_CLOCK_SKEW_MS) covers them.
     */
    public String getIntentAt() {
        return intentAt;
    }

    public void setIntentAt(String at) {
        this.intentAt = at;
    }

    /** The query string of the next {@code GET /jobs}. */
    public String getJobListQuery() {
        return jobListQuery;
    }

    public void setJobListQuery(String query) {
        this.jobListQuery = query;
    }

    /** What Airbyte's job list said, after a 409 or for an intent left behind. */
    public JobFinder.Finding getFinding() {
        return finding;
    }

    public void setFinding(JobFinder.Finding finding) {
        this.finding = finding;
    }

    /** The job that covers this tick's values, once it is known (started, found after a 409, or adopted). */
    public PendingSync getPending() {
        return pending;
    }

    public void setPending(PendingSync pending) {
        this.pending = pending;
    }

    /** Whether {@link #getPending()} is a job an earlier tick asked for (its intent was reconciled): no new request. */
    public boolean isAdopted() {
        return adopted;
    }

    public void adopt(PendingSync pending) {
        this.pending = pending;
        this.adopted = true;
    }

    /**
     * The intent an earlier tick left found no job yet, but is younger than the listing grace period: it is kept, and
     * this tick neither posts nor records anything (a job Airbyte lists late is adopted by a later tick).
     */
    public boolean isIntentKept() {
        return finding != null && finding.kind() == JobFinder.FindingKind.NOT_LISTED_YET;
    }

    /** Airbyte's 409 answer to POST /jobs, as it was sent; null when there was none. */
    public String getConflict() {
        return conflict;
    }

    public void setConflict(String body) {
        this.conflict = body;
    }

    /** What GET /connections/{id} said during this tick (schema refresh, 409 without a running sync). */
    public AirbyteConnection getConnection() {
        return connection;
    }

    public void setConnection(AirbyteConnection connection) {
        this.connection = connection;
    }

    /** Airbyte refused the sync because the connection itself is not active (a 409 with no sync running). */
    public boolean isRefusedByConnection() {
        return conflict != null && connection != null && !connection.isActive()
                && finding != null && finding.kind() == JobFinder.FindingKind.NONE;
    }

    /**
     * MAX_CONCURRENT_SYNCS was reached: no intent, no POST /jobs; the connection waits in sync_queue (record-intent.sql)
     * and its sync is started when a slot frees, oldest change first.
     */
    public boolean isQueued() {
        return queuePosition > 0;
    }

    /** The place in line when queued (1 = next), 0 when not. */
    public int getQueuePosition() {
        return queuePosition;
    }

    /** When queued: the slots taken (our jobs not finished and POST /jobs in flight, every instance) at the claim. */
    public int getSlotsTaken() {
        return slotsTaken;
    }

    public void putInQueue(int position, int taken) {
        this.queuePosition = position;
        this.slotsTaken = taken;
    }

    // ------------------------------------------------------------------ failure

    /** The one line that says why the tick failed (sync_state.last_error); null while it has not. */
    public String getError() {
        return error;
    }

    public void failed(String error) {
        this.error = error;
    }

    public boolean hasFailed() {
        return error != null;
    }

    @Override
    public String toString() {
        return "Tick[" + getName() + (decision == null ? "" : " " + decision.kind()) + (isQueued() ? " queued" : "") + (error == null ? "" : " failed") + "]";
    }
}
