package io.pgairbytesync.classify;

/**
 * A trigger intent left behind by an earlier tick: it was about to POST /jobs (or did, and timed out or died)
 * for these probed values. {@code at} is the intent's exact time (ISO-8601 UTC, microseconds, the state database's
 * clock): a sync job of the connection created since then (allowing AIRBYTE_CLOCK_SKEW_MS, see
 * {@code act/JobFinder}) read the source after the probe, so it covers the values.
 * {@code ageSeconds} is how long ago the intent was written, by the state database's clock (the one that wrote it).
 */
public record Intent(String at, String reason, String decision, String tableNames, String tablesJson, long ageSeconds) {

    /**
     * The intent of a row with the columns {@code intent_at}, {@code intent_reason}, {@code intent_decision},
     * {@code intent_table_names}, {@code intent_tables} and {@code intent_age} (read-sync-state.sql, after-claim.sql), or
     * null when the row has none.
     */
    public static Intent fromRow(java.util.Map<String, Object> row) {
        if (row == null || row.get("intent_at") == null) {
            return null;
        }
        return new Intent((String) row.get("intent_at"), (String) row.get("intent_reason"), (String) row.get("intent_decision"),
                (String) row.get("intent_table_names"), (String) row.get("intent_tables"),
                row.get("intent_age") instanceof Number n ? n.longValue() : 0L);
    }

    public PendingSync adopt(long jobId, String status) {
        return new PendingSync(jobId, status == null ? "running" : status, reason, decision, tableNames, tablesJson);
    }
}
