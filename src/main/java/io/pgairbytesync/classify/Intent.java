package io.pgairbytesync.classify;

/**
 * A trigger intent left behind by an earlier tick: it was about to POST /jobs (or did, and timed out or died)
 * for these probed values. {@code since} is the intent's time minus one second of clock skew, as ISO-8601 UTC:
 * any sync job of the connection created since then read the source after the probe, so it covers the values.
 * {@code ageSeconds} is how long ago the intent was written, by the state database's clock (the one that wrote it).
 */
public record Intent(String since, String reason, String decision, String tableNames, String tablesJson, long ageSeconds) {

    public PendingSync adopt(long jobId, String status) {
        return new PendingSync(jobId, status == null ? "running" : status, reason, decision, tableNames, tablesJson);
    }
}
