package io.pgairbytesync.classify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the state database knows of one connection when its tick classifies (queries/read-sync-state.sql): per table
 * what was last synced, the connection's open job, and a trigger intent an earlier tick left behind.
 *
 * @param tables          by {@link #key(String, String) schema and table}; empty before the first job was recorded
 * @param openJobId       the newest unfinished job of the connection (ours, or one we wait for), or null
 * @param openJobAgeSeconds age of the oldest unfinished job, or null
 * @param intent          the intent an earlier tick left behind, or null
 * @param lastSuccessMs   the newest successful sync of any table (epoch ms), or null
 * @param lastDecision    the decision the last tick recorded ({@code error} when it failed), or null
 */
public record SyncState(Map<String, TableState> tables, Long openJobId, Long openJobAgeSeconds, Intent intent,
        Long lastSuccessMs, String lastDecision) {

    /** One table's row of sync_state ({@code cursorColumn} '' for a table without a cursor, TableSpec.NO_CURSOR). */
    public record TableState(String schema, String table, String cursorColumn, String syncedCursor, String columnHash,
            String columnList, boolean synced, Long syncedWriteCount) {
    }

    public TableState table(String schema, String table) {
        return tables.get(key(schema, table));
    }

    static String key(String schema, String table) {
        return schema + "\0" + table;
    }

    /** From the rows of read-sync-state.sql: always at least one, each carrying the connection's open job and intent. */
    public static SyncState from(List<Map<String, Object>> rows) {
        Map<String, TableState> tables = new HashMap<>();
        Long openJob = null;
        Long openAge = null;
        Intent intent = null;
        Long lastSuccess = null;
        String lastDecision = null;
        for (Map<String, Object> row : rows) {
            if (row.get("open_job_id") instanceof Number n) {
                openJob = n.longValue();
            }
            if (row.get("open_job_age") instanceof Number n) {
                openAge = n.longValue();
            }
            if (intent == null) {
                intent = Intent.fromRow(row);
            }
            if (row.get("last_success_ms") instanceof Number n && (lastSuccess == null || n.longValue() > lastSuccess)) {
                lastSuccess = n.longValue();
            }
            if (lastDecision == null && row.get("last_decision") != null) {
                lastDecision = (String) row.get("last_decision");
            }
            if (row.get("table_name") != null) {
                String schema = String.valueOf(row.get("table_schema"));
                String table = String.valueOf(row.get("table_name"));
                tables.put(key(schema, table), new TableState(schema, table, (String) row.get("cursor_column"),
                        (String) row.get("synced_cursor"), (String) row.get("column_hash"), (String) row.get("column_list"),
                        Boolean.TRUE.equals(row.get("synced")),
                        row.get("synced_write_count") instanceof Number n ? n.longValue() : null));
            }
        }
        return new SyncState(Map.copyOf(tables), openJob, openAge, intent, lastSuccess, lastDecision);
    }
}
